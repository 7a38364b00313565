"""tanh written from the formula with e^(2x): inf / inf = nan for large |x|."""

import numpy as np

MODULE = "ch2.activations"
LOSES = ["ch2.tanh"]


def tanh(x):
    x = np.asarray(x)
    return (np.exp(2 * x) - 1) / (np.exp(2 * x) + 1)
