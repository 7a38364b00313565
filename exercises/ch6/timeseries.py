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
    """
    raise NotImplementedError("write your solution here")


def scale_train_test(train, test):
    """Min-max scale both parts with the training part's per-column minimum and maximum.

    train: [n_train, features]; test: [n_test, features]. scaled = (v - min) / (max - min),
    min and max of each column of ``train`` only, as MinMaxScaler(feature_range=(0, 1)).fit(
    train) does; a constant column (max = min) is scaled with a range of 1 (MinMaxScaler's
    rule), so it becomes 0. Test values above the training maximum scale above 1.
    Returns ``(train_scaled, test_scaled, data_min, data_max)``, the last two [features].
    """
    raise NotImplementedError("write your solution here")


def inverse_scale(scaled, data_min, data_max):
    """Back to the original units: v = scaled * (max - min) + min, column by column (a constant
    column, max = min, uses a range of 1, as MinMaxScaler.inverse_transform does).

    scaled: [n, features]; data_min, data_max: [features]. Returns [n, features].
    """
    raise NotImplementedError("write your solution here")


def mse(y_true, y_pred):
    """Mean squared error over all entries: mean((y_pred - y_true)^2), a number.

    y_true and y_pred have one shape, any shape ([n], [n, features], ...): the mean is over
    every entry (divided by their count, not by the number of rows). Returns a scalar (a
    Python float or a NumPy scalar), not an array.
    """
    raise NotImplementedError("write your solution here")


def rmse(y_true, y_pred):
    """Root mean squared error: sqrt(MSE), in the units of y.

    The square root of ``mse(y_true, y_pred)`` (not the mean of square roots); a scalar.
    """
    raise NotImplementedError("write your solution here")


def mae(y_true, y_pred):
    """Mean absolute error: mean(|y_pred - y_true|), a number.

    Over every entry of y, whatever its shape, as ``mse``; a scalar.
    """
    raise NotImplementedError("write your solution here")
