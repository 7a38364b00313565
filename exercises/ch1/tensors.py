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

    中文：创建一个张量，内容为 ``values``，数据类型为给定的 ``dtype``：``tf.constant(values,
    dtype=dtype)``。

    ``values`` 可以是一个数、一个列表，或由等长列表组成的列表；张量的形状与之相同。

    课程示例：``tf.constant([1, 5], dtype=tf.int64)`` -> ``[1 5]``，数据类型 int64（不指定 dtype 时
    TensorFlow 会选 int32）。
    """
    raise NotImplementedError("write your solution here")


def zeros_ones_fill(shape, value):
    """Return ``(zeros, ones, filled)``: three tensors of ``shape`` (an int for 1-D, a list
    ``[rows, cols]`` or ``[n, m, ..., k]`` otherwise) holding 0, 1 and ``value``.

    ``tf.zeros(shape)`` and ``tf.ones(shape)`` are float32; ``tf.fill(shape, value)`` takes the
    kind of ``value``: ``tf.fill([2, 2], 9)`` holds integers (int32 there; any integer dtype is
    right), 9.0 gives floats.

    中文：返回 ``(zeros, ones, filled)``：三个维度为 ``shape`` 的张量（一维时为一个整数，否则为列表
    ``[行, 列]`` 或 ``[n, m, ..., k]``），分别全为 0、全为 1、全为 ``value``。

    ``tf.zeros(shape)`` 与 ``tf.ones(shape)`` 是 float32；``tf.fill(shape, value)`` 的类型
    随 ``value``：``tf.fill([2, 2], 9)`` 存放整数（此处为 int32；任何整数类型都算对），9.0
    则得到浮点数。
    """
    raise NotImplementedError("write your solution here")


# The three random makers. In eager TensorFlow an op-level ``seed=`` alone does not repeat:
# ``tf.random.normal([2], seed=1)`` gives new numbers on every call. A seeded generator does:
# ``tf.random.Generator.from_seed(seed)`` (or ``tf.random.set_seed(seed)`` before each call).


def normal(shape, mean, stddev, seed):
    """Float32 samples of N(mean, stddev^2): ``tf.random.normal(shape, mean=, stddev=)``.

    ``shape`` is a list of any length ([7], [2, 5], [2, 3, 4]), and so is the result's shape.
    Floats of either width are right (tf.random gives float32, NumPy's generators float64).

    The same ``seed`` gives the same tensor on every call; another seed gives other numbers.

    中文：服从正态分布 N(mean, stddev^2) 的 float32 随机数：``tf.random.normal(shape, mean=,
    stddev=)``。

    ``shape`` 是任意长度的列表（[7]、[2, 5]、[2, 3, 4]），结果的形状也随之而定。两种位宽的浮点数都算
    对（tf.random 给出 float32，NumPy 的生成器给出 float64）。

    相同的 ``seed``（随机数种子）每次调用都得到相同的张量；换一个种子则得到不同的数。
    """
    raise NotImplementedError("write your solution here")


def truncated_normal(shape, mean, stddev, seed):
    """Float32 samples of a normal distribution truncated at two standard deviations:
    ``tf.random.truncated_normal``. A draw outside (mean - 2*stddev, mean + 2*stddev) is drawn
    again, so every value lies within 2 * stddev of the mean (the spread shrinks to ~0.88 stddev).
    Seeded like ``normal``.

    中文：服从截断式正态分布（在两个标准差处截断）的 float32 随机数：
    ``tf.random.truncated_normal``。落在 (mean - 2*stddev, mean + 2*stddev) 之外的取值会重新生成，因
    此每个值与均值的距离都在 2 * stddev 以内（分布变窄，标准差约为 0.88 stddev）。随机数种子的用法同
    ``normal``。
    """
    raise NotImplementedError("write your solution here")


def uniform(shape, minval, maxval, seed):
    """Float32 samples of the uniform distribution on [minval, maxval):
    ``tf.random.uniform(shape, minval=, maxval=)``. Seeded like ``normal``.

    中文：在 [minval, maxval) 上服从均匀分布的 float32 随机数：``tf.random.uniform(shape, minval=,
    maxval=)``。随机数种子的用法同 ``normal``。
    """
    raise NotImplementedError("write your solution here")


def cast(x, dtype):
    """``x`` converted to ``dtype``: ``tf.cast(x, dtype)``. Floats become integers by dropping
    the fraction (towards zero): 2.9 -> 2, -1.7 -> -1 (no rounding).

    中文：把 ``x`` 强制转换为数据类型 ``dtype``：``tf.cast(x, dtype)``。浮点数转为整数时直接舍去小数
    部分（向零取整）：2.9 -> 2，-1.7 -> -1（不四舍五入）。
    """
    raise NotImplementedError("write your solution here")


def reduce_stats(x, axis=None):
    """Return ``(minimum, maximum, mean, sum)`` of a float tensor along ``axis``
    (``tf.reduce_min`` / ``reduce_max`` / ``reduce_mean`` / ``reduce_sum``).

    ``axis=None`` reduces every element to one number; on a matrix ``axis=0`` goes down the
    rows (one result per column) and ``axis=1`` across the columns (one per row).

    中文：沿 ``axis`` 计算浮点张量的 ``(最小值, 最大值, 平均值, 和)``（``tf.reduce_min`` /
    ``reduce_max`` / ``reduce_mean`` / ``reduce_sum``）。

    ``axis=None`` 时所有元素参与计算，得到一个数；对矩阵而言，``axis=0`` 跨行（沿列向下，每列一个结
    果），``axis=1`` 跨列（每行一个结果）。
    """
    raise NotImplementedError("write your solution here")


def arithmetic(a, b):
    """Element-wise ``(a + b, a - b, a * b, a / b)`` of two tensors of the same shape
    (``tf.add``, ``tf.subtract``, ``tf.multiply``, ``tf.divide``).

    中文：两个维度相同的张量的对应元素四则运算 ``(a + b, a - b, a * b, a / b)``（``tf.add``、
    ``tf.subtract``、``tf.multiply``、``tf.divide``）。
    """
    raise NotImplementedError("write your solution here")


def matmul(a, b):
    """The matrix product of a (n, k) and a (k, m) matrix: ``tf.matmul(a, b)``, shape (n, m).
    The course: ones (3, 2) times a (2, 3) matrix of threes is a (3, 3) matrix of sixes.

    中文：(n, k) 矩阵与 (k, m) 矩阵的矩阵乘：``tf.matmul(a, b)``，形状为 (n, m)。课程示例：(3, 2) 的
    全 1 矩阵乘以 (2, 3) 的全 3 矩阵，得到 (3, 3) 的全 6 矩阵。
    """
    raise NotImplementedError("write your solution here")


def one_hot(labels, depth):
    """Class numbers as one-hot rows: ``tf.one_hot(labels, depth=depth)`` (float32).

    ``labels`` may have any shape (one label, a batch (n,), (n, steps)); the result has shape
    ``labels.shape + (depth,)``. ``depth`` is the number of classes, whatever the labels at
    hand: ``one_hot([1, 0], 3)`` is ``[[0, 1, 0], [1, 0, 0]]``.

    中文：把类别编号转换为独热码的行：``tf.one_hot(labels, depth=depth)``（float32）。

    ``labels`` 可以是任意形状（一个标签、一批 (n,)、(n, steps)）；结果形状为 ``labels.shape +
    (depth,)``。``depth`` 是类别数，与手头的标签里出现了哪些类别无关：``one_hot([1, 0], 3)`` 是
    ``[[0, 1, 0], [1, 0, 0]]``。
    """
    raise NotImplementedError("write your solution here")


def argmax(x, axis):
    """The index of the largest value along ``axis``: ``tf.argmax(x, axis=axis)``.
    The course: for [[1, 2, 3], [2, 3, 4], [5, 4, 3], [8, 7, 2]], axis=0 gives [3, 3, 1] (per
    column) and axis=1 gives [2, 2, 0, 0] (per row).

    中文：沿 ``axis`` 返回最大值的索引：``tf.argmax(x, axis=axis)``。课程示例：对 [[1, 2, 3],
    [2, 3, 4], [5, 4, 3], [8, 7, 2]]，axis=0 得到 [3, 3, 1]（每列一个），axis=1 得到 [2, 2, 0,
    0]（每行一个）。
    """
    raise NotImplementedError("write your solution here")


def where_greater(a, b):
    """Element-wise: ``a`` where a > b, else ``b``: ``tf.where(tf.greater(a, b), a, b)``.
    The course: a = [1, 2, 3, 1, 1], b = [0, 1, 3, 4, 5] -> [1, 2, 3, 4, 5].

    中文：逐元素地取：a > b 处取 ``a``，否则取 ``b``：``tf.where(tf.greater(a, b), a, b)``。课程示
    例：a = [1, 2, 3, 1, 1]，b = [0, 1, 3, 4, 5] -> [1, 2, 3, 4, 5]。
    """
    raise NotImplementedError("write your solution here")
