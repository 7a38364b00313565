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
    """
    raise NotImplementedError("write your solution here")


def pool_output_size(n, pool_size, stride=None, padding="valid"):
    """Side of a pooling layer's output: the convolution's formulas with k = pool_size.

    The stride defaults to pool_size (as in Keras's MaxPool2D) and padding to "valid":
    n=5, pool_size=2 -> 2; with padding "same" -> 3.
    """
    raise NotImplementedError("write your solution here")


def conv_param_count(k, in_channels, filters, use_bias=True):
    """Trainable parameters of a k x k convolution layer: every filter has k*k*in_channels
    weights (its depth equals the input's channels) and, with use_bias, one bias.

    A 5x5 kernel on 3 channels: 5*5*3 + 1 = 76 per filter; 6 filters: 456 (the course's
    summary). With use_bias=False (the ResNet convolutions): k*k*in_channels*filters.
    """
    raise NotImplementedError("write your solution here")


def conv_mult_adds(n, k, in_channels, filters, stride=1, padding="valid"):
    """Multiply-adds of one k x k convolution layer on an n x n x in_channels input.

    Every output pixel of every filter costs k*k*in_channels multiply-adds (the bias needs no
    multiply): out*out*k*k*in_channels*filters, with out = conv_output_size(n, k, stride,
    padding). Padded zeros are counted like any pixel. A 5x5x1 input, one 3x3 filter, "valid":
    3*3 outputs * 9 = 81.
    """
    raise NotImplementedError("write your solution here")


def receptive_field(kernel_sizes, strides=None):
    """Side of the square of input pixels that one output pixel of a stack of convolutions
    sees. ``kernel_sizes`` lists the layers' kernels, first layer first; ``strides`` their
    strides (default: all 1).

    Each layer widens the field by (k - 1) times the product of the strides before it:
    rf = 1 + sum_i (k_i - 1) * s_1 * ... * s_(i-1). Two 3x3 layers: 5, like one 5x5 layer
    (the course's picture); no layers at all: 1.
    """
    raise NotImplementedError("write your solution here")


def stacked_conv_cost(x, n, layers):
    """(parameters, multiply-adds) of ``layers`` single-channel n x n convolutions stacked on
    an x x x input, stride 1, no padding, no bias: the course's comparison.

    parameters  = layers * n^2
    computation = n^2 (x - (n-1))^2 + n^2 (x - 2(n-1))^2 + ... (one term per layer)

    Two 3x3: (18, 9(x-2)^2 + 9(x-4)^2); one 5x5: (25, 25(x-4)^2). Needs x > layers * (n-1).
    """
    raise NotImplementedError("write your solution here")


def prefer_two_3x3(x):
    """True when two stacked 3x3 convolutions need strictly fewer multiply-adds than one 5x5
    on an x x x input (x >= 5). Both see 5 x 5 pixels; the course: for x > 10 the 3x3 pair
    wins. At x = 10 both cost 900: not fewer, so False.
    """
    raise NotImplementedError("write your solution here")
