"""Tensor basics (chapter 1): creating tensors, casting, reducing, arithmetic, one-hot, argmax.

Every function takes plain arrays, lists or numbers and returns a tensor (or a tuple of them);
a NumPy array with the same values, shape and dtype is just as right. Dtypes are given as names
("int64", "float32"), the way ``tf.constant(..., dtype="int64")`` accepts them.
"""

import tensorflow as tf


def constant(values, dtype):
    """A tensor holding ``values`` with the given ``dtype``: ``tf.constant(values, dtype=dtype)``.

    ``values`` is a number, a list or a list of equal-length lists; the tensor has their shape.

    The course: ``tf.constant([1, 5], dtype=tf.int64)`` -> ``[1 5]``, dtype int64 (without the
    dtype TensorFlow would pick int32).
    """
    # BEGIN SOLUTION
    return tf.constant(values, dtype=dtype)
    # END SOLUTION


def zeros_ones_fill(shape, value):
    """Return ``(zeros, ones, filled)``: three tensors of ``shape`` (an int for 1-D, a list
    ``[rows, cols]`` or ``[n, m, ..., k]`` otherwise) holding 0, 1 and ``value``.

    ``tf.zeros(shape)`` and ``tf.ones(shape)`` are float32; ``tf.fill(shape, value)`` takes the
    kind of ``value``: ``tf.fill([2, 2], 9)`` holds integers (int32 there; any integer dtype is
    right), 9.0 gives floats.
    """
    # BEGIN SOLUTION
    dims = [shape] if isinstance(shape, int) else list(shape)  # tf.fill wants a list of sizes
    return tf.zeros(dims), tf.ones(dims), tf.fill(dims, value)
    # END SOLUTION


# The three random makers. In eager TensorFlow an op-level ``seed=`` alone does not repeat:
# ``tf.random.normal([2], seed=1)`` gives new numbers on every call. A seeded generator does:
# ``tf.random.Generator.from_seed(seed)`` (or ``tf.random.set_seed(seed)`` before each call).


def normal(shape, mean, stddev, seed):
    """Float32 samples of N(mean, stddev^2): ``tf.random.normal(shape, mean=, stddev=)``.

    ``shape`` is a list of any length ([7], [2, 5], [2, 3, 4]), and so is the result's shape.
    Floats of either width are right (tf.random gives float32, NumPy's generators float64).

    The same ``seed`` gives the same tensor on every call; another seed gives other numbers.
    """
    # BEGIN SOLUTION
    return tf.random.Generator.from_seed(seed).normal(shape, mean=mean, stddev=stddev)
    # END SOLUTION


def truncated_normal(shape, mean, stddev, seed):
    """Float32 samples of a normal distribution truncated at two standard deviations:
    ``tf.random.truncated_normal``. A draw outside (mean - 2*stddev, mean + 2*stddev) is drawn
    again, so every value lies within 2 * stddev of the mean (the spread shrinks to ~0.88 stddev).
    Seeded like ``normal``.
    """
    # BEGIN SOLUTION
    gen = tf.random.Generator.from_seed(seed)
    return gen.truncated_normal(shape, mean=mean, stddev=stddev)
    # END SOLUTION


def uniform(shape, minval, maxval, seed):
    """Float32 samples of the uniform distribution on [minval, maxval):
    ``tf.random.uniform(shape, minval=, maxval=)``. Seeded like ``normal``."""
    # BEGIN SOLUTION
    return tf.random.Generator.from_seed(seed).uniform(shape, minval=minval, maxval=maxval)
    # END SOLUTION


def cast(x, dtype):
    """``x`` converted to ``dtype``: ``tf.cast(x, dtype)``. Floats become integers by dropping
    the fraction (towards zero): 2.9 -> 2, -1.7 -> -1 (no rounding)."""
    # BEGIN SOLUTION
    return tf.cast(x, dtype)
    # END SOLUTION


def reduce_stats(x, axis=None):
    """Return ``(minimum, maximum, mean, sum)`` of a float tensor along ``axis``
    (``tf.reduce_min`` / ``reduce_max`` / ``reduce_mean`` / ``reduce_sum``).

    ``axis=None`` reduces every element to one number; on a matrix ``axis=0`` goes down the
    rows (one result per column) and ``axis=1`` across the columns (one per row).
    """
    # BEGIN SOLUTION
    return (
        tf.reduce_min(x, axis=axis),
        tf.reduce_max(x, axis=axis),
        tf.reduce_mean(x, axis=axis),
        tf.reduce_sum(x, axis=axis),
    )
    # END SOLUTION


def arithmetic(a, b):
    """Element-wise ``(a + b, a - b, a * b, a / b)`` of two tensors of the same shape
    (``tf.add``, ``tf.subtract``, ``tf.multiply``, ``tf.divide``)."""
    # BEGIN SOLUTION
    return tf.add(a, b), tf.subtract(a, b), tf.multiply(a, b), tf.divide(a, b)
    # END SOLUTION


def matmul(a, b):
    """The matrix product of a (n, k) and a (k, m) matrix: ``tf.matmul(a, b)``, shape (n, m).
    The course: ones (3, 2) times a (2, 3) matrix of threes is a (3, 3) matrix of sixes."""
    # BEGIN SOLUTION
    return tf.matmul(a, b)
    # END SOLUTION


def one_hot(labels, depth):
    """Class numbers as one-hot rows: ``tf.one_hot(labels, depth=depth)`` (float32).

    ``labels`` may have any shape (one label, a batch (n,), (n, steps)); the result has shape
    ``labels.shape + (depth,)``. ``depth`` is the number of classes, whatever the labels at
    hand: ``one_hot([1, 0], 3)`` is ``[[0, 1, 0], [1, 0, 0]]``.
    """
    # BEGIN SOLUTION
    return tf.one_hot(labels, depth=depth)
    # END SOLUTION


def argmax(x, axis):
    """The index of the largest value along ``axis``: ``tf.argmax(x, axis=axis)``.
    The course: for [[1, 2, 3], [2, 3, 4], [5, 4, 3], [8, 7, 2]], axis=0 gives [3, 3, 1] (per
    column) and axis=1 gives [2, 2, 0, 0] (per row)."""
    # BEGIN SOLUTION
    return tf.argmax(x, axis=axis)
    # END SOLUTION


def where_greater(a, b):
    """Element-wise: ``a`` where a > b, else ``b``: ``tf.where(tf.greater(a, b), a, b)``.
    The course: a = [1, 2, 3, 1, 1], b = [0, 1, 3, 4, 5] -> [1, 2, 3, 4, 5]."""
    # BEGIN SOLUTION
    return tf.where(tf.greater(a, b), a, b)
    # END SOLUTION
