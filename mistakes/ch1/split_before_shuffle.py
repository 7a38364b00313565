"""Split first, then shuffle each part: the test set is the last 30 flowers, one species."""

import numpy as np

MODULE = "ch1.iris_by_hand"
LOSES = ["ch1.iris_split"]


def shuffle_split(x, y, seed=116, n_test=30):
    x, y = np.asarray(x), np.asarray(y)
    x_train, y_train, x_test, y_test = x[:-n_test], y[:-n_test], x[-n_test:], y[-n_test:]
    train = np.random.RandomState(seed).permutation(len(x_train))
    test = np.random.RandomState(seed).permutation(len(x_test))
    return x_train[train], y_train[train], x_test[test], y_test[test]
