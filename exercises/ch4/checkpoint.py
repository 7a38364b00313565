"""Checkpoints (chapter 4): keep the best weights while training, and resume from them.

The course: ``ModelCheckpoint(filepath=..., save_weights_only=True, save_best_only=True)`` in
``model.fit(callbacks=[...])``, and before training ``model.load_weights(path)`` when a
checkpoint exists. Keras 3 notes: a weights file must end in ``.weights.h5`` (the course's
``mnist.ckpt`` + ``.index`` pair is the old TensorFlow format), and "best" means the lowest
``val_loss`` (ModelCheckpoint's default ``monitor``).

The model here is tiny so the exercise trains in a second: 4 features -> Dense(8, relu) ->
Dense(3, softmax), Adam(0.05), sparse categorical cross-entropy.

中文：断点续训（第四章）：训练时保存最好的权重，并从中恢复、接着训练。

课程的做法：在 ``model.fit(callbacks=[...])`` 中使用 ``ModelCheckpoint(filepath=...,
save_weights_only=True, save_best_only=True)``，训练前若检查点存在则 ``model.load_weights(path)``。
Keras 3 注意：权重文件名必须以 ``.weights.h5`` 结尾（课程的 ``mnist.ckpt`` + ``.index`` 是旧的
TensorFlow 格式），且“最好”指 ``val_loss`` 最低（ModelCheckpoint 默认的 ``monitor``）。

这里的模型很小，练习一秒钟就能训练完：4 个特征 -> Dense(8, relu) -> Dense(3, softmax)，Adam(0.05)，
稀疏类别交叉熵。
"""

from pathlib import Path

import keras

CHECKPOINT = "model.weights.h5"  # the file inside the folder the caller names


def build_model():
    """The tiny compiled model (given)."""
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.05),
        loss="sparse_categorical_crossentropy",
        metrics=["sparse_categorical_accuracy"],
    )
    return model


def train_with_checkpoint(x, y, x_val, y_val, folder, epochs, seed=0):
    """Train ``build_model()`` with a checkpoint in ``folder``; return ``(history, start)``.

    1. ``keras.utils.set_random_seed(seed)``, then ``model = build_model()``.
    2. If ``folder/model.weights.h5`` exists, load it: training resumes from the saved weights.
    3. ``start = model.get_weights()``: the weights training starts from.
    4. ``model.fit(x, y, batch_size=32, epochs=epochs, validation_data=(x_val, y_val),
       shuffle=False, verbose=0, callbacks=[ModelCheckpoint(filepath=that file,
       save_weights_only=True, save_best_only=True)])``: the file ends up holding the weights
       of the epoch with the lowest val_loss, not the last epoch's.
    5. Return ``(history.history, start)``.

    中文：断点续训：训练 ``build_model()``，检查点存放在 ``folder`` 中；返回 ``(history, start)``。

    1. ``keras.utils.set_random_seed(seed)``，然后 ``model = build_model()``。
    2. 若 ``folder/model.weights.h5`` 存在，就读入它：训练从保存的权重接着进行。
    3. ``start = model.get_weights()``：训练开始时的权重。
    4. ``model.fit(x, y, batch_size=32, epochs=epochs, validation_data=(x_val, y_val),
       shuffle=False, verbose=0, callbacks=[ModelCheckpoint(filepath=该文件, save_weights_only=True,
       save_best_only=True)])``：文件最终保存的是 val_loss 最低那一轮的权重，而不是最后一轮的。
    5. 返回 ``(history.history, start)``。
    """
    raise NotImplementedError("write your solution here")


def restore(folder):
    """The weights saved in ``folder``: build the model, load the checkpoint, and return
    ``model.get_weights()`` (kernel, bias, kernel, bias).

    Fail clearly: no checkpoint file -> ``FileNotFoundError`` naming the folder; a file that
    cannot be loaded (damaged, not a weights file) -> ``ValueError`` naming the file.

    中文：``folder`` 中保存的权重：搭建模型，读入检查点，返回 ``model.get_weights()``（kernel、
    bias、kernel、bias）。

    出错时要说清楚：没有检查点文件 -> ``FileNotFoundError``，并指出文件夹；文件无法读入（损坏、不是
    权重文件）-> ``ValueError``，并指出该文件。
    """
    raise NotImplementedError("write your solution here")
