"""Batch normalisation with PyTorch's default epsilon, 1e-5, where Keras (and the docstring)
use 1e-3: invisible for ordinary variances, a factor of 3 for a channel of variance 1e-4."""

import numpy as np

MODULE = "ch5.conv_numpy"
LOSES = ["ch5.batch_norm"]


def batch_norm(x, gamma, beta, epsilon=1e-5):
    x = np.asarray(x)
    axes = tuple(range(x.ndim - 1))
    mu = x.mean(axis=axes)
    var = ((x - mu) ** 2).mean(axis=axes)
    return np.asarray(gamma) * (x - mu) / np.sqrt(var + epsilon) + np.asarray(beta)
