"""What a check file uses: the exercise marker, type-strict conversion and comparisons.

A comparison that fails raises CheckFailure, which carries the input that broke it, what was
expected, what was received and a hint; the plugin turns it into the scorecard's failure row.
"""

from __future__ import annotations

import numbers
from typing import Any, cast

import numpy as np
import pytest


def exercise(exercise_id: str) -> pytest.MarkDecorator:
    """Tie a check to an exercise of the registry: ``@exercise("ch2.softmax")``."""
    return pytest.mark.exercise(exercise_id)


def time_limit(seconds: float) -> pytest.MarkDecorator:
    """Give a slow check (e.g. training) its own wall-time limit instead of the default."""
    return pytest.mark.time_limit(seconds)


class CheckFailure(AssertionError):
    """A wrong answer: what broke, for which input, expected vs got, and a hint."""

    def __init__(
        self,
        message: str,
        *,
        inputs: Any = None,
        expected: Any = None,
        got: Any = None,
        hint: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.inputs = "" if inputs is None else show_inputs(inputs)
        self.expected = "" if expected is None else show(expected)
        self.got = "" if got is None else show(got)
        self.hint = hint


class NotAttempted(Exception):
    """The exercise's functions are still the shipped stubs."""


def show(value: Any, limit: int = 160) -> str:
    """A short, readable form of a value for the scorecard."""
    if hasattr(value, "numpy") and callable(value.numpy):
        try:
            value = value.numpy()
        except Exception:  # noqa: BLE001 - show whatever it is
            pass
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=6, threshold=12, edgeitems=3, linewidth=10_000):
            body = np.array2string(value, separator=", ")
        text = f"{body} (shape {value.shape}, {value.dtype})"
    elif isinstance(value, float | np.floating):
        text = f"{float(value):.8g}"
    elif isinstance(value, str):
        text = value
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_inputs(inputs: Any) -> str:
    if isinstance(inputs, dict):
        return ", ".join(f"{k}={show(v, 120)}" for k, v in inputs.items())
    return show(inputs)


_TF_TYPES: tuple[type, ...] | None = None


def _tf_types() -> tuple[type, ...]:
    global _TF_TYPES
    if _TF_TYPES is None:
        import keras
        import tensorflow as tf

        _TF_TYPES = (tf.Tensor, tf.Variable, keras.Variable)
    return _TF_TYPES


def _is_leaf_number(value: Any) -> bool:
    return isinstance(value, numbers.Real | np.generic) and not isinstance(value, np.str_)


def as_array(value: Any, *, what: str = "the result", inputs: Any = None) -> np.ndarray:
    """Convert a returned value to an ndarray, strictly.

    Accepted: NumPy arrays and scalars, TensorFlow tensors and variables, Python numbers and
    (nested) lists/tuples of those. Anything else (an object with a clever ``__eq__``, None, a
    string) is a wrong answer, whatever it claims to equal.
    """
    if isinstance(value, np.ndarray):
        arr = np.array(value, copy=True)  # drops ndarray subclasses and their overrides
    elif isinstance(value, _tf_types()):
        arr = np.array(cast(Any, value).numpy(), copy=True)
    elif _is_leaf_number(value):
        arr = np.array(value)
    elif isinstance(value, list | tuple):
        parts = [as_array(v, what=what, inputs=inputs) for v in value]
        try:
            arr = np.array(parts)
        except ValueError:
            raise CheckFailure(
                f"{what} is a ragged list (its items have different shapes)",
                inputs=inputs,
                got=value,
            ) from None
    else:
        raise CheckFailure(
            f"{what} is a {type(value).__name__}; expected a NumPy array, a tensor, a list or a"
            " number",
            inputs=inputs,
            got=value,
            hint="return the computed value itself (e.g. a tf.Tensor or np.ndarray)",
        )
    if arr.dtype == object or arr.dtype.kind not in "biuf":
        raise CheckFailure(
            f"{what} has dtype {arr.dtype}; expected real numbers", inputs=inputs, got=value
        )
    return arr


