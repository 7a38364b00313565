"""NumPy arrays as the course's tensors (chapter 1): shape, ndim, slicing, broadcasting."""

import numpy as np


def shape_and_ndim(x):
    """Return ``(shape, ndim)`` of an array: the MNIST training images give
    ``((60000, 28, 28), 3)``, a single number ``((), 0)``.

    中文：返回数组的 ``(shape, ndim)``：MNIST 训练集图片得到 ``((60000, 28, 28), 3)``，单个数得到
    ``((), 0)``。
    """
    # BEGIN SOLUTION
    x = np.asarray(x)
    return x.shape, x.ndim
    # END SOLUTION


def first_ten(images):
    """The first ten images of a stack (n, height, width): shape (10, height, width), or all of
    them when there are fewer than ten.

    中文：一叠图片 (n, height, width) 中的前十张：形状 (10, height, width)；不足十张时返回全部。
    """
    # BEGIN SOLUTION
    return np.asarray(images)[:10]
    # END SOLUTION


def bottom_right_corner(images):
    """The bottom-right 2x2 corner of each of the first ten images: shape (10, 2, 2) (fewer
    rows when there are fewer images). The course writes ``images[0:10, 26:28, 26:28]`` for
    28x28 digits; it must work for images of any size (at least 2x2).

    中文：前十张图片各自右下角 2x2 的区域：形状 (10, 2, 2)（图片不足十张时第一维相应变小）。课程对
    28x28 的数字图片写作 ``images[0:10, 26:28, 26:28]``；这里必须适用于任意大小（至少 2x2）的图片。
    """
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

    中文：用训练集的统计量，借助广播，对每个特征（每一列）做标准化（公式见上）。

    测试集用的是*训练集*的均值和标准差：它代表以后才到来的数据。``std`` 用 NumPy 的默认算法（除
    以 n）。返回 ``(train_s, test_s)``；输入数组保持不变（课程写的是 ``train -= mean``，会改动调
    用者的数组）。
    """
    # BEGIN SOLUTION
    train = np.asarray(train, dtype=np.float64)
    mean, std = train.mean(axis=0), train.std(axis=0)
    return (train - mean) / std, (np.asarray(test, dtype=np.float64) - mean) / std
    # END SOLUTION
