"""x and y shuffled with two different random orders: every flower gets a random label."""

import numpy as np

MODULE = "ch3.iris"
LOSES = ["ch3.shuffle"]


def shuffle_together(x, y, seed):
    rng = np.random.default_rng(seed)
    return np.asarray(x)[rng.permutation(len(x))], np.asarray(y)[rng.permutation(len(y))]
