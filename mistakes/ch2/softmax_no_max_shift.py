"""Softmax without subtracting the maximum: e^1000 overflows to inf, inf / inf = nan."""

import numpy as np

MODULE = "ch2.losses"
LOSES = ["ch2.softmax"]


def softmax(logits):
    e = np.exp(logits)
    return e / np.sum(e, axis=-1, keepdims=True)
