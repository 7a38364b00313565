"""Checks of ch5/conv_numpy.py against TensorFlow: convolution, pooling, batch normalisation."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from grader.i18n import N_, _
from grader.testing.api import exercise, expect
from grader.testing.compare import expect_close
from grader.testing.oracle import (
    agrees_with_oracle,
    conv_cases,
    keras_batch_norm,
    pool_cases,
    random_array,
    tf_avg_pool2d,
    tf_conv2d,
    tf_max_pool2d,
)
from grader.testing.strategies import float_dtypes

UNEVEN = [  # x shape, pool/kernel size, stride: 'same' pads height and width differently
    ((2, 7, 6, 1), 3, 2),
    ((1, 5, 9, 2), 3, 2),
    ((3, 6, 7, 4), 2, 3),
]


@exercise("ch5.conv2d")
def test_same_padding_examples(student):
    cases = [((5, 3, 1), (1, 1)), ((4, 4, 1), (1, 2)), ((5, 3, 2), (1, 1)), ((6, 1, 2), (0, 0))]
    cases += [((6, 3, 2), (0, 1)), ((7, 5, 3), (2, 2)), ((2, 5, 1), (2, 2)), ((1, 2, 1), (0, 1))]
    for (n, k, s), expected in cases:
        got = student.same_padding(n, k, s)
        expect(
            isinstance(got, tuple | list) and [int(v) for v in got] == list(expected),
            _("same_padding gives the wrong (before, after) zeros"),
            inputs={"n": n, "k": k, "stride": s},
            expected=expected,
            got=got,
            hint=_(
                "total = max((ceil(n/stride) - 1)*stride + k - n, 0); an odd total puts the"
                " extra zero after"
            ),
        )


@exercise("ch5.conv2d")
def test_conv2d_is_a_correlation(student):
    """A kernel that is not symmetric tells correlation (what Conv2D does) from convolution."""
    x = np.arange(16.0).reshape(1, 4, 4, 1)
    w = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(2, 2, 1, 1)
    expected = tf_conv2d(x, w)  # top-left: 0*1 + 1*2 + 4*3 + 5*4 = 34
    got = student.conv2d(x, w)
    flipped = tf_conv2d(x, w[::-1, ::-1])
    hint = _("do not flip the kernel: out[i, j] = sum x[i+di, j+dj] * w[di, dj] (no rotation)")
    if np.shape(got) == flipped.shape and np.allclose(np.asarray(got, np.float64), flipped):
        hint = _("the kernel was rotated by 180 degrees: Conv2D slides it as it is")
    expect_close(got, expected, inputs={"x": x, "w": w}, what="conv2d(x, w)", hint=hint)


@pytest.mark.visibility("public")
@exercise("ch5.conv2d")
def test_conv2d_course_example(student):
    """The course's single-channel example: one output pixel of 1 (bias 1)."""
    x = np.array([[1, 0, 2], [5, 4, 2], [3, 4, 5]], dtype=np.float64).reshape(1, 3, 3, 1)
    w = np.array([[-1, 0, 1]] * 3, dtype=np.float64).reshape(3, 3, 1, 1)
    expect_close(
        student.conv2d(x, w, np.array([1.0])),
        np.ones((1, 1, 1, 1)),
        inputs={"x": x[0, :, :, 0], "w": w[:, :, 0, 0], "b": 1.0},
        what=N_("the course's 3x3 example"),
        hint=_("multiply the overlapping elements, add them up, then add the bias"),
    )


def _conv_diagnoses(case):
    x, w, b, stride, padding = case.values()
    pair = (stride, stride) if np.ndim(stride) == 0 else stride
    return [
        (lambda: tf_conv2d(x, w[::-1, ::-1], b, stride, padding),
         _("the kernel was rotated by 180 degrees: Conv2D does not flip it")),
        (lambda: tf_conv2d(x, w, None, stride, padding), _("the bias was not added")),
        (lambda: tf_conv2d(x, w, b, (pair[1], pair[0]), padding),
         _("stride is (vertical, horizontal): the first number steps down the rows")),
        (lambda: _pad_before_first(x, w, b, stride),
         _("TensorFlow puts the odd extra zero of 'same' padding after (bottom/right), not"
           " before")),
    ]  # fmt: skip


