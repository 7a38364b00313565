"""Softmax shifted by the maximum of the whole batch instead of each row: right while the rows
look alike, 0/0 for an ordinary row beside one of logits near 800."""

import numpy as np

MODULE = "ch2.losses"
LOSES = ["ch2.softmax"]


def softmax(logits):
    e = np.exp(logits - np.max(logits))
    return e / np.sum(e, axis=-1, keepdims=True)
