"""Windows off by one: the label is the window's own last value, not the value after it."""

import numpy as np

MODULE = "ch6.timeseries"
LOSES = ["ch6.windows"]


def make_windows(series, steps):
    series = np.asarray(series)
    if series.ndim == 1:
        series = series[:, None]
    count = max(len(series) - steps, 0)
    x = np.zeros((count, steps, series.shape[1]), dtype=series.dtype)
    for i in range(count):
        x[i] = series[i : i + steps]
    return x, series[steps - 1 : steps - 1 + count]