def _tf_pads(n, k, s):
    total = max((-(-n // s) - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def _pad_before_first(x, w, b, stride):
    kh, kw = w.shape[:2]
    sh, sw = (stride, stride) if np.ndim(stride) == 0 else stride
    pads = [_tf_pads(x.shape[1], kh, sh)[::-1], _tf_pads(x.shape[2], kw, sw)[::-1]]
    padded = np.pad(np.asarray(x, np.float64), ((0, 0), pads[0], pads[1], (0, 0)))
    return tf_conv2d(padded, w, b, stride, "valid")


@exercise("ch5.conv2d")
def test_conv2d_same_pads_each_side_by_its_own_size(student):
    for shape, k, s in UNEVEN:
        x = random_array(sum(shape), shape, np.float64)
        w = random_array(k, (k, k + 1, shape[3], 2), np.float64)
        args = {"x": x, "w": w, "b": None, "stride": s, "padding": "same"}
        agrees_with_oracle(
            student.conv2d,
            tf_conv2d,
            args,
            what=_("conv2d on a {size} input").format(size=f"{shape[1]}x{shape[2]}"),
            hint=_(
                "the height's padding comes from the height (axis 1) and the kernel's height,"
                " the width's from axis 2 and the kernel's width"
            ),
            terms=k * (k + 1) * shape[3],
        )


@exercise("ch5.conv2d")
@given(case=conv_cases())
def test_conv2d_matches_tensorflow(student, case):
    kh, kw, cin = case["w"].shape[:3]
    agrees_with_oracle(
        student.conv2d,
        tf_conv2d,
        case,
        what="conv2d",
        hint=_(
            "pad as same_padding says ('same'), slide with the stride, sum over kh, kw and"
            " in_channels for every filter"
        ),
        terms=kh * kw * cin,
        diagnoses=_conv_diagnoses(case),
    )


@exercise("ch5.pooling")
def test_pooling_keeps_channels_apart(student):
    x = np.array([[[1.0, -8.0], [2.0, -4.0]], [[3.0, -6.0], [0.0, -2.0]]]).reshape(1, 2, 2, 2)
    for name, expected in (("max_pool2d", [[3.0, -2.0]]), ("avg_pool2d", [[1.5, -5.0]])):
        got = getattr(student, name)(x, 2)
        mixed = np.shape(got) == (1, 1, 1, 2) and np.ptp(np.asarray(got, np.float64)) == 0
        expect_close(
            got,
            np.array(expected).reshape(1, 1, 1, 2),
            inputs={_("x (channel {c})").format(c=0): x[0, :, :, 0],
                    _("x (channel {c})").format(c=1): x[0, :, :, 1], "pool_size": 2},
            what=_("{name} of a 2x2 input with 2 channels").format(name=name),
            hint=_("the window covers rows and columns only: every channel is pooled on its own")
            if mixed else _("one window of 2x2 pixels per channel"),
        )  # fmt: skip


@exercise("ch5.pooling")
def test_avg_pool_same_leaves_padding_out(student):
    x = np.arange(9.0).reshape(1, 3, 3, 1)
    expected = tf_avg_pool2d(x, 2, 2, "same")  # the bottom-right window holds the 8 alone
    got = student.avg_pool2d(x, 2, 2, "same")
    expect_close(
        got,
        expected,
        inputs={"x": x[0, :, :, 0], "pool_size": 2, "stride": 2, "padding": "same"},
        what=N_("avg_pool2d with 'same' padding"),
        hint=_("average only the real pixels of a window: padded cells do not count"),
    )


@exercise("ch5.pooling")
def test_pooling_same_pads_each_side_by_its_own_size(student):
    for shape, k, s in UNEVEN:
        x = random_array(sum(shape), shape, np.float64, -5.0, 5.0)
        for name, oracle in (("max_pool2d", tf_max_pool2d), ("avg_pool2d", tf_avg_pool2d)):
            args = {"x": x, "pool_size": k, "stride": s, "padding": "same"}
            agrees_with_oracle(
                getattr(student, name),
                oracle,
                args,
                what=_("{name} on a {size} input").format(name=name, size=f"{shape[1]}x{shape[2]}"),
                hint=_(
                    "the height's padding comes from the height (axis 1), the width's from the"
                    " width (axis 2); np.pad takes them in that order"
                ),
            )


@pytest.mark.visibility("public")
@exercise("ch5.pooling")
@given(case=pool_cases())
def test_max_pool_matches_tensorflow(student, case):
    x = case["x"]
    agrees_with_oracle(
        student.max_pool2d,
        tf_max_pool2d,
        case,
        what="max_pool2d",
        hint=_("stride None means stride = pool_size; with 'same', padded cells never win"),
        diagnoses=[
            (lambda: np.broadcast_to(tf_max_pool2d(**case).max(axis=-1, keepdims=True),
                                     tf_max_pool2d(**case).shape),
             _("the channels were pooled together: take the maximum of each channel alone")),
            (lambda: tf_max_pool2d(x, case["pool_size"], 1, case["padding"]),
             _("without a stride, the window moves by pool_size (not by 1)")),
        ],
    )  # fmt: skip


@exercise("ch5.pooling")
@given(case=pool_cases())
def test_avg_pool_matches_tensorflow(student, case):
    x, k, s = case["x"], case["pool_size"], case["stride"]
    agrees_with_oracle(
        student.avg_pool2d,
        tf_avg_pool2d,
        case,
        what="avg_pool2d",
        hint=_("stride None means stride = pool_size; with 'same', divide by the number of real"
        " pixels in the window"),
        diagnoses=[
            (lambda: tf_avg_pool2d(x, k, 1, case["padding"]),
             _("without a stride, the window moves by pool_size (not by 1)")),
            (lambda: _avg_counting_zeros(x, k, s),
             _("padded zeros were counted: divide by the number of real pixels in the window")),
        ],
    )  # fmt: skip


def _avg_counting_zeros(x, k, s):
    s = k if s is None else s
    pads = [_tf_pads(n, k, s) for n in x.shape[1:3]]
    padded = np.pad(np.asarray(x, np.float64), ((0, 0), pads[0], pads[1], (0, 0)))
    return tf_avg_pool2d(padded, k, s, "valid")


@st.composite
def bn_cases(draw):
    dtype = draw(float_dtypes())
    rank4 = draw(st.booleans())
    n, c = draw(st.integers(2, 4)), draw(st.integers(1, 4))
    shape = (n, draw(st.integers(1, 4)), draw(st.integers(1, 4)), c) if rank4 else (n, c)
    seed = draw(st.integers(0, 2**16))
    # channels of very different scales and offsets in one batch
    scales = 10.0 ** np.arange(-1, c - 1)
    x = random_array(seed, shape, np.float64) * scales + np.arange(c) * 3.0
    return {
        "x": x.astype(dtype),
        "gamma": random_array(seed + 1, (c,), dtype, 0.5, 2.0),
        "beta": random_array(seed + 2, (c,), dtype, -1.0, 1.0),
        "epsilon": draw(st.sampled_from([1e-3, 1e-5, 0.1])),
    }


def _bn_wrong(x, gamma, beta, epsilon, *, ddof=0, axes=None):
    x = np.asarray(x, np.float64)
    axes = tuple(range(x.ndim - 1)) if axes is None else axes
    mu, var = x.mean(axis=axes, keepdims=True), x.var(axis=axes, ddof=ddof, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + epsilon) + beta


@exercise("ch5.batch_norm")
def test_batch_norm_biased_variance(student):
    x = np.array([[1.0], [3.0]])
    args = {"x": x, "gamma": np.ones(1), "beta": np.zeros(1), "epsilon": 0.0}
    expect_close(
        student.batch_norm(*args.values()),
        np.array([[-1.0], [1.0]]),
        inputs=args,
        what=N_("batch_norm of [1, 3] (mean 2, variance 1)"),
        hint=_("the variance divides by m, not m - 1: mean((x - mu)^2)"),
    )


@pytest.mark.visibility("public")
@exercise("ch5.batch_norm")
@given(case=bn_cases())
def test_batch_norm_matches_keras(student, case):
    x = case["x"]
    wrong = dict(case, x=x.astype(np.float64))
    agrees_with_oracle(
        student.batch_norm,
        keras_batch_norm,
        case,
        what="batch_norm",
        hint=_("one mean and variance per channel, over the batch and every position"),
        terms=100,  # the normalised outputs are of size 1, whatever the inputs' scale
        scale=1.0,
        diagnoses=[
            (lambda: _bn_wrong(**wrong, ddof=1),
             _("the variance must divide by m (biased, as Keras), not m - 1")),
            (lambda: _bn_wrong(**wrong, axes=tuple(range(x.ndim))),
             _("statistics over every axis at once: each channel has its own mean and variance")),
            (lambda: _bn_wrong(**wrong, axes=tuple(range(1, x.ndim))),
             _("statistics per sample: BN averages over the batch (axis 0) and H, W")),
            (lambda: _bn_wrong(**wrong, axes=(0,)),
             _("statistics per pixel position: on feature maps average over N, H and W (axes 0,"
             " 1, 2), not over the batch alone")),
        ],
    )  # fmt: skip


@exercise("ch5.batch_norm")
def test_batch_norm_of_feature_maps_and_of_vectors(student):
    """Both ranks the docstring allows, with sizes that all differ: [N, H, W, C] = [3, 2, 4, 2]
    (one mean per channel over 24 values, not one per pixel position) and [N, C] = [5, 3]."""
    for seed, shape in ((7, (3, 2, 4, 2)), (8, (5, 3)), (9, (2, 3, 1, 4))):
        c = shape[-1]
        rng = np.random.default_rng(seed)
        x = rng.normal(size=shape) * 10.0 ** np.arange(c) + np.arange(c)
        args = {"x": x, "gamma": rng.uniform(0.5, 2.0, c), "beta": rng.normal(size=c),
                "epsilon": 1e-3}  # fmt: skip
        agrees_with_oracle(
            student.batch_norm,
            keras_batch_norm,
            args,
            what=_("batch_norm of x with shape {shape}").format(shape=shape),
            hint=_("one mean and variance per channel (the last axis), over every other axis:"
            " axes (0, 1, 2) for feature maps, axis 0 for [N, C]"),
            terms=100,
            scale=1.0,
            diagnoses=[(lambda a=args: _bn_wrong(**a, axes=(0,)),
                        _("statistics per pixel position: average over N, H and W, not N alone"))],
        )  # fmt: skip


@exercise("ch5.batch_norm")
def test_batch_norm_default_epsilon_is_keras(student):
    """A channel of tiny variance (1e-4): epsilon 1e-3 and 1e-5 (PyTorch's) give outputs that
    differ by a factor of 3, so the default shows."""
    x = np.array([[0.0, 1.0], [0.02, 3.0], [0.01, 2.0], [0.03, 0.0]])
    gamma, beta = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    args = {"x": x, "gamma": gamma, "beta": beta}
    expected = keras_batch_norm(x, gamma, beta, 1e-3)
    got = student.batch_norm(x, gamma, beta)
    hint = _("epsilon defaults to Keras's 1e-3 (the course's delta), not 1e-5")
    if np.shape(got) == expected.shape and np.allclose(got, _bn_wrong(x, gamma, beta, 1e-5)):
        hint = _("epsilon defaulted to 1e-5 (PyTorch's); Keras's default, 1e-3, is asked for")
    expect_close(got, expected, inputs=args,
                 what=N_("batch_norm(x, gamma, beta) with the default epsilon"),
                 hint=hint)  # fmt: skip
