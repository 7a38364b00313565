"""Handwritten digits with a two-layer perceptron: the six steps on MNIST (chapter 3)."""

import keras
import numpy as np


def normalize(x):
    """Scale uint8 pixels 0..255 to floats in [0, 1]: x / 255, element-wise.

    ``x`` may have any shape (one image, a batch of images) and keeps it. Return floats:
    float32 is what Keras uses (float64 is accepted too). Unscaled inputs make the first steps
    huge and training erratic.

    中文：把 0..255 的 uint8 像素缩放为 [0, 1] 内的浮点数：逐元素计算 x / 255（归一化）。

    ``x`` 的形状不限（一张图片、一批图片），并保持不变。返回浮点数：Keras 用 float32（float64 也接
    受）。不缩放的输入会让最初几步的更新过大、训练不稳定。
    """
    raise NotImplementedError("write your solution here")


def build_mnist_mlp():
    """A compiled model: Flatten (28x28 -> 784) -> Dense(128, relu) -> Dense(10, softmax).

    784 * 128 + 128 + 128 * 10 + 10 = 101,770 parameters. Compile with
    ``optimizer="adam"``, ``loss=keras.losses.SparseCategoricalCrossentropy(from_logits=...)``
    and ``metrics=["sparse_categorical_accuracy"]``. ``from_logits`` must agree with the last
    layer: False when it ends in softmax (its outputs are probabilities), True when it outputs
    raw scores. The grader trains it with its own fixed optimizer, so every student gets the
    same recipe.

    中文：一个编译好的模型：Flatten（拉直层，28x28 -> 784）-> Dense(128, relu) ->
    Dense(10, softmax)。

    784 * 128 + 128 + 128 * 10 + 10 = 101,770 个参数。编译时用 ``optimizer="adam"``、
    ``loss=keras.losses.SparseCategoricalCrossentropy(from_logits=...)`` 和
    ``metrics=["sparse_categorical_accuracy"]``。``from_logits`` 必须与最后一层一致：以 softmax 结尾
    （输出为概率分布）时为 False，输出原始得分时为 True。评分程序用它自己固定的优化器训练，因此每个
    学生用的是同一套配置。
    """
    raise NotImplementedError("write your solution here")
