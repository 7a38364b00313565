"""Keras and TensorFlow as the trusted oracle of a check.

A check draws sizes with Hypothesis, fills the arrays from a seeded generator (well spread
values, no accidental ties), calls the student's function with that plain data, calls the
TensorFlow op or Keras layer given the same weights, and compares:

    @given(case=conv_cases())
    def test_conv(student, case):
        agrees_with_oracle(student.conv2d, tf_conv2d, case, what="conv2d", terms=...)

The oracle always computes in float64, so the expected values are as exact as the inputs; the
tolerance follows the inputs' dtype and how many products each output sums (``terms``).
``diagnoses`` name wrong answers worth recognising: when the student's result equals one of
them, its hint is the one shown (the hint is chosen from what went wrong, not fixed).

TensorFlow is imported with this module, when the checks are collected, so that its import
time (seconds, more on a busy machine) is not charged to the first check that uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import keras
import numpy as np
import tensorflow as tf
from hypothesis import strategies as st

from grader.testing.api import CheckFailure
from grader.testing.compare import as_array, expect_close
from grader.testing.strategies import float_dtypes


def random_array(
    seed: int, shape: tuple[int, ...], dtype: Any, low: float = -1.0, high: float = 1.0
) -> np.ndarray:
    """A reproducible array of distinct-looking values (uniform in [low, high])."""
    return np.random.default_rng(seed).uniform(low, high, size=shape).astype(dtype)


def _f64(a: Any) -> Any:
    return None if a is None else np.asarray(a, dtype=np.float64)


def _pair(v: Any) -> tuple[int, int]:
    return (int(v), int(v)) if np.ndim(v) == 0 else (int(v[0]), int(v[1]))


# ---- the oracles: TensorFlow / Keras on float64 copies of the inputs -------------------------


def tf_conv2d(x: Any, w: Any, b: Any = None, stride: Any = 1, padding: str = "valid") -> np.ndarray:
    out = tf.nn.conv2d(tf.constant(_f64(x)), tf.constant(_f64(w)), _pair(stride), padding.upper())
    out = out.numpy()
    return out if b is None else out + _f64(b)


def _tf_pool(op: Any, x: Any, pool_size: Any, stride: Any, padding: str) -> np.ndarray:
    s = pool_size if stride is None else stride
    return np.asarray(op(tf.constant(_f64(x)), pool_size, s, padding.upper()), np.float64)


def tf_max_pool2d(
    x: Any, pool_size: Any = 2, stride: Any = None, padding: str = "valid"
) -> np.ndarray:
    return _tf_pool(tf.nn.max_pool2d, x, pool_size, stride, padding)


def tf_avg_pool2d(
    x: Any, pool_size: Any = 2, stride: Any = None, padding: str = "valid"
) -> np.ndarray:
    return _tf_pool(tf.nn.avg_pool2d, x, pool_size, stride, padding)


def keras_layer_output(
    layer: Any, x: Any, weights: list[Any], *, training: bool = False
) -> np.ndarray:
    """A Keras layer (made by the check, float64) built for x, given ``weights``, called on x."""
    x = _f64(x)
    layer.build(x.shape)
    layer.set_weights([_f64(w) for w in weights])
    return np.asarray(layer(x, training=training), np.float64)


def keras_batch_norm(x: Any, gamma: Any, beta: Any, epsilon: float = 1e-3) -> np.ndarray:
    """keras.layers.BatchNormalization in training mode: the batch's own statistics."""
    x = _f64(x)
    layer = keras.layers.BatchNormalization(epsilon=epsilon, dtype="float64")
    channels = x.shape[-1]
    moving = [np.zeros(channels), np.ones(channels)]  # not used in training mode
    return keras_layer_output(layer, x, [gamma, beta, *moving], training=True)


# ---- the comparison -------------------------------------------------------------------------


