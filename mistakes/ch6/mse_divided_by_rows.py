"""The squared errors are summed and divided by the number of rows (samples), not of entries:
right for one feature per sample, too large by the number of columns on a [n, features]
forecast."""

import numpy as np

MODULE = "ch6.timeseries"
LOSES = ["ch6.metrics"]


def mse(y_true, y_pred):
    err = np.asarray(y_pred) - np.asarray(y_true)
    return float(np.sum(err**2) / len(err))


def mae(y_true, y_pred):
    err = np.asarray(y_pred) - np.asarray(y_true)
    return float(np.sum(np.abs(err)) / len(err))
