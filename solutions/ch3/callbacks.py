"""A callback that stops training once the accuracy is good enough (chapter 3)."""

import keras


class AccuracyStop(keras.callbacks.Callback):
    """Stop training at the end of the first epoch whose training accuracy exceeds ``target``.

    Keras calls ``on_epoch_end(epoch, logs)`` after every epoch; ``logs`` holds the metrics by
    name, here ``logs["sparse_categorical_accuracy"]`` (or ``logs["accuracy"]`` when the model
    was compiled with ``metrics=["accuracy"]``). Set ``self.model.stop_training = True`` to stop,
    and remember the epoch (0-based) in ``self.stopped_epoch``.

    中文：在训练准确率第一次超过 ``target`` 的那一轮结束时停止训练。

    Keras 在每一轮结束后调用 ``on_epoch_end(epoch, logs)``；``logs`` 按名字存放各项指标，这里是
    ``logs["sparse_categorical_accuracy"]``（模型用 ``metrics=["accuracy"]`` 编译时为
    ``logs["accuracy"]``）。设置 ``self.model.stop_training = True`` 即可停止，并把该轮的序号（从 0
    开始）记在 ``self.stopped_epoch`` 中。
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
