"""How big is a convolution's output, and what does it cost? (chapter 5)

Sizes are side lengths of square feature maps and kernels, as in the course: an input of n x n
pixels, a k x k kernel, stride s. Every count is an exact Python int.
"""

import math


def conv_output_size(n, k, stride=1, padding="same"):
    """Side of a convolution's output, the course's formulas (both round up):

    padding "same"  (zero padding):   ceil(n / stride)
    padding "valid" (no padding):     ceil((n - k + 1) / stride)

    n=5, k=3, stride=2: "same" -> 3, "valid" -> 2. Keras's Conv2D gives the same sizes. The
    padding name may come in either case ("SAME", "valid"). A "valid" kernel larger than the
    input leaves no output: 0.

    中文：卷积输出的边长，按课程的公式（公式见上，两者都向上取整；"same" 为全零填充，"valid"
    为不填充）。

    n=5、k=3、stride=2："same" -> 3，"valid" -> 2。Keras 的 Conv2D 给出相同的尺寸。padding 的名字大
    小写皆可（"SAME"、"valid"）。"valid" 时卷积核比输入还大则没有输出：0。
    """
    # BEGIN SOLUTION
    if padding.lower() == "same":
        return math.ceil(n / stride)
    return max(math.ceil((n - k + 1) / stride), 0)
    # END SOLUTION


def pool_output_size(n, pool_size, stride=None, padding="valid"):
    """Side of a pooling layer's output: the convolution's formulas with k = pool_size.

    The stride defaults to pool_size (as in Keras's MaxPool2D) and padding to "valid":
    n=5, pool_size=2 -> 2; with padding "same" -> 3.

    中文：池化层输出的边长：即卷积的公式，k = pool_size。

    步长默认为 pool_size（与 Keras 的 MaxPool2D 相同），padding 默认为 "valid"：n=5、pool_size=2 ->
    2；padding 为 "same" 时 -> 3。
    """
    # BEGIN SOLUTION
    return conv_output_size(n, pool_size, pool_size if stride is None else stride, padding)
    # END SOLUTION


def conv_param_count(k, in_channels, filters, use_bias=True):
    """Trainable parameters of a k x k convolution layer: every filter has k*k*in_channels
    weights (its depth equals the input's channels) and, with use_bias, one bias.

    A 5x5 kernel on 3 channels: 5*5*3 + 1 = 76 per filter; 6 filters: 456 (the course's
    summary). With use_bias=False (the ResNet convolutions): k*k*in_channels*filters.

    中文：k x k 卷积层的可训练参数个数：每个卷积核有 k*k*in_channels 个权重（卷积核的通道数与输入特
    征图的通道数一致），use_bias 时再加一个偏置。

    3 通道上的 5x5 卷积核：每个卷积核 5*5*3 + 1 = 76 个；6 个卷积核：456 个（课程 summary 的数字）。
    use_bias=False 时（ResNet 的卷积）：k*k*in_channels*filters。
    """
    # BEGIN SOLUTION
    return k * k * in_channels * filters + (filters if use_bias else 0)
    # END SOLUTION


def conv_mult_adds(n, k, in_channels, filters, stride=1, padding="valid"):
    """Multiply-adds of one k x k convolution layer on an n x n x in_channels input.

    Every output pixel of every filter costs k*k*in_channels multiply-adds (the bias needs no
    multiply): out*out*k*k*in_channels*filters, with out = conv_output_size(n, k, stride,
    padding). Padded zeros are counted like any pixel. A 5x5x1 input, one 3x3 filter, "valid":
    3*3 outputs * 9 = 81.

    中文：在 n x n x in_channels 的输入上，一个 k x k 卷积层的乘加运算次数。

    每个卷积核的每个输出像素需要 k*k*in_channels 次乘加（偏置无需乘法）：
    out*out*k*k*in_channels*filters，其中 out = conv_output_size(n, k, stride, padding)。全零填充的
    零与其他像素一样计数。5x5x1 的输入、一个 3x3 卷积核、"valid"：3*3 个输出 * 9 = 81。
    """
    # BEGIN SOLUTION
    out = conv_output_size(n, k, stride, padding)
    return out * out * k * k * in_channels * filters
    # END SOLUTION


def receptive_field(kernel_sizes, strides=None):
    """Side of the square of input pixels that one output pixel of a stack of convolutions
    sees. ``kernel_sizes`` lists the layers' kernels, first layer first; ``strides`` their
    strides (default: all 1).

    Each layer widens the field by (k - 1) times the product of the strides before it:
    rf = 1 + sum_i (k_i - 1) * s_1 * ... * s_(i-1). Two 3x3 layers: 5, like one 5x5 layer
    (the course's picture); no layers at all: 1.

    中文：感受野：一叠卷积中，一个输出像素所看到的输入像素正方形的边长。``kernel_sizes`` 按顺序列出
    各层的卷积核尺寸（第一层在前）；``strides`` 是它们的步长（默认全为 1）。

    每一层让感受野增加 (k - 1) 乘以之前各层步长之积（公式见上）。两层 3x3：5，与一层 5x5 相同（课程
    的图）；一层都没有：1。
    """
    # BEGIN SOLUTION
    strides = [1] * len(kernel_sizes) if strides is None else strides
    field, jump = 1, 1
    for k, s in zip(kernel_sizes, strides):
        field += (k - 1) * jump
        jump *= s
    return field
    # END SOLUTION


def stacked_conv_cost(x, n, layers):
    """(parameters, multiply-adds) of ``layers`` single-channel n x n convolutions stacked on
    an x x x input, stride 1, no padding, no bias: the course's comparison.

    parameters  = layers * n^2
    computation = n^2 (x - (n-1))^2 + n^2 (x - 2(n-1))^2 + ... (one term per layer)

    Two 3x3: (18, 9(x-2)^2 + 9(x-4)^2); one 5x5: (25, 25(x-4)^2). Needs x > layers * (n-1).

    中文：在 x x x 的输入上，``layers`` 个单通道 n x n 卷积叠在一起（步长 1、不填充、无偏置）的（参
    数个数, 乘加运算次数）：课程中的比较（公式见上，每层一项）。

    两层 3x3：(18, 9(x-2)^2 + 9(x-4)^2)；一层 5x5：(25, 25(x-4)^2)。要求 x > layers * (n-1)。
    """
    # BEGIN SOLUTION
    params = layers * n * n
    madds = sum(n * n * (x - i * (n - 1)) ** 2 for i in range(1, layers + 1))
    return params, madds
    # END SOLUTION


def prefer_two_3x3(x):
    """True when two stacked 3x3 convolutions need strictly fewer multiply-adds than one 5x5
    on an x x x input (x >= 5). Both see 5 x 5 pixels; the course: for x > 10 the 3x3 pair
    wins. At x = 10 both cost 900: not fewer, so False.

    中文：在 x x x 的输入上（x >= 5），两层 3x3 卷积的乘加运算次数严格少于一层 5x5 时返回
    True。两者的感受野都是 5 x 5；课程：x > 10 时两层 3x3 更优。x = 10 时两者都是 900：并非更
    少，所以为 False。
    """
    # BEGIN SOLUTION
    return stacked_conv_cost(x, 3, 2)[1] < stacked_conv_cost(x, 5, 1)[1]
    # END SOLUTION
