"""Checks of ch5/scratch_cnn.py: every forward against TensorFlow, every backward against the
GradientTape gradients of the same computation, and a few SGD steps on real MNIST digits."""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from grader.i18n import N_, _
from grader.testing.api import exercise, expect, time_limit, unpack
from grader.testing.compare import call_unchanged, expect_close
from grader.testing.oracle import random_array, tf_conv2d, tf_max_pool2d
from grader.testing.strategies import float_dtypes


def _tape(fn, *arrays):
    """(value, gradients) of the scalar fn(*variables) at float64 copies of ``arrays``."""
    import tensorflow as tf

    variables = [tf.Variable(np.asarray(a, np.float64)) for a in arrays]
    with tf.GradientTape() as tape:
        value = fn(*variables)
    return float(value), [g.numpy() for g in tape.gradient(value, variables)]


def _tf_softmax_loss(h, w, b, y):
    import tensorflow as tf

    logits = h @ w + b
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, logits))


def _tf_network_loss(x, y):
    """The whole network as TensorFlow ops: the trusted side of train_step."""
    import tensorflow as tf

    def loss(conv_w, conv_b, fc_w, fc_b):
        conv = tf.nn.conv2d(x, conv_w, 1, "VALID") + conv_b
        pooled = tf.nn.max_pool2d(conv, 2, 2, "VALID")
        flat = tf.reshape(pooled, (pooled.shape[0], -1))  # NHWC order, as Keras's Flatten
        return _tf_softmax_loss(flat, fc_w, fc_b, y)

    return loss


def _grads(got, count, names, what, inputs):
    return unpack(got, count, what=what, names=names, inputs=inputs)


@st.composite
def conv_inputs(draw):
    dtype = draw(float_dtypes())
    n, h, w = draw(st.integers(1, 3)), draw(st.integers(3, 8)), draw(st.integers(3, 8))
    cin, cout, seed = draw(st.integers(1, 3)), draw(st.integers(1, 4)), draw(st.integers(0, 9999))
    return {
        "x": random_array(seed, (n, h, w, cin), dtype),
        "w": random_array(seed + 1, (3, 3, cin, cout), dtype),
        "b": random_array(seed + 2, (cout,), dtype),
        "dout": random_array(seed + 3, (n, h - 2, w - 2, cout), dtype),
    }


def _tol(a):
    return {"rtol": 2e-4, "atol": 1e-4} if a.dtype == np.float32 else {"rtol": 1e-7, "atol": 1e-9}


@exercise("ch5.scratch_cnn")
@given(case=conv_inputs())
def test_conv_forward_and_backward(student, case):
    x, w, b, dout = case.values()
    inputs = {"x": x, "w": w, "b": b}
    expect_close(
        student.conv_forward(x, w, b),
        tf_conv2d(x, w, b),
        inputs=inputs,
        what="conv_forward",
        hint=_("'valid', stride 1, kernel not flipped: out[i, j] = sum x[i+di, j+dj] * w[di, dj]"),
        **_tol(x),
    )
    import tensorflow as tf

    _value, expected = _tape(
        lambda x_, w_, b_: tf.reduce_sum((tf.nn.conv2d(x_, w_, 1, "VALID") + b_) * dout), x, w, b
    )
    got = _grads(
        student.conv_backward(x, w, dout),
        3,
        "dx, dw, db",
        "conv_backward",
        {**inputs, "dout": dout},
    )
    hints = (
        _("dx: every output pixel sends dout * w back to the pixels its kernel covered"),
        _("dw[di, dj] = sum over n, i, j of x[n, i+di, j+dj, :] (outer) dout[n, i, j, :]"),
        _("db = dout summed over the batch, rows and columns"),
    )
    for name, g, e, hint in zip(("dx", "dw", "db"), got, expected, hints):
        expect_close(g, e, inputs={**inputs, "dout": dout},
                     what=_("conv_backward's {name}").format(name=name), hint=hint,
                     **_tol(x))  # fmt: skip


