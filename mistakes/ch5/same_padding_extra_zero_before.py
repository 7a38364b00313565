"""An odd 'same' padding puts the extra zero before (top/left); TensorFlow puts it after."""

import math

MODULE = "ch5.conv_numpy"
LOSES = ["ch5.conv2d", "ch5.pooling"]


def same_padding(n, k, stride):
    total = max((math.ceil(n / stride) - 1) * stride + k - n, 0)
    return total - total // 2, total // 2
