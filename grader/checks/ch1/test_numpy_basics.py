"""Checks of ch1/numpy_basics.py: shape and ndim, slicing images, standardising by broadcasting."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.i18n import N_, _
from grader.testing.api import exercise, expect, unpack
from grader.testing.compare import as_array, expect_close


@exercise("ch1.shapes")
@given(x=hnp.arrays(np.uint8, hnp.array_shapes(min_dims=0, max_dims=4, max_side=5)))
def test_shape_and_ndim(student, x):
    got = unpack(student.shape_and_ndim(x), 2, what="shape_and_ndim", names="shape, ndim")
    shape = tuple(int(v) for v in as_array(list(got[0]) or np.zeros(0, int), what="shape"))
    ndim = as_array(got[1], what="ndim")
    expect(
        shape == x.shape and int(ndim) == x.ndim,
        _("shape_and_ndim(x) is wrong"),
        inputs={_("x shape"): x.shape},
        expected=(x.shape, x.ndim),
        got=(shape, int(ndim)),
        hint=_("ndim counts the axes (the number of brackets); shape gives the size of each"),
    )


def _images(n, h, w):
    return (np.arange(n * h * w) % 251).astype(np.uint8).reshape(n, h, w)


@pytest.mark.visibility("public")
@exercise("ch1.shapes")
def test_first_ten_and_corner(student):
    for n, h, w in ((15, 28, 28), (12, 5, 7), (3, 28, 28), (10, 2, 2)):
        images = _images(n, h, w)
        inputs = {"images": _("{n} images of {size}").format(n=n, size=f"{h}x{w}")}
        first = as_array(student.first_ten(images), what="first_ten(images)", inputs=inputs)
        expect(
            first.shape == images[:10].shape and bool(np.array_equal(first, images[:10])),
            _("first_ten(images) is not the first ten images"),
            inputs=inputs,
            expected=_("shape {shape}").format(shape=images[:10].shape),
            got=_("shape {shape}").format(shape=first.shape),
        )
        corner = as_array(student.bottom_right_corner(images), what="bottom_right_corner")
        want = images[:10, -2:, -2:]
        expect(
            corner.shape == want.shape and bool(np.array_equal(corner, want)),
            _("bottom_right_corner(images) is not the last two rows and columns of the first ten"),
            inputs=inputs,
            expected=want,
            got=corner,
            hint=_("count from the end: images[:10, -2:, -2:] works for any size"),
        )


@st.composite
def train_and_test(draw):
    cols = draw(st.integers(1, 4))
    n_train, n_test = draw(st.integers(3, 12)), draw(st.integers(1, 6))
    scales = draw(hnp.arrays(np.float64, cols, elements=st.sampled_from([1e-3, 1.0, 1e3])))
    body = st.floats(-10, 10, allow_nan=False)
    train = draw(hnp.arrays(np.float64, (n_train, cols), elements=body))
    train[0] += 1.0  # two different rows: no column is constant
    train[1] -= 1.0
    test = draw(hnp.arrays(np.float64, (n_test, cols), elements=body)) + 5.0
    return train * scales, test * scales


@exercise("ch1.standardize")
@given(data=train_and_test())
def test_standardize(student, reference, data):
    train, test = data
    keep = train.copy(), test.copy()
    inputs = {"train": train, "test": test}
    got = unpack(
        student.standardize(train, test),
        2,
        what="standardize",
        names="train_s, test_s",
        inputs=inputs,
    )
    want = reference.standardize(train, test)
    expect_close(
        got[0],
        want[0],
        inputs=inputs,
        what=N_("the standardised training set"),
        hint=_("per column: (train - train.mean(axis=0)) / train.std(axis=0)"),
    )
    expect_close(
        got[1],
        want[1],
        inputs=inputs,
        what=N_("the standardised test set"),
        hint=_("standardise the test set with the training set's mean and std"),
    )
    expect(
        bool(np.array_equal(train, keep[0]) and np.array_equal(test, keep[1])),
        _("standardize changed the caller's arrays"),
        hint=_("train = train - mean makes a new array; train -= mean edits the caller's"),
    )
