"""Log-sum-exp with the maximum of the whole batch: an extreme row makes the others log(0)."""

import numpy as np

MODULE = "ch2.losses"
LOSES = ["ch2.softmax_ce", "ch2.sparse_softmax_ce"]


def softmax_cross_entropy(labels, logits):
    z = np.asarray(logits, dtype=np.float64)
    top = np.max(z)
    log_sum = np.log(np.sum(np.exp(z - top), axis=-1, keepdims=True)) + top
    return -np.sum(np.asarray(labels) * (z - log_sum), axis=-1)
