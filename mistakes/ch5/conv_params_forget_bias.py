"""The conv layer's parameter count forgets the filters' biases."""

MODULE = "ch5.shapes"
LOSES = ["ch5.conv_params"]


def conv_param_count(k, in_channels, filters, use_bias=True):
    return k * k * in_channels * filters
