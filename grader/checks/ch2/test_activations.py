"""Checks of ch2/activations.py: values, derivatives, and behaviour at the extremes."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from grader.checks.api import as_array, exercise, expect_close, same_as_reference
from grader.checks.strategies import float_arrays

EXTREMES = np.array([-1000.0, -30.0, -1.0, 0.0, 1.0, 30.0, 1000.0])


def _by_side(got, expected, x, what, hint_neg, hint_pos, **kw):
    """Compare where x < 0 and where x > 0 separately, to say which side is wrong."""
    g, e = as_array(got, what=what, inputs=kw.get("inputs")), as_array(expected)
    for mask, side, hint in ((x < 0, "x < 0", hint_neg), (x > 0, "x > 0", hint_pos)):
        if mask.any() and g.shape == x.shape:
            expect_close(g[mask], e[mask], what=f"{what} for {side}", hint=hint, **kw)
    expect_close(got, expected, what=what, **kw)


@exercise("ch2.sigmoid")
@given(x=float_arrays())
def test_sigmoid_values(student, reference, x):
    same_as_reference(student.sigmoid, reference.sigmoid, {"x": x}, what="sigmoid(x)")


@exercise("ch2.sigmoid")
def test_sigmoid_extremes(student, reference):
    x = EXTREMES.copy()
    same_as_reference(
        student.sigmoid,
        reference.sigmoid,
        {"x": x},
        what="sigmoid at large |x|",
        hint="e^(-x) overflows for x = -1000: use tf.math.sigmoid, or a form that never"
        " exponentiates a large positive number",
    )


@exercise("ch2.sigmoid")
@given(x=float_arrays())
def test_sigmoid_derivative(student, reference, x):
    same_as_reference(
        student.sigmoid_grad,
        reference.sigmoid_grad,
        {"x": x},
        what="sigmoid'(x)",
        hint="f'(x) = f(x) * (1 - f(x)); the peak is 0.25 at x = 0",
    )


@exercise("ch2.tanh")
@given(x=float_arrays())
def test_tanh_values(student, reference, x):
    same_as_reference(student.tanh, reference.tanh, {"x": x}, what="tanh(x)")


@exercise("ch2.tanh")
def test_tanh_extremes(student, reference):
    same_as_reference(
        student.tanh,
        reference.tanh,
        {"x": EXTREMES.copy()},
        what="tanh at large |x|",
        hint="e^(2x) overflows for large x: the answer there is ±1 (tf.math.tanh handles it)",
    )


@exercise("ch2.tanh")
@given(x=float_arrays(low=-10, high=10))
def test_tanh_derivative(student, reference, x):
    same_as_reference(
        student.tanh_grad,
        reference.tanh_grad,
        {"x": x},
        what="tanh'(x)",
        hint="tanh'(x) = 1 - tanh(x)^2, not 1 - tanh(x^2)",
    )


@exercise("ch2.relu")
@given(x=float_arrays())
def test_relu_values(student, reference, x):
    same_as_reference(
        student.relu, reference.relu, {"x": x}, what="relu(x)", hint="relu(x) = max(x, 0)"
    )


@exercise("ch2.relu")
@given(x=float_arrays(min_magnitude=1e-3))
def test_relu_derivative(student, reference, x):
    _by_side(
        student.relu_grad(x),
        reference.relu_grad(x),
        x,
        "relu'(x)",
        hint_neg="the slope of max(x, 0) left of zero is 0",
        hint_pos="the slope of max(x, 0) right of zero is 1",
        inputs={"x": x},
    )


@exercise("ch2.leaky_relu")
@given(x=float_arrays(), alpha=st.sampled_from([0.01, 0.1, 0.2, 0.3]))
def test_leaky_relu_values(student, reference, x, alpha):
    same_as_reference(
        student.leaky_relu,
        reference.leaky_relu,
        {"x": x, "alpha": alpha},
        what="leaky_relu(x, alpha)",
        hint="x for x > 0, alpha * x otherwise",
    )


@exercise("ch2.leaky_relu")
def test_leaky_relu_default_alpha(student, reference):
    x = np.array([-2.0, -0.5, 0.5, 2.0])
    expect_close(
        student.leaky_relu(x),
        reference.leaky_relu(x),
        inputs={"x": x},
        what="leaky_relu(x) with the default alpha",
        hint="the default alpha is 0.2, as in tf.nn.leaky_relu",
    )


@exercise("ch2.leaky_relu")
@given(x=float_arrays(min_magnitude=1e-3), alpha=st.sampled_from([0.01, 0.1, 0.2, 0.3]))
def test_leaky_relu_derivative(student, reference, x, alpha):
    _by_side(
        student.leaky_relu_grad(x, alpha),
        reference.leaky_relu_grad(x, alpha),
        x,
        "leaky_relu'(x)",
        hint_neg="left of zero the slope is alpha",
        hint_pos="right of zero the slope is 1",
        inputs={"x": x, "alpha": alpha},
    )
