"""Time series for a recurrent network: windows, scaling without leakage, error measures
(chapter 6).

The course predicts day 61 from days 1..60: every window of ``steps`` consecutive values is a
sample [steps, features] and the value right after it is its label. It scales with
``sklearn.preprocessing.MinMaxScaler`` fitted on the training part only (the test part is
scaled with the training part's minimum and maximum, so it may leave [0, 1]: fitting on the
whole series would leak the future into training), and turns predictions back into the
original units with ``inverse_transform`` before measuring errors.
None of these functions changes its arguments.
"""

import numpy as np
from sklearn.preprocessing import MinMaxScaler


def make_windows(series, steps):
    """Sliding windows for next-value prediction.

    series: [n, features] (or [n], read as one feature). Window i is series[i : i + steps], its
    label series[i + steps], for i = 0 .. n - steps - 1. Returns ``(x, y)``: x [n - steps,
    steps, features] and y [n - steps, features]. series = [0, 1, ..., 9] with steps = 3: the
    first window [0, 1, 2] -> 3, the last [6, 7, 8] -> 9, seven in all. With n <= steps there is
    no window: x has shape [0, steps, features], y [0, features].

    中文：用于预测下一个值的滑动窗口。

    series：[n, features]（或 [n]，视为一个特征）。第 i 个窗口为 series[i : i + steps]，其标签为
    series[i + steps]，i = 0 .. n - steps - 1。返回 ``(x, y)``：x 为 [n - steps, steps,
    features]，y 为 [n - steps, features]。series = [0, 1, ..., 9]、steps = 3 时：第一个窗口 [0,
    1, 2] -> 3，最后一个 [6, 7, 8] -> 9，共七个。n <= steps 时没有窗口：x 的形状为 [0, steps,
    features]，y 为 [0, features]。
    """
    raise NotImplementedError("write your solution here")


def scale_train_test(train, test):
    """Min-max scale both parts with the training part's per-column minimum and maximum.

    train: [n_train, features]; test: [n_test, features]. scaled = (v - min) / (max - min),
    min and max of each column of ``train`` only, as MinMaxScaler(feature_range=(0, 1)).fit(
    train) does; a constant column (max = min) is scaled with a range of 1 (MinMaxScaler's
    rule), so it becomes 0. Test values above the training maximum scale above 1.
    Returns ``(train_scaled, test_scaled, data_min, data_max)``, the last two [features].

    中文：用训练部分每一列的最小值和最大值，对两部分做最小-最大归一化。

    train：[n_train, features]；test：[n_test, features]。归一化公式见上，min 与 max 只取自
    ``train`` 的每一列，与 MinMaxScaler(feature_range=(0, 1)).fit(train) 相同；常数列（max = min）按
    范围 1 缩放（MinMaxScaler 的规则），因此变为 0。测试集中超过训练集最大值的数缩放后大于 1。返回
    ``(train_scaled, test_scaled, data_min, data_max)``，后两者为 [features]。
    """
    raise NotImplementedError("write your solution here")


def inverse_scale(scaled, data_min, data_max):
    """Back to the original units: v = scaled * (max - min) + min, column by column (a constant
    column, max = min, uses a range of 1, as MinMaxScaler.inverse_transform does).

    scaled: [n, features]; data_min, data_max: [features]. Returns [n, features].

    中文：反归一化，回到原来的单位：逐列计算 v = scaled * (max - min) + min（常数列，即 max = min，
    按范围 1 计算，与 MinMaxScaler.inverse_transform 相同）。

    scaled：[n, features]；data_min、data_max：[features]。返回 [n, features]。
    """
    raise NotImplementedError("write your solution here")


def mse(y_true, y_pred):
    """Mean squared error over all entries: mean((y_pred - y_true)^2), a number.

    y_true and y_pred have one shape, any shape ([n], [n, features], ...): the mean is over
    every entry (divided by their count, not by the number of rows). Returns a scalar (a
    Python float or a NumPy scalar), not an array.

    中文：对所有元素求均方误差（公式见上），得到一个数。

    y_true 与 y_pred 形状相同，形状不限（[n]、[n, features]、……）：对每个元素求平均（除以元素个数，
    而不是行数）。返回标量（Python 浮点数或 NumPy 标量），而不是数组。
    """
    raise NotImplementedError("write your solution here")


def rmse(y_true, y_pred):
    """Root mean squared error: sqrt(MSE), in the units of y.

    The square root of ``mse(y_true, y_pred)`` (not the mean of square roots); a scalar.

    中文：均方根误差：sqrt(MSE)，单位与 y 相同。

    是 ``mse(y_true, y_pred)`` 的平方根（不是各平方根的平均）；一个标量。
    """
    raise NotImplementedError("write your solution here")


def mae(y_true, y_pred):
    """Mean absolute error: mean(|y_pred - y_true|), a number.

    Over every entry of y, whatever its shape, as ``mse``; a scalar.

    中文：平均绝对误差（公式见上），得到一个数。

    与 ``mse`` 一样对 y 的每个元素计算，形状不限；一个标量。
    """
    raise NotImplementedError("write your solution here")
