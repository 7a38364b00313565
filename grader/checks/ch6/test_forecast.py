"""Training checks of the CO2 forecasters: scaled with the training part's range (the reference
``scale_train_test``), trained with the grader's recipe, and compared in ppm with the naive
forecast "next week = this week" on the test part. A forecast plot is saved in the report dir.

Calibration (references, this recipe, TF 2.21 CPU), RMSE in ppm on the test part, naive 0.513:
LSTM seeds 0/1/2: 0.417 / 0.417 / 0.432; GRU: 0.459 / 0.457 / 0.470. The bar: 0.95 x naive
(0.487); the grader trains seed 0, and seed 1 too when seed 0 lands within 2 % above the bar
(``grader.testing.forecast``, which also records MSE and MAE beside the RMSE).
The level model of the catalogue (co2_lstm_predicts_level, same size) does not reach it.
"""

import numpy as np

from grader.i18n import N_
from grader.loader import import_module
from grader.paths import SOLUTIONS_DIR
from grader.testing.api import exercise, time_limit
from grader.testing.forecast import ForecastCheck, ForecastData, run_forecast_check
from grader.training import Architecture

RECIPE = {"batch_size": 64, "epochs": 15, "optimizer": {"name": "adam", "learning_rate": 5e-3}}
HINT = N_(
    "predict the change from the last value (output = last + Dense), and read the window"
    " relative to its last value"
)
CO2_LSTM = ForecastCheck(
    exercise="ch6.co2_lstm",
    builder="build_co2_lstm",
    architecture=Architecture(
        1169,
        (None, 1),
        ("LSTM", "Dense"),
        hint=N_("LSTM(16) on the window relative to its last value, Dense(1)"),
    ),
    recipe=RECIPE,
    units="ppm",
    hint=HINT,
)
CO2_GRU = ForecastCheck(
    exercise="ch6.co2_gru",
    builder="build_co2_gru",
    architecture=Architecture(
        929,
        (None, 1),
        ("GRU", "Dense"),
        hint=N_("GRU(16) on the window relative to its last value, Dense(1)"),
    ),
    recipe=RECIPE,
    units="ppm",
    hint=HINT,
)


def co2_data() -> ForecastData:
    """load("co2") windows, scaled with the training part's range (the reference
    ``scale_train_test``), the test targets in ppm and the naive forecast."""
    from grader.data import load

    ts = import_module(SOLUTIONS_DIR, "_ck_reference", "ch6.timeseries")
    (x_train, y_train), (x_test, y_test) = load("co2")
    train_part = np.concatenate([x_train[0, :, 0], y_train])[:, None]  # the weeks before the split
    scaled = [
        ts.scale_train_test(train_part, a.reshape(-1, 1))[1].reshape(a.shape)
        for a in (x_train, y_train, x_test)
    ]
    _, _, lo, hi = ts.scale_train_test(train_part, train_part)
    return ForecastData(
        *scaled,
        y_test=np.asarray(y_test, np.float64),
        naive=x_test[:, -1, 0].astype(np.float64),
        unscale=lambda a: ts.inverse_scale(a, lo, hi),
    )


@exercise("ch6.co2_lstm")
@time_limit(150)
def test_co2_lstm_beats_naive(student, reference, record_property, ck_target):
    run_forecast_check(CO2_LSTM, student, reference, co2_data(), record_property, ck_target.label)


@exercise("ch6.co2_gru")
@time_limit(150)
def test_co2_gru_beats_naive(student, reference, record_property, ck_target):
    run_forecast_check(CO2_GRU, student, reference, co2_data(), record_property, ck_target.label)