def _tolerance(results: tuple[np.ndarray, ...], inputs: tuple[np.ndarray, ...]) -> tuple:
    """(rtol, atol) for comparing results computed from ``inputs``.

    float64 everywhere: tight; float32 anywhere: float32-sized. The absolute part grows with
    the inputs' magnitude, because a difference of two large inputs (say 32.9727 - 32.9711 in
    float32) is only as exact as those inputs, however it is computed.
    """
    arrays = results + inputs
    low_precision = any(a.dtype.kind == "f" and a.dtype.itemsize < 8 for a in arrays)
    rtol, atol = (2e-4, 1e-5) if low_precision else (1e-6, 1e-9)
    scale = 1.0
    for a in inputs:
        values = np.abs(a[np.isfinite(a)]) if a.dtype.kind == "f" else np.empty(0)
        if values.size:
            scale = max(scale, float(values.max()))
    return rtol, atol * scale


def expect_close(
    got: Any,
    expected: Any,
    *,
    inputs: Any = None,
    what: str = "the result",
    hint: str = "",
    rtol: float | None = None,
    atol: float | None = None,
    input_arrays: tuple[Any, ...] = (),
) -> np.ndarray:
    """Fail unless ``got`` has the shape of ``expected`` and equals it within tolerance.

    Tolerances scale with dtype: float32 anywhere in the inputs or results means float32
    precision. Returns ``got`` as an ndarray for further checks.
    """
    g = shown_g = as_array(got, what=what, inputs=inputs)
    e = shown_e = as_array(expected, what="the reference result")
    if g.size == 1 and e.size == 1:  # a scalar may come as shape () or (1,)
        g, e = g.reshape(()), e.reshape(())
    if g.shape != e.shape:
        raise CheckFailure(
            f"{what} has shape {g.shape}; expected shape {e.shape}",
            inputs=inputs,
            expected=e,
            got=g,
            hint=hint or "check which axis you reduce over (and keepdims)",
        )
    extra = tuple(a for a in input_arrays if isinstance(a, np.ndarray))
    r, a = _tolerance((g, e), extra)
    r, a = rtol if rtol is not None else r, atol if atol is not None else a
    e64, g64 = e.astype(np.float64), g.astype(np.float64)
    if not np.all(np.isfinite(g64)) and np.all(np.isfinite(e64)):
        raise CheckFailure(
            f"{what} contains nan or inf where the expected values are finite",
            inputs=inputs,
            expected=shown_e,
            got=shown_g,
            hint=hint,
        )
    if not np.allclose(g64, e64, rtol=r, atol=a, equal_nan=True):
        worst = float(np.nanmax(np.abs(g64 - e64))) if g64.size else 0.0
        raise CheckFailure(
            f"{what} differs from the expected values (largest difference {worst:.3g})",
            inputs=inputs,
            expected=shown_e,
            got=shown_g,
            hint=hint,
        )
    return g


def expect(
    condition: bool,
    message: str,
    *,
    inputs: Any = None,
    expected: Any = None,
    got: Any = None,
    hint: str = "",
) -> None:
    """Fail with ``message`` (the property that broke) unless ``condition`` holds."""
    if not condition:
        raise CheckFailure(message, inputs=inputs, expected=expected, got=got, hint=hint)


def same_as_reference(
    student_fn: Any,
    reference_fn: Any,
    args: dict[str, Any],
    *,
    what: str,
    hint: str = "",
    rtol: float | None = None,
    atol: float | None = None,
) -> np.ndarray:
    """Call both functions with the same arguments (positionally) and compare the results."""
    expected = reference_fn(*args.values())
    got = student_fn(*args.values())
    return expect_close(
        got,
        expected,
        inputs=args,
        what=what,
        hint=hint,
        rtol=rtol,
        atol=atol,
        input_arrays=tuple(args.values()),
    )


def unpack(value: Any, count: int, *, what: str, names: str, inputs: Any = None) -> tuple:
    """A function that must return a tuple of ``count`` items (e.g. ``(w_new, m_new)``)."""
    if not isinstance(value, tuple | list) or len(value) != count:
        raise CheckFailure(
            f"{what} must return a tuple of {count}: ({names})",
            inputs=inputs,
            got=value,
        )
    return tuple(value)
