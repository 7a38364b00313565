"""The training part cut as the first 150 - n_test rows: right for the whole of iris, wrong for
any other number of rows."""

import numpy as np

MODULE = "ch1.iris_by_hand"
LOSES = ["ch1.iris_split"]


def shuffle_split(x, y, seed=116, n_test=30):
    order = np.random.RandomState(seed).permutation(len(x))
    x, y = np.asarray(x)[order], np.asarray(y)[order]
    return x[: 150 - n_test], y[: 150 - n_test], x[-n_test:], y[-n_test:]
