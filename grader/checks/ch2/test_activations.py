"""Checks of ch2/activations.py: values, derivatives, the boundary at x = 0, the extremes."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from grader.i18n import N_, _
from grader.testing.api import CheckFailure, exercise
from grader.testing.compare import as_array, call_unchanged, expect_close, same_as_reference
from grader.testing.strategies import float_arrays

EXTREMES = np.array([-1000.0, -30.0, -1.0, 0.0, 1.0, 30.0, 1000.0])
# the boundary the docstrings fix: exactly 0, and the smallest steps either side of it
AT_ZERO = np.array([-1.0, -1e-6, 0.0, 1e-6, 1.0])


def by_side(student_fn, reference_fn, args, what, hints):
    """Compare where x < 0, x = 0 and x > 0 separately; the message and hint name the side
    that is wrong (``hints``: {"x < 0": ..., "x = 0": ..., "x > 0": ...})."""
    x = args["x"]
    expected = as_array(reference_fn(*args.values()))
    got = as_array(call_unchanged(student_fn, args), what=what, inputs=args)
    if got.shape != expected.shape:
        expect_close(got, expected, inputs=args, what=what)
    xs = np.asarray(x)
    wrong = []
    for side, mask in (("x < 0", xs < 0), ("x = 0", xs == 0), ("x > 0", xs > 0)):
        if mask.any() and not np.allclose(
            got[mask].astype(np.float64), expected[mask].astype(np.float64), rtol=2e-4, atol=1e-6
        ):
            wrong.append(side)
    if wrong:
        side = wrong[0]
        mask = {"x < 0": xs < 0, "x = 0": xs == 0, "x > 0": xs > 0}[side]
        raise CheckFailure(
            _("{what} is wrong where {sides}").format(
                what=what, sides=_(" and where ").join(wrong)
            ),
            inputs={**args, "x": xs[mask]} if side != "x = 0" else {**args, "x": 0.0},
            expected=expected[mask],
            got=got[mask],
            hint=_(hints[side]),
        )
    expect_close(got, expected, inputs=args, what=what)


@exercise("ch2.sigmoid")
@given(x=float_arrays())
def test_sigmoid_values(student, reference, x):
    same_as_reference(student.sigmoid, reference.sigmoid, {"x": x}, what="sigmoid(x)")


@exercise("ch2.sigmoid")
def test_sigmoid_extremes(student, reference):
    same_as_reference(
        student.sigmoid,
        reference.sigmoid,
        {"x": EXTREMES.copy()},
        what=N_("sigmoid at large |x|"),
        hint=_(
            "e^(-x) overflows for x = -1000: use tf.math.sigmoid, or a form that never"
            " exponentiates a large positive number"
        ),
    )


@exercise("ch2.sigmoid")
@given(x=float_arrays())
def test_sigmoid_derivative(student, reference, x):
    same_as_reference(
        student.sigmoid_grad,
        reference.sigmoid_grad,
        {"x": x},
        what="sigmoid'(x)",
        hint=_("f'(x) = f(x) * (1 - f(x)); the peak is 0.25 at x = 0"),
    )


@exercise("ch2.sigmoid")
def test_sigmoid_derivative_peak_and_tails(student, reference):
    same_as_reference(
        student.sigmoid_grad,
        reference.sigmoid_grad,
        {"x": EXTREMES.copy()},
        what=N_("sigmoid'(x) at 0 and at large |x|"),
        hint=_("f'(0) = 0.25 exactly, and f'(x) -> 0 (never nan) for large |x|"),
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
        what=N_("tanh at large |x|"),
        hint=_("e^(2x) overflows for large x: the answer there is ±1 (tf.math.tanh handles it)"),
    )


@exercise("ch2.tanh")
@given(x=float_arrays(low=-10, high=10))
def test_tanh_derivative(student, reference, x):
    same_as_reference(
        student.tanh_grad,
        reference.tanh_grad,
        {"x": x},
        what="tanh'(x)",
        hint=_("tanh'(x) = 1 - tanh(x)^2, not 1 - tanh(x^2)"),
    )


@exercise("ch2.tanh")
def test_tanh_derivative_peak_and_tails(student, reference):
    same_as_reference(
        student.tanh_grad,
        reference.tanh_grad,
        {"x": EXTREMES.copy()},
        what=N_("tanh'(x) at 0 and at large |x|"),
        hint=_("tanh'(0) = 1 exactly, and tanh'(x) -> 0 (never nan) for large |x|"),
    )


RELU_HINTS = {
    "x < 0": N_("the slope of max(x, 0) left of zero is 0"),
    "x = 0": N_(
        "at x = 0 exactly the derivative is 0 here, as in TensorFlow (test x > 0, not"
        " x >= 0; the course's formula writes 1 for x >= 0)"
    ),
    "x > 0": N_("the slope of max(x, 0) right of zero is 1"),
}


@exercise("ch2.relu")
@given(x=float_arrays())
def test_relu_values(student, reference, x):
    same_as_reference(
        student.relu, reference.relu, {"x": x}, what="relu(x)", hint=_("relu(x) = max(x, 0)")
    )


@exercise("ch2.relu")
@given(x=float_arrays(min_magnitude=1e-3))
def test_relu_derivative(student, reference, x):
    by_side(student.relu_grad, reference.relu_grad, {"x": x}, "relu'(x)", RELU_HINTS)


@exercise("ch2.relu")
def test_relu_derivative_at_zero(student, reference):
    for dtype in (np.float32, np.float64):
        x = AT_ZERO.astype(dtype)
        by_side(student.relu_grad, reference.relu_grad, {"x": x}, "relu'(x)", RELU_HINTS)


def _leaky_hints(alpha):
    return {
        "x < 0": _("left of zero the slope is alpha ({alpha})").format(alpha=alpha),
        "x = 0": _("at x = 0 exactly the derivative is alpha ({alpha}): 1 only where x > 0").format(
            alpha=alpha
        ),
        "x > 0": _("right of zero the slope is 1"),
    }


@exercise("ch2.leaky_relu")
@given(x=float_arrays(), alpha=st.sampled_from([0.01, 0.1, 0.2, 0.3]))
def test_leaky_relu_values(student, reference, x, alpha):
    same_as_reference(
        student.leaky_relu,
        reference.leaky_relu,
        {"x": x, "alpha": alpha},
        what="leaky_relu(x, alpha)",
        hint=_("x for x > 0, alpha * x otherwise"),
    )


@exercise("ch2.leaky_relu")
def test_leaky_relu_default_alpha(student, reference):
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    same_as_reference(
        student.leaky_relu,
        reference.leaky_relu,
        {"x": x},
        what=N_("leaky_relu(x) with the default alpha"),
        hint=_("the default alpha is 0.2, as in tf.nn.leaky_relu"),
    )
    same_as_reference(
        student.leaky_relu_grad,
        reference.leaky_relu_grad,
        {"x": x},
        what=N_("leaky_relu'(x) with the default alpha"),
        hint=_("the default alpha is 0.2, as in tf.nn.leaky_relu"),
    )


@exercise("ch2.leaky_relu")
@given(x=float_arrays(min_magnitude=1e-3), alpha=st.sampled_from([0.01, 0.1, 0.2, 0.3]))
def test_leaky_relu_derivative(student, reference, x, alpha):
    by_side(
        student.leaky_relu_grad,
        reference.leaky_relu_grad,
        {"x": x, "alpha": alpha},
        "leaky_relu'(x)",
        _leaky_hints(alpha),
    )


@exercise("ch2.leaky_relu")
def test_leaky_relu_derivative_at_zero(student, reference):
    for dtype in (np.float32, np.float64):
        args = {"x": AT_ZERO.astype(dtype), "alpha": 0.1}
        by_side(
            student.leaky_relu_grad,
            reference.leaky_relu_grad,
            args,
            "leaky_relu'(x)",
            _leaky_hints(0.1),
        )


# The module's docstring: x is array-like, "NumPy array, tf.Tensor, list or number". A plain
# number (rank 0) and a list are drawn here beside the arrays of rank 1-3 drawn above.
PLAIN_INPUTS = (-2.0, 0.0, 1.5, [-2.0, 0.0, 1.5], [[0.5, -0.5], [3.0, -3.0]])


def _plain(student, reference, names, hint):
    for name in names:
        for x in PLAIN_INPUTS:
            same_as_reference(
                getattr(student, name),
                getattr(reference, name),
                {"x": x},
                what=f"{name}({x!r})",
                hint=_(hint),
            )


PLAIN_HINT = N_(
    "x may be a plain number or a list, not only an array: convert it first"
    " (tf.convert_to_tensor(x) or np.asarray(x, dtype=float))"
)


@exercise("ch2.sigmoid")
def test_sigmoid_of_a_number_and_a_list(student, reference):
    _plain(student, reference, ("sigmoid", "sigmoid_grad"), PLAIN_HINT)


@exercise("ch2.tanh")
def test_tanh_of_a_number_and_a_list(student, reference):
    _plain(student, reference, ("tanh", "tanh_grad"), PLAIN_HINT)


@exercise("ch2.relu")
def test_relu_of_a_number_and_a_list(student, reference):
    _plain(student, reference, ("relu", "relu_grad"), PLAIN_HINT)


@exercise("ch2.leaky_relu")
def test_leaky_relu_of_a_number_and_a_list(student, reference):
    _plain(student, reference, ("leaky_relu", "leaky_relu_grad"), PLAIN_HINT)
