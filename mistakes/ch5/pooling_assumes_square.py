"""Pooling written for square feature maps: the output's width is taken from the height (and
"same" pads the width as the height), so a 7 x 6 map pools wrong."""

import numpy as np

MODULE = "ch5.conv_numpy"
LOSES = ["ch5.pooling"]


def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    s = pool_size if stride is None else stride
    if padding.lower() == "same":
        pad = same_padding(x.shape[1], pool_size, s)
        x = np.pad(x, ((0, 0), pad, pad, (0, 0)), constant_values=-np.inf)
    out = (x.shape[1] - pool_size) // s + 1
    result = np.full((x.shape[0], out, out, x.shape[3]), -np.inf, dtype=x.dtype)
    for i in range(out):
        for j in range(out):
            window = x[:, i * s : i * s + pool_size, j * s : j * s + pool_size]
            result[:, i, j] = window.max(axis=(1, 2))
    return result
