"""Chapter 5 trained for real: LeNet5 on digits, the course's Baseline and a small ResNet on
CIFAR-10, each graded by its test accuracy after the grader's own training recipe.

The grader calls ``to_conv_input`` on the images, builds your model with the builder (no
arguments), checks its size, trains it with its fixed optimizer, epochs and batch size (your
compile settings give the loss), then measures the test accuracy itself. Every builder returns
a compiled model ending in Dense(10, softmax): optimizer "adam",
SparseCategoricalCrossentropy(from_logits=False), metrics ["sparse_categorical_accuracy"].
Parameter counts are model.count_params() totals (batch norm's moving statistics included).
"""

import keras
import numpy as np
from keras import layers

from .blocks import resnet_block


def to_conv_input(x):
    """Images as a convolution expects them: float32 pixels scaled to [0, 1] (x / 255),
    with a channel axis last. Grey images (N, H, W) become (N, H, W, 1); colour images
    (N, H, W, C) keep their shape. The caller's array is not changed.

    MNIST's (N, 28, 28) gives (N, 28, 28, 1); CIFAR-10's (N, 32, 32, 3) keeps its shape.

    中文：把图片变成卷积所需的样子：缩放到 [0, 1] 的 float32 像素（x / 255），通道轴在最后。灰度图
    (N, H, W) 变为 (N, H, W, 1)；彩色图 (N, H, W, C) 形状不变。调用者的数组不被改动。

    MNIST 的 (N, 28, 28) 得到 (N, 28, 28, 1)；CIFAR-10 的 (N, 32, 32, 3) 形状不变。
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float32) / 255.0
    return x[..., np.newaxis] if x.ndim == 3 else x  # (N, H, W) -> (N, H, W, 1)
    # END SOLUTION


def _compiled(model):
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=False)
    model.compile(optimizer="adam", loss=loss, metrics=["sparse_categorical_accuracy"])
    return model


def build_mnist_lenet5():
    """The course's LeNet5 (build_lenet5) on 28x28 grey digits, input keras.Input((28, 28, 1)).

    The course's LeNet5 is written for 32x32x3 CIFAR images; this is the same stack, a separate
    builder for the digits (their input shape differs, so the sizes after each layer differ):
    C(6 5x5 valid, sigmoid) -> (24, 24, 6); P(max 2x2 /2) -> (12, 12, 6);
    C(16 5x5 valid, sigmoid) -> (8, 8, 16); P(max 2x2 /2) -> (4, 4, 16); Flatten -> 256;
    Dense(120, sigmoid) -> Dense(84, sigmoid) -> Dense(10, softmax).
    Parameters: 156 + 2,416 + 30,840 + 10,164 + 850 = 44,426.

    中文：用于 28x28 灰度数字图片的课程 LeNet5（build_lenet5），输入为 keras.Input((28, 28, 1))。

    课程的 LeNet5 是为 32x32x3 的 CIFAR 图片写的；这里是同样的一叠层，为数字图片另写一个构建函数（输
    入形状不同，所以每层之后的尺寸也不同；各层尺寸和参数个数见上）。
    """
    # BEGIN SOLUTION
    return _compiled(
        keras.Sequential(
            [
                keras.Input((28, 28, 1)),
                layers.Conv2D(6, 5, activation="sigmoid"),  # (24, 24, 6)
                layers.MaxPool2D(2, strides=2),  # (12, 12, 6)
                layers.Conv2D(16, 5, activation="sigmoid"),  # (8, 8, 16)
                layers.MaxPool2D(2, strides=2),  # (4, 4, 16)
                layers.Flatten(),  # (256,)
                layers.Dense(120, activation="sigmoid"),
                layers.Dense(84, activation="sigmoid"),
                layers.Dense(10, activation="softmax"),
            ]
        )
    )
    # END SOLUTION


def build_baseline():
    """The course's Baseline for CIFAR-10 (32x32x3), its C-B-A-P-D feature extractor and
    two dense layers:

    Conv2D(6, 5x5, padding "same") -> BatchNormalization -> Activation("relu")
    -> MaxPool2D(2x2, strides 2, padding "same") -> Dropout(0.2) -> Flatten
    -> Dense(128, relu) -> Dropout(0.2) -> Dense(10, softmax).

    (32, 32, 3) -> (16, 16, 6) -> 1,536 features. Parameters: 456 + 24 + 196,736 + 1,290 =
    198,506 (12 of them batch norm's moving statistics). Your cbapd_block(6) is the first five
    layers; the course's subclassed Baseline(Model) is as good.

    中文：课程用于 CIFAR-10（32x32x3）的 Baseline：CBAPD 特征提取器加两个全连接层（结构见上）。

    (32, 32, 3) -> (16, 16, 6) -> 1,536 个特征。参数：456 + 24 + 196,736 + 1,290 = 198,506（其中
    12 个是批标准化的滑动统计量）。你的 cbapd_block(6) 就是前五层；课程中用子类写的
    Baseline(Model) 也同样可以。
    """
    # BEGIN SOLUTION
    return _compiled(
        keras.Sequential(
            [
                keras.Input((32, 32, 3)),
                layers.Conv2D(6, 5, padding="same"),  # (32, 32, 6)
                layers.BatchNormalization(),
                layers.Activation("relu"),
                layers.MaxPool2D(2, strides=2, padding="same"),  # (16, 16, 6)
                layers.Dropout(0.2),
                layers.Flatten(),  # (1536,)
                layers.Dense(128, activation="relu"),
                layers.Dropout(0.2),
                layers.Dense(10, activation="softmax"),
            ]
        )
    )
    # END SOLUTION


def build_small_resnet():
    """A small ResNet for CIFAR-10 made of your resnet_block (from blocks.py), sized so that
    a 2-core laptop trains it on the full training set in a couple of minutes:

    keras.Input((32, 32, 3)) -> Conv2D(16, 3x3, padding "same", use_bias=False)
    -> BatchNormalization -> Activation("relu") -> MaxPool2D(2x2, strides 2) -> (16, 16, 16);
    resnet_block(16, 16) -> (16, 16, 16);
    resnet_block(16, 32, strides=2, residual_path=True) -> (8, 8, 32);
    resnet_block(32, 64, strides=2, residual_path=True) -> (4, 4, 64);
    GlobalAveragePooling2D -> Dense(10, softmax).

    Parameters: 496 (stem) + 4,736 + 14,720 + 58,112 (blocks) + 650 = 78,714.

    中文：用你的 resnet_block（来自 blocks.py）搭成的、用于 CIFAR-10 的小型 ResNet，规模以 2 核笔记
    本电脑能在几分钟内用完整训练集训练完为准（结构见上）。

    参数：496（起始层）+ 4,736 + 14,720 + 58,112（各残差块）+ 650 = 78,714。
    """
    # BEGIN SOLUTION
    return _compiled(
        keras.Sequential(
            [
                keras.Input((32, 32, 3)),
                layers.Conv2D(16, 3, padding="same", use_bias=False),  # (32, 32, 16)
                layers.BatchNormalization(),
                layers.Activation("relu"),
                layers.MaxPool2D(2, strides=2),  # (16, 16, 16)
                resnet_block(16, 16),  # (16, 16, 16)
                resnet_block(16, 32, strides=2, residual_path=True),  # (8, 8, 32)
                resnet_block(32, 64, strides=2, residual_path=True),  # (4, 4, 64)
                layers.GlobalAveragePooling2D(),  # (64,)
                layers.Dense(10, activation="softmax"),
            ]
        )
    )
    # END SOLUTION
