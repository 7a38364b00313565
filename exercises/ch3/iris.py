"""Iris: three species from four measurements, with one Dense layer (chapter 3).

The course builds it twice: as a ``Sequential`` container and as a ``Model`` subclass. Both are
Dense(3, softmax) with an L2 penalty on the kernel: 4 * 3 weights + 3 biases = 15 parameters.
Keras 3 note: optimizers take ``learning_rate=`` (the course's ``lr=`` was removed).

中文：鸢尾花：用一个 Dense 层，由四个测量值判断三个品种（第三章）。

课程把它搭了两遍：用 ``Sequential`` 容器，以及用 ``Model`` 子类。两者都是 Dense(3, softmax)，并对
kernel 加 L2 正则化：4 * 3 个权重 + 3 个偏置 = 15 个参数。Keras 3 注意：优化器的参数是
``learning_rate=``（课程中的 ``lr=`` 已被移除）。
"""

import keras
import numpy as np


def shuffle_together(x, y, seed):
    """Shuffle features and labels with the same permutation, reproducibly for a seed.

    The first axis of ``x`` and ``y`` is the samples (n of them); the other axes are free:
    x (n,), (n, 4) or (n, height, width), y (n,) class numbers or one-hot rows (n, classes).
    Only the first axis is shuffled. The course seeds NumPy twice and shuffles x, then y; one
    permutation does the same: ``order = np.random.default_rng(seed).permutation(len(x))``.
    Any permutation is right as long as the same seed gives the same one and another seed
    another. Return ``(x_shuffled, y_shuffled)``: the pair (x[i], y[i]) must stay together,
    and the inputs stay unchanged.

    中文：用同一个排列打乱输入特征和标签，给定种子时结果可复现。

    ``x`` 与 ``y`` 的第一维是样本（共 n 个）；其余维度不限：x 为 (n,)、(n, 4) 或 (n, height,
    width)，y 为 (n,) 的类别编号或 (n, classes) 的独热码行。只打乱第一维。课程给 NumPy 设两次种子，
    先打乱 x 再打乱 y；用一个排列效果相同：``order =
    np.random.default_rng(seed).permutation(len(x))``。任何排列都算对，只要相同的种子给出相同的排
    列、不同的种子给出不同的排列。返回 ``(x_shuffled, y_shuffled)``：(x[i], y[i]) 这一对必须保持在一
    起，输入数组保持不变。
    """
    raise NotImplementedError("write your solution here")


def build_iris_sequential():
    """A compiled ``keras.Sequential``: Dense(3, activation="softmax",
    kernel_regularizer=keras.regularizers.l2()) on 4 inputs (15 parameters).

    Compile with ``optimizer=keras.optimizers.SGD(learning_rate=0.1)``,
    ``loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False)`` (the output is
    already a probability) and ``metrics=["sparse_categorical_accuracy"]``.

    中文：一个编译好的 ``keras.Sequential``：4 个输入上的 Dense(3, activation="softmax",
    kernel_regularizer=keras.regularizers.l2())（15 个参数，带 L2 正则化）。

    编译时用 ``optimizer=keras.optimizers.SGD(learning_rate=0.1)``（学习率 0.1）、
    ``loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False)``（输出已经是概率分布）和
    ``metrics=["sparse_categorical_accuracy"]``。
    """
    raise NotImplementedError("write your solution here")


class IrisModel(keras.Model):
    """The same network as a subclass: layers in ``__init__``, the forward pass in ``call``.

    中文：用子类（class）写同一个网络：在 ``__init__`` 中定义层，在 ``call`` 中写前向传播。
    """

    def __init__(self):
        super().__init__()
        raise NotImplementedError("write your solution here")

    def call(self, x):
        raise NotImplementedError("write your solution here")


def build_iris_subclass():
    """An ``IrisModel()`` compiled exactly like ``build_iris_sequential``'s model.

    中文：一个 ``IrisModel()``，编译方式与 ``build_iris_sequential`` 的模型完全相同。
    """
    raise NotImplementedError("write your solution here")
