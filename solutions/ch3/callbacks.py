"""A callback that stops training once the accuracy is good enough (chapter 3)."""

import keras


class AccuracyStop(keras.callbacks.Callback):
    """Stop training at the end of the first epoch whose training accuracy exceeds ``target``.

    Keras calls ``on_epoch_end(epoch, logs)`` after every epoch; ``logs`` holds the metrics by
    name, here ``logs["sparse_categorical_accuracy"]`` (or ``logs["accuracy"]`` when the model
    was compiled with ``metrics=["accuracy"]``). Set ``self.model.stop_training = True`` to stop,
    and remember the epoch (0-based) in ``self.stopped_epoch``.
    """

    def __init__(self, target=0.95):
        super().__init__()
        self.target = target
        self.stopped_epoch = None

    def on_epoch_end(self, epoch, logs=None):
        # BEGIN SOLUTION
        logs = logs or {}
        accuracy = logs.get("sparse_categorical_accuracy", logs.get("accuracy"))
        if accuracy is not None and accuracy > self.target:
            self.stopped_epoch = epoch
            self.model.stop_training = True
        # END SOLUTION
