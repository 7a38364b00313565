"""The building blocks of chapter 5's networks, as Keras models that can be used as layers.

Every block maps a batch of NHWC feature maps to feature maps. Where a block needs to know its
input's channels up front (to be a functional model), it takes ``in_channels``; height and
width stay free, so the same block works on any image size. A keras.Model subclass written
as the course writes its blocks (layers in __init__, the wiring in call) is as good; it may
ignore in_channels and learn the depth from its first input.
"""

import keras
from keras import layers


def cbapd_block(filters, kernel_size=5, dropout=0.2):
    """The course's feature extractor, C-B-A-P-D, as a Sequential:

    Conv2D(filters, kernel_size, padding "same") -> BatchNormalization -> Activation("relu")
    -> MaxPool2D(pool_size 2, strides 2, padding "same") -> Dropout(dropout).

    On a (N, 32, 32, 3) batch, cbapd_block(6) gives (N, 16, 16, 6) and has
    5*5*3*6 + 6 = 456 convolution and 4*6 = 24 batch-norm parameters (the course's
    Baseline). The input's channels are taken from the first batch it sees.

    中文：课程的特征提取器 CBAPD（卷积、批标准化、激活、池化、舍弃），写成一个 Sequential（结构见
    上；padding "same" 即全零填充）。

    在 (N, 32, 32, 3) 的一批数据上，cbapd_block(6) 得到 (N, 16, 16, 6)，有 5*5*3*6 + 6 = 456 个卷积
    参数和 4*6 = 24 个批标准化参数（课程的 Baseline）。输入的通道数取自它看到的第一批数据。
    """
    raise NotImplementedError("write your solution here")


def conv_bn_relu(filters, kernel_size=3, strides=1):
    """The course's ConvBNRelu: Conv2D(filters, kernel_size, strides, padding "same") ->
    BatchNormalization -> Activation("relu"), as a Sequential.

    (The course calls its inner model with training=False always; in Keras 3 let the block
    follow the training flag it is called with, as every Keras layer does.)

    中文：课程的 ConvBNRelu：Conv2D(filters, kernel_size, strides, padding "same") ->
    BatchNormalization -> Activation("relu")，写成一个 Sequential。

    （课程调用内部模型时总是用 training=False；在 Keras 3 中，应让结构块跟随调用它时的 training 标
    志，就像所有 Keras 层那样。）
    """
    raise NotImplementedError("write your solution here")


def inception_block(in_channels, ch, strides=1):
    """The course's Inception block as a functional model on (None, None, in_channels):
    four branches, each ending in ch channels, concatenated on the channel axis (4 * ch).

    1. conv_bn_relu(ch, 1, strides)
    2. conv_bn_relu(ch, 1, strides) -> conv_bn_relu(ch, 3)
    3. conv_bn_relu(ch, 1, strides) -> conv_bn_relu(ch, 5)
    4. MaxPool2D(3, strides 1, padding "same") -> conv_bn_relu(ch, 1, strides)

    (N, H, W, in_channels) -> (N, ceil(H / strides), ceil(W / strides), 4 * ch).

    中文：课程的 Inception 结构块，写成输入为 (None, None, in_channels) 的函数式模型：四个分支，各以
    ch 个通道结束，沿通道轴（深度方向）拼接（4 * ch）。（四个分支见上。）

    (N, H, W, in_channels) -> (N, ceil(H / strides), ceil(W / strides), 4 * ch)。
    """
    raise NotImplementedError("write your solution here")


def resnet_block(in_channels, filters, strides=1, residual_path=False):
    """The course's ResNet basic block as a functional model on (None, None, in_channels):

    F(x) = BN(Conv3x3(filters, strides)) -> relu -> BN(Conv3x3(filters, 1)), both convs
           padding "same" and use_bias=False;
    shortcut = x (identity), or with residual_path BN(Conv1x1(filters, strides, no bias))
           to match F(x)'s size and depth (needed whenever strides is 2 or the channels
           change);
    output = relu(F(x) + shortcut): the sum first, then the ReLU.

    (N, H, W, in_channels) -> (N, ceil(H / strides), ceil(W / strides), filters).

    中文：课程的 ResNet 基本块，写成输入为 (None, None, in_channels) 的函数式模型（结构见上）：F(x)
    的两个卷积都用全零填充（padding "same"）、use_bias=False；shortcut 为 x 本身（恒等），或在
    residual_path 时用 BN(Conv1x1(filters, strides, 无偏置)) 使其尺寸和深度与 F(x) 一致（strides 为
    2 或通道数改变时都需要）；输出为 relu(F(x) + shortcut)：先相加，再 ReLU。

    (N, H, W, in_channels) -> (N, ceil(H / strides), ceil(W / strides), filters)。
    """
    raise NotImplementedError("write your solution here")
