"""More checks of chapter 3's data preparation: shuffle_together on features and labels of
every rank the docstring allows (the first axis is the samples, the others are free)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from grader.i18n import _
from grader.testing.api import exercise, expect
from grader.testing.compare import as_array, call_unchanged

# the feature part of x's shape: none (one number per sample), a vector, an image
FEATURE_SHAPES = st.sampled_from([(), (4,), (3, 2)])


def _samples(n, feature_shape, one_hot):
    """x whose first element names its sample (sample i starts with 1000 * i), and y, either
    class numbers (n,) or one-hot rows (n, 3) of those classes."""
    x = np.arange(n * int(np.prod(feature_shape)), dtype=np.float64).reshape(n, *feature_shape)
    x = x % 7 + (1000.0 * np.arange(n)).reshape(n, *[1] * len(feature_shape))
    classes = np.arange(n) % 3
    y = np.eye(3)[classes] if one_hot else classes
    return x, y


def _check_shuffled(student, x, y, seed):
    args = {"x": x, "y": y, "seed": seed}
    got = call_unchanged(student.shuffle_together, args)
    expect(
        isinstance(got, tuple | list) and len(got) == 2,
        _("shuffle_together must return (x_shuffled, y_shuffled)"),
        inputs=args,
        got=got,
    )
    xs = as_array(got[0], what="x_shuffled", inputs=args)
    ys = as_array(got[1], what="y_shuffled", inputs=args)
    expect(
        xs.shape == x.shape and ys.shape == y.shape,
        _("the shapes changed"),
        inputs=args,
        expected=(x.shape, y.shape),
        got=(xs.shape, ys.shape),
        hint=_(
            "index the first axis only (x[order], y[order]): x may be (n,), (n, 4) or"
            " (n, height, width), y (n,) or one-hot (n, classes)"
        ),
    )
    first = xs.reshape(len(xs), -1)[:, 0]
    order = np.round(first / 1000).astype(int)
    expect(
        bool(np.array_equal(np.sort(order), np.arange(len(x)))),
        _("the samples of x_shuffled are not the samples of x"),
        inputs=args,
        hint=_("shuffle along the first axis (the samples), nothing else"),
    )
    expect(
        bool(np.array_equal(xs, x[order])) and bool(np.array_equal(ys, y[order])),
        _("a sample lost its label, or a sample's features were shuffled among themselves"),
        inputs=args,
        hint=_("draw one permutation of len(x) and index the first axis of both with it"),
    )
    expect(
        not np.array_equal(order, np.arange(len(x))),
        _("nothing moved: the data is not shuffled"),
        inputs=args,
    )


@exercise("ch3.shuffle")
@given(
    n=st.integers(6, 30),
    feature_shape=FEATURE_SHAPES,
    one_hot=st.booleans(),
    seed=st.integers(0, 1000),
)
def test_shuffle_any_rank(student, n, feature_shape, one_hot, seed):
    x, y = _samples(n, feature_shape, one_hot)
    _check_shuffled(student, x, y, seed)


@exercise("ch3.shuffle")
def test_shuffle_one_feature_and_images(student):
    """The explicit examples: a 1-D x (one number per sample) with one-hot labels, and a stack
    of images (n, height, width): ``x[order, :]`` fails the first, a per-row shuffle the second."""
    for feature_shape, one_hot in (((), True), ((3, 2), False)):
        x, y = _samples(12, feature_shape, one_hot)
        _check_shuffled(student, x, y, 116)
