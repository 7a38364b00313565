"""Checks of ch6/timeseries.py: window edges, scaling fitted on the training part only, and the
error measures, with explicit examples at every edge the docstrings fix."""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from grader.i18n import N_, _
from grader.testing.api import exercise, expect, unpack
from grader.testing.compare import as_array, expect_close
from grader.testing.strategies import float_dtypes


def _windows(student, series, steps):
    inputs = {"series": series, "steps": steps}
    x, y = unpack(
        student.make_windows(series, steps), 2, what="make_windows", names="x, y", inputs=inputs
    )
    return as_array(x, what="x", inputs=inputs), as_array(y, what="y", inputs=inputs), inputs


@pytest.mark.visibility("public")
@exercise("ch6.windows")
def test_window_edges(student):
    series = np.arange(10.0)
    x, y, inputs = _windows(student, series, 3)
    expect(
        x.shape == (7, 3, 1) and y.shape == (7, 1),
        _("10 values in windows of 3 give x {x_shape}, y {y_shape}").format(
            x_shape=x.shape, y_shape=y.shape
        ),
        inputs=inputs,
        expected="x (7, 3, 1), y (7, 1)",
        got=f"x {x.shape}, y {y.shape}",
        hint=_("windows start at 0 .. n - steps - 1: the last value is only ever a label"),
    )
    expect(
        x[0, :, 0].tolist() == [0, 1, 2] and float(y[0, 0]) == 3,
        _("the first window is not [0, 1, 2] -> 3"),
        inputs=inputs,
        expected="[0, 1, 2] -> 3",
        got=f"{x[0, :, 0].tolist()} -> {y[0].tolist()}",
        hint=_("the label is the value right after the window, series[i + steps]"),
    )
    expect(
        x[-1, :, 0].tolist() == [6, 7, 8] and float(y[-1, 0]) == 9,
        _("the last window is not [6, 7, 8] -> 9"),
        inputs=inputs,
        expected="[6, 7, 8] -> 9",
        got=f"{x[-1, :, 0].tolist()} -> {y[-1].tolist()}",
    )


@exercise("ch6.windows")
@given(steps=st.integers(1, 6), extra=st.sampled_from([-2, -1, 0, 1]))
def test_no_window_or_one_window(student, steps, extra):
    """n = steps + 1 gives exactly one window; n <= steps none."""
    n = max(steps + extra, 1)
    series = np.arange(n, dtype=np.float64)[:, None]
    x, y, inputs = _windows(student, series, steps)
    count = max(n - steps, 0)
    expect(
        x.shape == (count, steps, 1) and y.shape == (count, 1),
        _("{n} values in windows of {steps} give x {x_shape}, y {y_shape}").format(
            n=n, steps=steps, x_shape=x.shape, y_shape=y.shape
        ),
        inputs=inputs,
        expected=f"x {(count, steps, 1)}, y {(count, 1)}",
        got=f"x {x.shape}, y {y.shape}",
        hint=_("a window needs steps values and one more for its label"),
    )


@exercise("ch6.windows")
@given(
    n=st.integers(2, 40),
    steps=st.integers(1, 8),
    features=st.integers(0, 3),
    seed=st.integers(0, 999),
)
@example(n=9, steps=4, features=0, seed=1)  # a 1-D series [n]: one feature
@example(n=12, steps=5, features=3, seed=2)
def test_windows_of_several_features(student, n, steps, features, seed):
    """features = 0 draws a 1-D series [n], read as one feature."""
    flat = features == 0
    features = max(features, 1)
    series = np.random.default_rng(seed).normal(size=(n, features)) * [1, 100, 0.01][:features]
    series = series[:, 0] if flat else series  # (n, 1) -> (n,)
    x, y, inputs = _windows(student, series, steps)
    series = series.reshape(n, features)
    count = max(n - steps, 0)
    expected_x = np.stack([series[i : i + steps] for i in range(count)]) if count else None
    expect(
        x.shape == (count, steps, features),
        _("x has shape {shape}").format(shape=x.shape),
        inputs=inputs,
        expected=(count, steps, features),
        got=x.shape,
        hint=_("x is [samples, steps, features], as a recurrent layer reads it"),
    )
    if count:
        expect_close(x, expected_x, inputs=inputs, what=N_("the windows"))
        expect_close(
            y,
            series[steps:],
            inputs=inputs,
            what=N_("the labels"),
            hint=_("label i is series[i + steps]"),
        )


