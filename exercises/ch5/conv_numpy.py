"""Convolution, pooling and batch normalisation forward passes in NumPy (chapter 5).

Feature maps are NHWC, as in Keras: x has shape (batch, height, width, channels). A kernel has
shape (kh, kw, in_channels, filters), the layout of Conv2D's kernel weight. Functions accept
float32 or float64 arrays and never modify their arguments.
"""

import math

import numpy as np


def same_padding(n, k, stride):
    """Zeros (before, after) that "same" padding adds along a side of n pixels, as TensorFlow
    pads: the output has ceil(n / stride) pixels, the total padding is
    max((out - 1) * stride + k - n, 0), and an odd total puts the extra zero after (bottom or
    right). Examples: n=5, k=3, stride=1 -> (1, 1); n=4, k=4, stride=1 -> (1, 2); n=5, k=3,
    stride=2 -> (1, 1); n=6, k=1, stride=2 -> (0, 0).

    中文："same" 填充时在 n 个像素的一边补多少个零（前, 后），与 TensorFlow 的填充方式相同：输出有
    ceil(n / stride) 个像素，补零总数为 max((out - 1) * stride + k - n, 0)，总数为奇数时多出的一个零
    补在后面（下边或右边）。示例：n=5、k=3、stride=1 -> (1, 1)；n=4、k=4、stride=1 -> (1, 2)；n=5、
    k=3、stride=2 -> (1, 1)；n=6、k=1、stride=2 -> (0, 0)。
    """
    raise NotImplementedError("write your solution here")


def conv2d(x, w, b=None, stride=1, padding="valid"):
    """A convolution layer's output, without activation: out[n, i, j, f] =
    sum_{di, dj, c} xp[n, i*sh + di, j*sw + dj, c] * w[di, dj, c, f] + b[f],
    where xp is x padded with zeros ("same", see same_padding) or not at all ("valid").

    Like tf.nn.conv2d (and every deep-learning "convolution") this is a cross-correlation:
    the kernel is NOT flipped. ``stride`` is an int or a pair (sh, sw); ``b`` (shape
    (filters,)) may be None for no bias; ``padding`` "same" or "valid" in either case.
    Output shape (batch, out_h, out_w, filters) with the sizes of conv_output_size.

    中文：卷积层的输出，不含激活函数（公式见上），其中 xp 是全零填充后的 x（"same"，见
    same_padding），或不填充（"valid"）。

    与 tf.nn.conv2d（以及深度学习中所有的“卷积”）一样，这实际上是互相关：卷积核*不*翻转。``stride``
    为整数或一对 (sh, sw)；``b``（形状 (filters,)）可以为 None，表示无偏置；``padding`` 为 "same" 或
    "valid"，大小写皆可。输出形状为 (batch, out_h, out_w, filters)，尺寸同 conv_output_size。
    """
    raise NotImplementedError("write your solution here")


def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    """Max pooling over each channel separately: every pool_size x pool_size window of the
    height and width gives its largest value; channels are never mixed.

    ``stride`` defaults to pool_size. With padding "same" the input is padded as in
    same_padding, and padded cells never win (as if they held -inf), as tf.nn.max_pool2d does.
    pool_size and stride are ints (square windows).

    中文：最大池化，每个通道分别进行：高和宽上每个 pool_size x pool_size 的窗口输出其中的最大值；通
    道之间绝不混合。

    ``stride`` 默认为 pool_size。padding 为 "same" 时按 same_padding 填充，填充的格子永远不会胜出（
    相当于其值为 -inf），与 tf.nn.max_pool2d 相同。pool_size 与 stride 都是整数（正方形窗口）。
    """
    raise NotImplementedError("write your solution here")


def avg_pool2d(x, pool_size=2, stride=None, padding="valid"):
    """Average pooling over each channel separately: the mean of every pool_size x pool_size
    window of the height and width.

    ``stride`` defaults to pool_size. With padding "same", padded cells are left out of the
    mean (a corner window that holds 2 real pixels is their average), as tf.nn.avg_pool2d
    does; they are not zeros that count.

    中文：均值池化，每个通道分别进行：高和宽上每个 pool_size x pool_size 窗口的平均值。

    ``stride`` 默认为 pool_size。padding 为 "same" 时，填充的格子不计入平均（角上只含 2 个真实像素的
    窗口取这 2 个的平均），与 tf.nn.avg_pool2d 相同；它们不是参与计数的零。
    """
    raise NotImplementedError("write your solution here")


def batch_norm(x, gamma, beta, epsilon=1e-3):
    """Batch normalisation in training mode, one mean and variance per channel (the last axis):

        mu_k = mean of channel k over every other axis (N, H, W; or N alone for (N, C))
        var_k = mean of (x - mu_k)^2 over the same axes
        y = gamma_k * (x - mu_k) / sqrt(var_k + epsilon) + beta_k

    var_k is the biased variance, divided by m (the number of values averaged) as the course's
    formula and Keras do, not by m - 1. The input x may be (N, H, W, C) or (N, C), of any
    sizes; gamma and beta are (C,); the result has x's shape. The default epsilon is Keras's
    1e-3 (the course's delta).

    中文：训练模式下的批标准化（BN），每个通道（最后一个轴）一个均值和一个方差（公式见上；gamma 为缩
    放因子，beta 为偏移因子）。

    var_k 是有偏方差，与课程公式和 Keras 一样除以 m（参与平均的数值个数），而不是 m - 1。输入 x 可以
    是 (N, H, W, C) 或 (N, C)，尺寸不限；gamma 与 beta 为 (C,)；结果与 x 形状相同。epsilon 默认为
    Keras 的 1e-3（即课程中的 delta）。
    """
    raise NotImplementedError("write your solution here")