def _tolerance(
    args: dict[str, Any], terms: int, result: np.ndarray, scale: float | None
) -> tuple[float, float]:
    """float32 in the inputs or in the result means float32 precision (a float64 input may
    be computed in float32: that is a correct answer). The absolute part grows with the
    number of products summed into each output and with their size: ``scale`` when the
    check knows it, else the square of the largest input."""
    arrays = [np.asarray(v) for v in args.values() if isinstance(v, np.ndarray)]
    single = any(a.dtype == np.float32 for a in arrays) or result.dtype.itemsize < 8
    if scale is None:
        largest = 1.0
        for a in arrays:
            if a.size and a.dtype.kind == "f":
                largest = max(largest, float(np.max(np.abs(a))))
        scale = largest * largest
    eps = 1e-6 if single else 1e-12
    return (2e-4 if single else 1e-7), eps * max(terms, 1) * scale


def agrees_with_oracle(
    student_fn: Callable[..., Any],
    oracle_fn: Callable[..., Any],
    args: dict[str, Any],
    *,
    what: str,
    hint: str = "",
    terms: int = 1,
    scale: float | None = None,
    diagnoses: Iterable[tuple[Callable[[], Any], str]] = (),
) -> np.ndarray:
    """Call ``student_fn(*args.values())`` and ``oracle_fn(**args)``; fail with the input, both
    results and a hint unless they agree. Returns the student's result as an ndarray."""
    expected = oracle_fn(**args)
    got = student_fn(*args.values())
    got_array = as_array(got, what=what, inputs=args)
    rtol, atol = _tolerance(args, terms, got_array, scale)
    try:
        return expect_close(got, expected, inputs=args, what=what, hint=hint, rtol=rtol, atol=atol)
    except CheckFailure as failure:
        for wrong, wrong_hint in diagnoses:
            candidate = np.asarray(wrong(), dtype=np.float64)
            if candidate.shape == got_array.shape and np.allclose(
                got_array, candidate, rtol=rtol, atol=atol
            ):
                failure.hint = wrong_hint
                break
        raise


# ---- strategies of convolution-shaped inputs ------------------------------------------------


@st.composite
def conv_cases(draw: st.DrawFn, *, max_side: int = 9, max_channels: int = 4) -> dict[str, Any]:
    """x (NHWC), w (kh, kw, cin, cout), b or None, stride (int or pair), padding."""
    dtype = draw(float_dtypes())
    padding = draw(st.sampled_from(["valid", "same", "SAME", "VALID"]))
    h, wd = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    kh = draw(st.integers(1, 5 if padding.lower() == "same" else min(h, 5)))
    kw = draw(st.integers(1, 5 if padding.lower() == "same" else min(wd, 5)))
    stride = draw(st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    batch, cin, cout = (
        draw(st.integers(1, 3)),
        draw(st.integers(1, max_channels)),
        draw(st.integers(1, max_channels)),
    )
    seed = draw(st.integers(0, 2**16))
    bias = draw(st.booleans())
    return {
        "x": random_array(seed, (batch, h, wd, cin), dtype),
        "w": random_array(seed + 1, (kh, kw, cin, cout), dtype),
        "b": random_array(seed + 2, (cout,), dtype) if bias else None,
        "stride": stride,
        "padding": padding,
    }


@st.composite
def pool_cases(draw: st.DrawFn, *, max_side: int = 9, max_channels: int = 4) -> dict[str, Any]:
    """x (NHWC), pool_size, stride (None = pool_size), padding."""
    dtype = draw(float_dtypes())
    padding = draw(st.sampled_from(["valid", "same", "SAME"]))
    h, wd = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    limit = 4 if padding.lower() == "same" else min(h, wd, 4)
    pool = draw(st.integers(1, limit))
    stride = draw(st.one_of(st.none(), st.integers(1, 3)))
    batch, channels = draw(st.integers(1, 3)), draw(st.integers(1, max_channels))
    seed = draw(st.integers(0, 2**16))
    x = random_array(seed, (batch, h, wd, channels), dtype, -5.0, 5.0)
    return {"x": x, "pool_size": pool, "stride": stride, "padding": padding}