# ---- scaling ---------------------------------------------------------------------------------


@st.composite
def train_test(draw):
    """Columns of very different scales and offsets; distinct values, so ranges are clear."""
    dtype = draw(float_dtypes())
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    features = draw(st.integers(1, 3))
    scales = np.array([1.0, 1000.0, 0.01])[:features]
    offsets = np.array([0.0, -500.0, 3.0])[:features]
    train = rng.uniform(0, 1, size=(draw(st.integers(2, 12)), features)) * scales + offsets
    test = rng.uniform(-0.5, 1.5, size=(draw(st.integers(1, 8)), features)) * scales + offsets
    return train.astype(dtype), test.astype(dtype)


def _scaled(student, train, test):
    inputs = {"train": train, "test": test}
    kept = (train.copy(), test.copy())
    got = unpack(
        student.scale_train_test(train, test),
        4,
        what="scale_train_test",
        names="train_scaled, test_scaled, data_min, data_max",
        inputs=inputs,
    )
    expect(
        bool(np.array_equal(train, kept[0]) and np.array_equal(test, kept[1])),
        _("scale_train_test changed its arguments"),
        inputs=inputs,
    )
    return [
        as_array(g, what=w, inputs=inputs)
        for g, w in zip(got, ("train_scaled", "test_scaled", "data_min", "data_max"))
    ], inputs


LEAK = N_(
    "fit the scaler on the training part only: MinMaxScaler().fit(train), then transform both"
)


@pytest.mark.visibility("public")
@exercise("ch6.scaling")
@given(parts=train_test())
def test_scaled_with_the_training_range(student, parts):
    train, test = parts
    (tr, te, lo, hi), inputs = _scaled(student, train, test)
    t64 = train.astype(np.float64)
    mn, mx = t64.min(axis=0), t64.max(axis=0)
    expect_close(lo, mn, inputs=inputs, what="data_min", hint=_(LEAK))
    expect_close(hi, mx, inputs=inputs, what="data_max", hint=_(LEAK))
    expect_close(
        tr, (t64 - mn) / (mx - mn), inputs=inputs, what="train_scaled", input_arrays=(train,)
    )
    expect_close(
        te,
        (test - mn) / (mx - mn),
        inputs=inputs,
        what="test_scaled",
        hint=_(LEAK),
        input_arrays=(train,),
    )


@exercise("ch6.scaling")
def test_a_rising_series_is_not_squeezed(student):
    """The test part exceeds the training range: it must scale above 1, not into [0, 1]."""
    train, test = np.array([[10.0], [20.0], [30.0]]), np.array([[40.0], [50.0]])
    (tr, te, lo, hi), inputs = _scaled(student, train, test)
    expect_close(te, [[1.5], [2.0]], inputs=inputs, what="test_scaled", hint=_(LEAK))
    expect_close(tr, [[0.0], [0.5], [1.0]], inputs=inputs, what="train_scaled", hint=_(LEAK))


@exercise("ch6.scaling")
def test_constant_column(student):
    train, test = np.array([[5.0, 0.0], [5.0, 2.0]]), np.array([[7.0, 1.0]])
    (tr, te, _lo, _hi), inputs = _scaled(student, train, test)
    expect_close(
        tr,
        [[0.0, 0.0], [0.0, 1.0]],
        inputs=inputs,
        what="train_scaled",
        hint=_("a constant column has range 0: use 1 instead (MinMaxScaler's rule)"),
    )
    expect_close(te, [[2.0, 0.5]], inputs=inputs, what="test_scaled")


