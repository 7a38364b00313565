"""Features and labels shuffled with different seeds: every flower gets a random label."""

import numpy as np

MODULE = "ch1.iris_by_hand"
LOSES = ["ch1.iris_split"]


def shuffle_split(x, y, seed=116, n_test=30):
    x = np.asarray(x)[np.random.RandomState(seed).permutation(len(x))]
    y = np.asarray(y)[np.random.RandomState(seed + 1).permutation(len(y))]
    return x[:-n_test], y[:-n_test], x[-n_test:], y[-n_test:]
