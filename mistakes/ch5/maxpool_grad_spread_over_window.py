"""Max pooling's gradient shared out over the whole window (that is average pooling's)."""

import numpy as np

MODULE = "ch5.scratch_cnn"
LOSES = ["ch5.scratch_cnn"]


def maxpool_backward(x, dout):
    x, dout = np.asarray(x), np.asarray(dout)
    oh, ow = x.shape[1] // 2, x.shape[2] // 2
    dx = np.zeros(x.shape)
    spread = np.repeat(np.repeat(dout / 4, 2, axis=1), 2, axis=2)
    dx[:, : oh * 2, : ow * 2] = spread
    return dx
