"""NumPy arrays as the course's tensors (chapter 1): shape, ndim, slicing, broadcasting."""

import numpy as np


def shape_and_ndim(x):
    """Return ``(shape, ndim)`` of an array: the MNIST training images give
    ``((60000, 28, 28), 3)``, a single number ``((), 0)``."""
    # BEGIN SOLUTION
    x = np.asarray(x)
    return x.shape, x.ndim
    # END SOLUTION


def first_ten(images):
    """The first ten images of a stack (n, height, width): shape (10, height, width), or all of
    them when there are fewer than ten."""
    # BEGIN SOLUTION
    return np.asarray(images)[:10]
    # END SOLUTION


def bottom_right_corner(images):
    """The bottom-right 2x2 corner of each of the first ten images: shape (10, 2, 2) (fewer
    rows when there are fewer images). The course writes ``images[0:10, 26:28, 26:28]`` for
    28x28 digits; it must work for images of any size (at least 2x2)."""
    # BEGIN SOLUTION
    return np.asarray(images)[:10, -2:, -2:]
    # END SOLUTION


def standardize(train, test):
    """Standardise each feature (column) with the training set's statistics, by broadcasting.

        mean = train.mean(axis=0); std = train.std(axis=0)      # one value per column
        train_s = (train - mean) / std; test_s = (test - mean) / std

    The test set uses the *training* mean and std: it stands for data that arrives later.
    ``std`` is NumPy's default (divide by n). Return ``(train_s, test_s)``; the inputs stay
    unchanged (the course writes ``train -= mean``, which edits the caller's array).
    """
    # BEGIN SOLUTION
    train = np.asarray(train, dtype=np.float64)
    mean, std = train.mean(axis=0), train.std(axis=0)
    return (train - mean) / std, (np.asarray(test, dtype=np.float64) - mean) / std
    # END SOLUTION