@exercise("ch6.scaling")
@given(parts=train_test())
def test_inverse_scale_undoes_the_scaling(student, parts):
    train, test = parts
    mn, mx = train.min(axis=0), train.max(axis=0)
    scaled = ((test - mn) / (mx - mn)).astype(test.dtype)
    inputs = {"scaled": scaled, "data_min": mn, "data_max": mx}
    expect_close(
        student.inverse_scale(scaled, mn, mx),
        scaled.astype(np.float64) * (mx - mn) + mn,
        inputs=inputs,
        what="inverse_scale(...)",
        input_arrays=(test,),
        hint=_("v = scaled * (max - min) + min, per column"),
    )
    flat = np.array([[0.0], [2.0]])
    expect_close(
        student.inverse_scale(flat, np.array([5.0]), np.array([5.0])),
        [[5.0], [7.0]],
        inputs={"scaled": flat, "data_min": [5.0], "data_max": [5.0]},
        what=N_("inverse_scale of a constant column"),
        hint=_("a range of 0 counts as 1"),
    )


# ---- metrics ---------------------------------------------------------------------------------


METRIC_SHAPES = [(1,), (), (3,), (2, 2)]  # y: [n], [n, 1], [n, 3] features, [n, 2, 2]


def _metric(student, name, inputs, expected, hint):
    got = getattr(student, name)(*inputs.values())
    value = as_array(got, what=f"{name}(y_true, y_pred)", inputs=inputs)
    expect(
        value.shape == (),
        _("{name} must return a number, not an array of shape {shape}").format(
            name=name, shape=value.shape
        ),
        inputs=inputs,
        expected=float(expected),
        got=got,
        hint=_("average over every entry at once (np.mean of the whole array), not per column"),
    )
    expect_close(value, expected, inputs=inputs, what=f"{name}(y_true, y_pred)", hint=hint)


@exercise("ch6.metrics")
@given(
    n=st.integers(1, 20),
    seed=st.integers(0, 999),
    scale=st.sampled_from([0.01, 1.0, 1e3]),
    tail=st.sampled_from(METRIC_SHAPES),
)
@example(n=4, seed=1, scale=1.0, tail=(3,))  # 3 columns: dividing by the rows is 3x too large
@example(n=3, seed=2, scale=1.0, tail=(2, 2))
@example(n=5, seed=3, scale=1.0, tail=())
def test_mse_rmse_mae(student, n, seed, scale, tail):
    """y of any shape: [n], [n, 1], [n, features], more axes; the mean is over every entry."""
    rng = np.random.default_rng(seed)
    shape = (n, *tail)
    y_true, y_pred = rng.normal(size=shape) * scale, rng.normal(size=shape) * scale
    err = y_pred - y_true
    inputs = {"y_true": y_true, "y_pred": y_pred}
    hint_all = _(" over every entry (divide by y.size, not by the number of rows)")
    for name, expected, hint in (
        ("mse", np.mean(err**2), _("the mean of the squared differences") + hint_all),
        ("rmse", np.sqrt(np.mean(err**2)), _("the square root of the MSE (not the mean of roots)")),
        ("mae", np.mean(np.abs(err)), _("the mean of the absolute differences") + hint_all),
    ):
        _metric(student, name, inputs, expected, hint)


@pytest.mark.visibility("public")
@exercise("ch6.metrics")
def test_metrics_known_values(student):
    y_true, y_pred = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 2.0, 1.0, 4.0])
    inputs = {"y_true": y_true, "y_pred": y_pred}
    for name, expected in (("mse", 1.25), ("rmse", np.sqrt(1.25)), ("mae", 0.75)):
        expect_close(
            getattr(student, name)(y_true, y_pred),
            expected,
            inputs=inputs,
            what=f"{name}(y_true, y_pred)",
        )
