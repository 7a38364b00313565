"""'same' padding rounds the output size down (n // stride) instead of up."""

import math

MODULE = "ch5.shapes"
LOSES = ["ch5.conv_output_size", "ch5.pool_output_size", "ch5.conv_mult_adds"]


def conv_output_size(n, k, stride=1, padding="same"):
    if padding.lower() == "same":
        return n // stride
    return max(math.ceil((n - k + 1) / stride), 0)
