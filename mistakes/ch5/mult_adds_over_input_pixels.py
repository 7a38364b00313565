"""Multiply-adds counted over the input's pixels instead of the output's."""

MODULE = "ch5.shapes"
LOSES = ["ch5.conv_mult_adds"]


def conv_mult_adds(n, k, in_channels, filters, stride=1, padding="valid"):
    return n * n * k * k * in_channels * filters
