"""Batch normalisation with the unbiased variance (divided by m - 1, np.var(ddof=1))."""

import numpy as np

MODULE = "ch5.conv_numpy"
LOSES = ["ch5.batch_norm"]


def batch_norm(x, gamma, beta, epsilon=1e-3):
    x = np.asarray(x)
    axes = tuple(range(x.ndim - 1))
    mu = x.mean(axis=axes)
    var = x.var(axis=axes, ddof=1)
    return gamma * (x - mu) / np.sqrt(var + epsilon) + beta
