"""Unit checks of ch5/cifar_models.py's ``to_conv_input``, which the training checks use: the
docstring leaves the image count, size and rank free (grey (N, H, W) or colour (N, H, W, C)),
so both ranks are drawn, with sizes other than MNIST's and CIFAR-10's, in each exercise that
uses it. A training run sees one dataset only: without these, a reshape to (N, 28, 28, 1)
passes LeNet5 on digits."""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from grader.i18n import _
from grader.testing.api import exercise, expect
from grader.testing.compare import as_array, call_unchanged, expect_close

SHAPES = st.one_of(
    st.tuples(st.integers(1, 4), st.integers(1, 9), st.integers(1, 9)),  # grey (N, H, W)
    st.tuples(st.integers(1, 4), st.integers(1, 9), st.integers(1, 9), st.integers(1, 4)),
)


def _check_to_conv_input(student, shape, seed, dtype):
    x = np.random.default_rng(seed).integers(0, 256, size=shape).astype(dtype)
    args = {"x": x}
    expected = x.astype(np.float64) / 255.0
    expected = expected[..., None] if x.ndim == 3 else expected  # (N, H, W) -> (N, H, W, 1)
    got = as_array(call_unchanged(student.to_conv_input, args), what="to_conv_input(x)",
                   inputs=args)  # fmt: skip
    hint = _(
        "grey (N, H, W) gets a channel axis last, (N, H, W, 1); colour (N, H, W, C) keeps its"
        " shape: x[..., np.newaxis] only when x.ndim == 3, whatever the image size"
    )
    expect(
        got.shape == expected.shape,
        _("to_conv_input turns images of shape {shape} into shape {got}").format(
            shape=shape, got=got.shape
        ),
        inputs=args,
        expected=expected.shape,
        got=got.shape,
        hint=hint,
    )
    expect_close(got, expected, inputs=args, what="to_conv_input(x)",
                 hint=_("pixels scaled to [0, 1]: x / 255"))  # fmt: skip
    expect(
        got.dtype == np.float32,
        _("to_conv_input returns {dtype}; float32 pixels are asked for").format(dtype=got.dtype),
        inputs=args,
        hint=_("np.asarray(x, dtype=np.float32) / 255.0"),
    )


CASES = [
    ((2, 28, 28), 1, np.uint8),  # MNIST
    ((2, 32, 32, 3), 2, np.uint8),  # CIFAR-10
    ((3, 5, 7), 3, np.uint8),  # grey, not square, not 28
    ((1, 6, 4, 1), 4, np.float64),  # already one channel: kept as it is
    ((2, 4, 6, 2), 5, np.float32),
]


@pytest.mark.visibility("public")
@exercise("ch5.lenet5_mnist")
@given(shape=SHAPES, seed=st.integers(0, 999), dtype=st.sampled_from([np.uint8, np.float64]))
@example(shape=CASES[0][0], seed=CASES[0][1], dtype=CASES[0][2])
@example(shape=CASES[1][0], seed=CASES[1][1], dtype=CASES[1][2])
@example(shape=CASES[2][0], seed=CASES[2][1], dtype=CASES[2][2])
@example(shape=CASES[3][0], seed=CASES[3][1], dtype=CASES[3][2])
@example(shape=CASES[4][0], seed=CASES[4][1], dtype=CASES[4][2])
def test_to_conv_input_for_lenet5(student, shape, seed, dtype):
    _check_to_conv_input(student, shape, seed, dtype)


@exercise("ch5.baseline_cifar")
@given(shape=SHAPES, seed=st.integers(0, 999), dtype=st.sampled_from([np.uint8, np.float64]))
@example(shape=CASES[0][0], seed=CASES[0][1], dtype=CASES[0][2])
@example(shape=CASES[1][0], seed=CASES[1][1], dtype=CASES[1][2])
@example(shape=CASES[2][0], seed=CASES[2][1], dtype=CASES[2][2])
@example(shape=CASES[3][0], seed=CASES[3][1], dtype=CASES[3][2])
@example(shape=CASES[4][0], seed=CASES[4][1], dtype=CASES[4][2])
def test_to_conv_input_for_the_baseline(student, shape, seed, dtype):
    _check_to_conv_input(student, shape, seed, dtype)
