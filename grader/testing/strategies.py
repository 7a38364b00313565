"""Hypothesis strategies shared by the checks: arrays in both float dtypes, logits, labels."""

from __future__ import annotations

from typing import Literal

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

FLOAT_DTYPES = (np.float32, np.float64)


def float_dtypes() -> st.SearchStrategy[type]:
    return st.sampled_from(FLOAT_DTYPES)


def shapes(min_dims: int = 1, max_dims: int = 3, max_side: int = 5) -> st.SearchStrategy:
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side)


@st.composite
def float_arrays(
    draw: st.DrawFn,
    *,
    shape: st.SearchStrategy | tuple[int, ...] | None = None,
    low: float = -20.0,
    high: float = 20.0,
    min_magnitude: float = 0.0,
    dtype: type | None = None,
) -> np.ndarray:
    """Arrays of float32 or float64 in [low, high]; ``min_magnitude`` keeps values off zero."""
    dtype = dtype or draw(float_dtypes())
    width: Literal[32, 64] = 32 if dtype == np.float32 else 64
    elements = st.floats(low, high, width=width, allow_nan=False, allow_infinity=False)
    if min_magnitude > 0:
        elements = elements.filter(lambda v: abs(v) >= min_magnitude)
    drawn_shape = draw(shapes()) if shape is None else shape
    if isinstance(drawn_shape, st.SearchStrategy):
        drawn_shape = draw(drawn_shape)
    return draw(hnp.arrays(dtype, drawn_shape, elements=elements))


@st.composite
def logits(draw: st.DrawFn, *, low: float = -30.0, high: float = 30.0) -> np.ndarray:
    """A batch of logits, shape (batch, classes) with 2..6 classes (or one row, 1-D)."""
    classes = draw(st.integers(2, 6))
    batch = draw(st.sampled_from([None, 1, 2, 4]))
    shape = (classes,) if batch is None else (batch, classes)
    return draw(float_arrays(shape=shape, low=low, high=high))


@st.composite
def probability_rows(draw: st.DrawFn, shape: tuple[int, ...]) -> np.ndarray:
    """Rows of strictly positive probabilities summing to 1 (a softmax of moderate logits)."""
    z = draw(float_arrays(shape=shape, low=-4.0, high=4.0))
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True)).astype(z.dtype)


@st.composite
def one_hot_for(draw: st.DrawFn, shape: tuple[int, ...], dtype: type) -> np.ndarray:
    classes = shape[-1]
    idx = draw(hnp.arrays(np.int64, shape[:-1], elements=st.integers(0, classes - 1)))
    return np.eye(classes, dtype=dtype)[idx]


def sparse_labels_for(shape: tuple[int, ...]) -> st.SearchStrategy[np.ndarray]:
    classes = shape[-1]
    dtypes = st.sampled_from([np.int32, np.int64])
    return dtypes.flatmap(lambda d: hnp.arrays(d, shape[:-1], elements=st.integers(0, classes - 1)))


ROW_SCALES = (1e-3, 1.0, 1e3)  # rows of one batch differ by orders of magnitude
ROW_OFFSETS = (-800.0, -50.0, 0.0, 50.0, 800.0)  # an extreme row sits among ordinary ones


@st.composite
def mixed_scale_rows(
    draw: st.DrawFn,
    *,
    classes: int | None = None,
    min_rows: int = 2,
    max_rows: int = 5,
    dtype: type | None = None,
) -> np.ndarray:
    """A batch (rows, classes) whose rows differ by orders of magnitude in scale and offset,
    with at least one extreme row (scale 1000 or offset ±800) among ordinary ones (scale 1,
    offset 0): a reduction over the whole batch instead of each row (max, sum, mean) gives a
    different answer here, while it passes on rows that all look alike."""
    dtype = dtype or draw(float_dtypes())
    classes = classes or draw(st.integers(2, 6))
    rows = draw(st.integers(max(min_rows, 2), max_rows))
    base = draw(float_arrays(shape=(rows, classes), low=-3.0, high=3.0, dtype=np.float64))
    scales = [draw(st.sampled_from(ROW_SCALES)) for _ in range(rows)]
    offsets = [draw(st.sampled_from(ROW_OFFSETS)) for _ in range(rows)]
    ordinary, extreme = draw(st.permutations(range(rows)))[:2]
    scales[ordinary], offsets[ordinary] = 1.0, 0.0
    if scales[extreme] == 1.0 and abs(offsets[extreme]) < 800:
        scales[extreme], offsets[extreme] = draw(
            st.sampled_from([(1e3, 0.0), (1.0, 800.0), (1.0, -800.0)])
        )
    out = base * np.array(scales)[:, None] + np.array(offsets)[:, None]
    return out.astype(dtype)


def batch_shapes(min_dims: int = 0, max_dims: int = 2, max_side: int = 4) -> st.SearchStrategy:
    """The leading (batch) part of a shape, from none at all (one row) to ``max_dims`` axes."""
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side)


@st.composite
def logits_any_rank(
    draw: st.DrawFn,
    *,
    min_dims: int = 1,
    max_dims: int = 3,
    low: float = -30.0,
    high: float = 30.0,
) -> np.ndarray:
    """Logits of any rank, classes (2..6) along the last axis: one row (1-D), a batch (2-D) or
    a batch of sequences (3-D). On 3-D input a function that works along axis 1 instead of the
    last axis gives another answer, while it agrees with the right one on 1-D and 2-D input."""
    classes = draw(st.integers(2, 6))
    batch = draw(batch_shapes(min_dims=min_dims - 1, max_dims=max_dims - 1))
    return draw(float_arrays(shape=(*batch, classes), low=low, high=high))


# A 3-D batch whose axes all differ in length and whose values differ along every axis: the
# explicit example that tells the last axis from axis 1 (or 0), whatever a draw brings
THREE_D_LOGITS = (np.arange(24, dtype=np.float64).reshape(2, 3, 4) % 7 - 3.0) * np.array(
    [1.0, 0.5, 2.0, -1.0]
)