@st.composite
def pool_inputs(draw):
    dtype = draw(float_dtypes())
    n, h, w, c = (draw(st.integers(1, 3)), draw(st.integers(2, 7)), draw(st.integers(2, 7)),
                  draw(st.integers(1, 3)))  # fmt: skip
    seed = draw(st.integers(0, 9999))
    x = random_array(seed, (n, h, w, c), dtype, -3.0, 3.0)
    if draw(st.booleans()):  # ties: a ReLU-like floor of zeros makes equal maxima
        x = np.maximum(x, 0).astype(dtype)
    return x, random_array(seed + 1, (n, h // 2, w // 2, c), dtype)


@exercise("ch5.scratch_cnn")
@given(xd=pool_inputs())
def test_maxpool_forward_and_backward(student, xd):
    x, dout = xd
    expect_close(
        student.maxpool_forward(x),
        tf_max_pool2d(x, 2, 2, "valid"),
        inputs={"x": x},
        what="maxpool_forward",
        hint=_("2x2 windows, stride 2, per channel; an odd last row/column is dropped"),
    )
    import tensorflow as tf

    _value, (expected,) = _tape(
        lambda x_: tf.reduce_sum(tf.nn.max_pool2d(x_, 2, 2, "VALID") * dout), x
    )
    got = student.maxpool_backward(x, dout)
    expect_close(
        got,
        expected,
        inputs={"x": x, "dout": dout},
        what="maxpool_backward",
        hint=_(
            "only each window's maximum gets its gradient; among equal maxima the first in"
            " reading order"
        ),
    )


@pytest.mark.visibility("public")
@exercise("ch5.scratch_cnn")
def test_maxpool_backward_ties_go_to_the_first(student):
    x = np.zeros((1, 2, 2, 1))
    x[0, 0, 1, 0] = x[0, 1, 0, 0] = 1.0  # top-right and bottom-left both hold the maximum
    got = student.maxpool_backward(x, np.ones((1, 1, 1, 1)))
    expect_close(
        got,
        np.array([0.0, 1.0, 0.0, 0.0]).reshape(1, 2, 2, 1),
        inputs={"x": x[0, :, :, 0], "dout": 1.0},
        what=N_("maxpool_backward with two equal maxima"),
        hint=_(
            "the whole gradient goes to the first maximum in reading order (top-right here),"
            " as TensorFlow does: not split, not to both"
        ),
    )


@st.composite
def dense_inputs(draw):
    dtype = draw(float_dtypes())
    n, d, k, seed = (draw(st.integers(1, 6)), draw(st.integers(1, 8)), draw(st.integers(2, 6)),
                     draw(st.integers(0, 9999)))  # fmt: skip
    scale = draw(st.sampled_from([1.0, 30.0]))  # large scores: exp would overflow unshifted
    h = random_array(seed, (n, d), dtype, -scale, scale)
    w, b = random_array(seed + 1, (d, k), dtype), random_array(seed + 2, (k,), dtype)
    y = np.random.default_rng(seed).integers(0, k, size=n)
    return {"h": h, "w": w, "b": b, "y": y}


@exercise("ch5.scratch_cnn")
def test_softmax_layer_on_huge_scores_and_rows_of_different_scales(student):
    """Scores of a thousand overflow exp unless each row is shifted by its own maximum; a
    row of ordinary scores next to them underflows to 0 if the shift is the batch's maximum."""
    for dtype in (np.float64, np.float32):
        case = {
            "h": np.array([[1000.0, -1000.0, 0.0], [1.0, 2.0, 0.5]], dtype),
            "w": np.eye(3, dtype=dtype),
            "b": np.zeros(3, dtype),
            "y": np.array([0, 2]),  # each label's probability stays representable
        }
        labels = case["y"]
        value, expected = _tape(
            lambda h, w, b, y=labels: _tf_softmax_loss(h, w, b, y), *list(case.values())[:3]
        )
        hint = _("subtract each row's own maximum (axis=1, keepdims=True) before exp")
        tol = _tol(case["h"])
        expect_close(student.softmax_forward(*case.values()), value, inputs=case,
                     what=N_("softmax_forward (the mean loss)"), hint=hint, **tol)  # fmt: skip
        got = _grads(
            student.softmax_backward(*case.values()), 3, "dh, dw, db", "softmax_backward", case
        )
        for name, g, e in zip(("dh", "dw", "db"), got, expected):
            expect_close(g, e, inputs=case,
                         what=_("softmax_backward's {name}").format(name=name), hint=hint,
                         **tol)  # fmt: skip


@exercise("ch5.scratch_cnn")
@given(case=dense_inputs())
def test_softmax_layer_forward_and_backward(student, case):
    value, expected = _tape(
        lambda h, w, b: _tf_softmax_loss(h, w, b, case["y"]), *list(case.values())[:3]
    )
    tol = _tol(case["h"])
    expect_close(student.softmax_forward(*case.values()), value, inputs=case,
                 what=N_("softmax_forward (the mean loss)"),
                 hint=_("mean over the batch of -log softmax(h w + b)[label]; shift by the row"
                 " maximum before exp"), **tol)  # fmt: skip
    got = _grads(
        student.softmax_backward(*case.values()), 3, "dh, dw, db", "softmax_backward", case
    )
    for name, g, e in zip(("dh", "dw", "db"), got, expected):
        expect_close(g, e, inputs=case, what=_("softmax_backward's {name}").format(name=name),
                     hint=_("dz = (softmax - one_hot) / N: the 1/N of the mean is easy to forget"),
                     **tol)  # fmt: skip


def _network_case(seed, n, dtype, x=None, y=None, classes=5, size=(8, 9, 2), filters=4):
    """params, x (n, *size) NHWC and y of ``classes`` labels (or the x, y given)."""
    rng = np.random.default_rng(seed)
    if x is None:
        x = rng.uniform(0, 1, size=(n, *size)).astype(dtype)
        y = rng.integers(0, classes, size=n)
    c, f, k = x.shape[3], filters, classes
    d = (x.shape[1] - 2) // 2 * ((x.shape[2] - 2) // 2) * f
    params = {
        "conv_w": (rng.normal(size=(3, 3, c, f)) * 0.3).astype(dtype),
        "conv_b": np.zeros(f, dtype),
        "fc_w": (rng.normal(size=(d, k)) * 0.05).astype(dtype),
        "fc_b": np.zeros(k, dtype),
    }
    return params, x, y


def _check_step(student, params, x, y, lr, what):
    value, grads = _tape(_tf_network_loss(np.asarray(x, np.float64), y), *params.values())
    args = {"params": params, "x": x, "y": y, "lr": lr}
    hint = _("return a new dict: {k: params[k] - lr * grads[k] ...}, never params[k] -= ...")
    got = unpack(call_unchanged(student.train_step, args, hint=hint), 2, what=what,
                 names="new_params, loss")  # fmt: skip
    new, loss = got
    expect(isinstance(new, dict) and set(new) == set(params),
           _("{what} must return a dict with the keys {keys} first").format(
               what=what, keys=sorted(params)), got=new)  # fmt: skip
    tol = _tol(x)
    expect_close(loss, value, what=_("{what}'s loss (before the step)").format(what=what), **tol,
                 hint=_("conv -> 2x2 max pool -> flatten (NHWC order) -> softmax"
                        " layer"))  # fmt: skip
    for (name, p), g in zip(params.items(), grads):
        expect_close(new[name], np.asarray(p, np.float64) - lr * g,
                     what=_("{what}'s new {name}").format(what=what, name=name),
                     hint=_("new = old - lr * gradient; backward in reverse order of the forward"),
                     **tol)  # fmt: skip
    return new, loss


@exercise("ch5.scratch_cnn")
@given(
    seed=st.integers(0, 9999),
    n=st.integers(1, 4),
    dtype=float_dtypes(),
    size=st.tuples(st.integers(4, 9), st.integers(4, 9), st.integers(1, 3)),
    filters=st.integers(1, 4),
    classes=st.integers(2, 6),
)
@example(seed=1, n=3, dtype=np.float64, size=(8, 9, 2), filters=4, classes=5)
@example(seed=2, n=2, dtype=np.float64, size=(7, 10, 3), filters=2, classes=3)  # odd, not square
@example(seed=3, n=1, dtype=np.float64, size=(6, 6, 1), filters=1, classes=4)
def test_train_step_matches_gradient_tape(student, seed, n, dtype, size, filters, classes):
    """Every size the docstring leaves free is drawn: N, H, W, C, F and K (D follows)."""
    params, x, y = _network_case(seed, n, dtype, classes=classes, size=size, filters=filters)
    _check_step(student, params, x, y, 0.5, "train_step")


@exercise("ch5.scratch_cnn")
@time_limit(120)
def test_sgd_on_mnist_digits_lowers_the_loss(student):
    from grader.data import load

    (x_train, y_train), _test = load("mnist", sample=True)
    x = (x_train[:64, :, :, None] / 255.0).astype(np.float32)  # (64, 28, 28, 1)
    y = y_train[:64].astype(np.int64)
    params, x, y = _network_case(0, 64, np.float32, x, y, classes=10)
    losses = []
    for step in range(6):
        params, loss = _check_step(
            student, params, x, y, 0.5, _("train_step (step {step})").format(step=step + 1)
        )
        params = {k: np.asarray(v, np.float32) for k, v in params.items()}
        losses.append(float(loss))
    expect(
        losses[-1] < 0.8 * losses[0],
        _("six SGD steps on 64 MNIST digits did not lower the loss"),
        expected=_("below {value:.4f}").format(value=0.8 * losses[0]),
        got=[round(v, 4) for v in losses],
        hint=_("step against the gradient: params - lr * grad"),
    )
