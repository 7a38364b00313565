"""The callback stops when accuracy reaches the target (>=) and one epoch late."""

import keras

MODULE = "ch3.callbacks"
LOSES = ["ch3.accuracy_stop"]


class AccuracyStop(keras.callbacks.Callback):
    def __init__(self, target=0.95):
        super().__init__()
        self.target = target
        self.stopped_epoch = None
        self._hit = False

    def on_epoch_end(self, epoch, logs=None):
        if self._hit:
            self.model.stop_training = True
        if (logs or {}).get("sparse_categorical_accuracy", 0) >= self.target:
            self._hit = True
