"""Cross-entropy without clipping: 0 * log(0) = nan."""

import numpy as np

MODULE = "ch2.losses"
LOSES = ["ch2.cross_entropy"]


def cross_entropy(y_true, probs):
    return -np.sum(y_true * np.log(probs), axis=-1)
