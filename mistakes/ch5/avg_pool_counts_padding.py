"""'same' average pooling divides by the whole window, counting the padded zeros."""

import numpy as np

MODULE = "ch5.conv_numpy"
LOSES = ["ch5.pooling"]


def avg_pool2d(x, pool_size=2, stride=None, padding="valid"):
    x = np.asarray(x)
    s = pool_size if stride is None else stride
    if padding.lower() == "same":
        pads = (same_padding(x.shape[1], pool_size, s), same_padding(x.shape[2], pool_size, s))
        x = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)))
    out_h, out_w = (x.shape[1] - pool_size) // s + 1, (x.shape[2] - pool_size) // s + 1
    out = np.zeros((x.shape[0], out_h, out_w, x.shape[3]), dtype=x.dtype)
    for i in range(out_h):
        for j in range(out_w):
            out[:, i, j] = x[:, i * s : i * s + pool_size, j * s : j * s + pool_size].mean((1, 2))
    return out
