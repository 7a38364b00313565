"""The course's shuffle: np.random.shuffle on the caller's x and y, in place, with one seed."""

import numpy as np

MODULE = "ch3.iris"
LOSES = ["ch3.shuffle"]


def shuffle_together(x, y, seed):
    np.random.seed(seed)
    np.random.shuffle(x)
    np.random.seed(seed)
    np.random.shuffle(y)
    return x, y
