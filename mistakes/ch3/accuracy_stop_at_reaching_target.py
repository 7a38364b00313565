"""Stops when the accuracy reaches the target (>=) instead of exceeding it (>)."""

import keras

MODULE = "ch3.callbacks"
LOSES = ["ch3.accuracy_stop"]


class AccuracyStop(keras.callbacks.Callback):
    def __init__(self, target=0.95):
        super().__init__()
        self.target = target
        self.stopped_epoch = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        accuracy = logs.get("sparse_categorical_accuracy", logs.get("accuracy"))
        if accuracy is not None and accuracy >= self.target:
            self.stopped_epoch = epoch
            self.model.stop_training = True
