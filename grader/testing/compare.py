"""Comparisons: a result converted strictly, held against the expected one within a
tolerance that follows the dtypes and the inputs' size, and the caller's arguments checked
unchanged after the call. A failure says where, by how much, and which known convention the
result follows when it follows one."""

from __future__ import annotations

import copy
import numbers
from typing import Any, cast

import numpy as np

from grader.i18n import N_, _
from grader.testing.api import CheckFailure, NotAttempted, note_failure, with_inputs
from grader.testing.show import non_finite, show

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


def as_array(value: Any, *, what: str = N_("the result"), inputs: Any = None) -> np.ndarray:
    """Convert a returned value to an ndarray, strictly.

    Accepted: NumPy arrays and scalars, TensorFlow tensors and variables, Python numbers and
    (nested) lists/tuples of those. Anything else (an object with a clever ``__eq__``, None, a
    string) is a wrong answer, whatever it claims to equal.
    """
    what = _(what)  # the check's own words stay as they are (no translation: itself)
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
                _("{what} is a ragged list (its items have different shapes)").format(what=what),
                inputs=inputs,
                got=value,
            ) from None
    else:
        raise CheckFailure(
            _("{what} is a {type}; expected a NumPy array, a tensor, a list or a number").format(
                what=what, type=type(value).__name__
            ),
            inputs=inputs,
            got=value,
            hint=_("return the computed value itself (e.g. a tf.Tensor or np.ndarray)"),
        )
    if arr.dtype == object or arr.dtype.kind not in "biuf":
        raise CheckFailure(
            _("{what} has dtype {dtype}; expected real numbers").format(what=what, dtype=arr.dtype),
            inputs=inputs,
            got=value,
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


Convention = tuple[str, Any, str]  # (its name, what it gives here, what this exercise expects)


def expect_close(
    got: Any,
    expected: Any,
    *,
    inputs: Any = None,
    what: str = N_("the result"),
    hint: str = "",
    rtol: float | None = None,
    atol: float | None = None,
    input_arrays: tuple[Any, ...] = (),
    conventions: tuple[Convention, ...] = (),
) -> np.ndarray:
    """Fail unless ``got`` has the shape of ``expected`` and equals it within tolerance.

    Tolerances scale with dtype: float32 anywhere in the inputs or results means float32
    precision. ``conventions`` are other known ways to write the exercise: when ``got``
    matches one of them, the failure names it and what this exercise expects instead. A
    failure shows the worst element with enough digits to see the difference, and by how
    much it exceeds the tolerance. Returns ``got`` as an ndarray for further checks.
    """
    what = _(what)
    g = as_array(got, what=what, inputs=inputs)
    e = as_array(expected, what=N_("the reference result"))
    if g.size == 1 and e.size == 1:  # a scalar may come as shape () or (1,)
        g, e = g.reshape(()), e.reshape(())
    if g.shape != e.shape:
        raise CheckFailure(
            _("{what} has shape {got}; expected shape {expected}").format(
                what=what, got=g.shape, expected=e.shape
            ),
            inputs=inputs,
            expected=e,
            got=g,
            hint=hint or _("check which axis you reduce over (and keepdims)"),
        )
    extra = tuple(a for a in input_arrays if isinstance(a, np.ndarray))
    r, a = _tolerance((g, e), extra)
    r, a = rtol if rtol is not None else r, atol if atol is not None else a
    e64, g64 = e.astype(np.float64), g.astype(np.float64)
    if np.allclose(g64, e64, rtol=r, atol=a, equal_nan=True):
        return g
    for name, value, expectation in conventions:
        alt = np.asarray(value, dtype=np.float64)
        if alt.shape == g64.shape and np.allclose(g64, alt, rtol=r, atol=a, equal_nan=True):
            raise CheckFailure(
                _("{what} follows {convention}; this exercise expects {expectation}").format(
                    what=what, convention=_(name), expectation=_(expectation)
                ),
                inputs=inputs,
                **_shown(e, g),
                hint=hint,
            )
    if not np.all(np.isfinite(g64)) and np.all(np.isfinite(e64)):
        raise CheckFailure(
            _("{what} contains {values} where the expected values are finite").format(
                what=what, values=non_finite(g64)
            ),
            inputs=inputs,
            expected=e,
            got=g,
            hint=hint,
        )
    raise CheckFailure(_difference(what, g64, e64, r, a), inputs=inputs, **_shown(e, g), hint=hint)


def _worst(g64: np.ndarray, e64: np.ndarray, rtol: float, atol: float) -> tuple:
    """(index, |g - e|, how many times the allowed difference it is) of the worst element."""
    allowed = atol + rtol * np.abs(e64)
    excess = np.abs(g64 - e64) / allowed
    excess = np.where(np.isnan(excess), np.inf, excess)  # nan where a finite value was expected
    flat = int(np.argmax(excess))  # plain ints: printed (0, 1), not (np.int64(0), ...)
    index = tuple(int(i) for i in np.unravel_index(flat, g64.shape)) if g64.ndim else ()
    return index, float(np.abs(g64 - e64)[index]), float(excess[index])


def _digits(x: float, y: float) -> int:
    """Significant digits that print x and y differently, and two more to show by how much
    (6 at least, 17 at most)."""
    first = next((p for p in range(1, 18) if f"{x:.{p}g}" != f"{y:.{p}g}"), 15)
    return min(max(6, first + 2), 17)


def _difference(what: str, g64: np.ndarray, e64: np.ndarray, rtol: float, atol: float) -> str:
    index, diff, times = _worst(g64, e64, rtol, atol)
    x, y = float(e64[index]), float(g64[index])
    p = _digits(x, y)
    at = index if len(index) != 1 else index[0]
    where = _(" at index {index}").format(index=at) if g64.ndim else ""
    by = (
        _("{times}× the tolerance").format(times=f"{times:.3g}")
        if np.isfinite(times)
        else _("not a number")
    )
    return _(
        "{what} differs from the expected values{where}: expected {expected}, got {got}"
        " (difference {difference}, {by}: rtol {rtol}, atol {atol})"
    ).format(
        what=what,
        where=where,
        expected=f"{x:.{p}g}",
        got=f"{y:.{p}g}",
        difference=f"{diff:.3g}",
        by=by,
        rtol=f"{rtol:g}",
        atol=f"{atol:.3g}",
    )


def _shown(e: np.ndarray, g: np.ndarray) -> dict[str, str]:
    """expected / got printed with enough decimals that they do not look the same."""
    decimals = 6
    if e.shape == g.shape and e.size:
        index, _diff, _times = _worst(g.astype(np.float64), e.astype(np.float64), 0.0, 1e-300)
        x, y = float(e[index]), float(g[index])
        first = next((d for d in range(0, 20) if f"{x:.{d}f}" != f"{y:.{d}f}"), 15)
        decimals = min(max(6, first + 2), 17)
    return {
        "expected": show(e, precision=decimals, limit=200),
        "got": show(g, precision=decimals, limit=200),
    }


def same_as_reference(
    student_fn: Any,
    reference_fn: Any,
    args: dict[str, Any],
    *,
    what: str,
    hint: str = "",
    rtol: float | None = None,
    atol: float | None = None,
    conventions: tuple[Convention, ...] = (),
) -> np.ndarray:
    """Call both functions with the same arguments (positionally) and compare the results.

    The student's function gets copies of the arguments and must leave them unchanged."""
    expected = reference_fn(*copy.deepcopy(list(args.values())))
    got = call_unchanged(student_fn, args, hint=hint)
    return expect_close(
        got,
        expected,
        inputs=args,
        what=what,
        hint=hint,
        rtol=rtol,
        atol=atol,
        input_arrays=tuple(args.values()),
        conventions=conventions,
    )


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and a.dtype == b.dtype
            and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
        )
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b) or (a != a and b != b)  # nan == nan here


def call_unchanged(fn: Any, args: dict[str, Any], *, hint: str = "") -> Any:
    """``fn(*args.values())`` on copies this check keeps; fail naming any argument the call
    changed in place (``w -= lr * g`` on the caller's array), since every exercise promises
    to leave its arguments unchanged. An exception from ``fn`` carries the input that raised
    it (and ``hint``) to the scorecard.

    The fixture's guard hands a student's function private copies; this looks past it (to
    ``__wrapped__``) so that the edit reaches arrays the check can see. A function that runs
    in another process returns what it changed, if anything, through the worker instead."""
    target = getattr(fn, "__wrapped__", fn)
    name = getattr(target, "__name__", _("the function"))
    given = copy.deepcopy(list(args.values()))
    try:
        result = target(*given)
    except (NotImplementedError, NotAttempted, CheckFailure):
        raise
    except AssertionError as exc:  # the worker's report of an argument changed in place
        names = [str(n) for n in getattr(exc, "names", None) or []]
        if not names:
            raise
        arg = names[0]
        raise _changed(name, arg, args, args.get(arg), None) from None
    except Exception as exc:
        note_failure()
        raise with_inputs(exc, args, hint) from None
    for (arg, before), after in zip(args.items(), given):
        if not _same(before, after):
            raise _changed(name, arg, args, before, after)
    return result


def _changed(function: str, arg: str, args: dict[str, Any], before: Any, after: Any) -> Exception:
    return CheckFailure(
        _(
            "{function} changed its argument `{arg}` in place; the caller's `{arg}` must stay"
            " unchanged"
        ).format(function=function, arg=arg),
        inputs=args,
        expected=_("{arg} unchanged: {value}").format(arg=arg, value=show(before)),
        got=_("{arg} after the call: {value}").format(arg=arg, value=show(after))
        if after is not None
        else _("{arg} changed").format(arg=arg),
        hint=_(
            "compute a new value (`{arg} - ...`, `{arg}[order]`) instead of editing `{arg}`"
            " (`-=`, `[...] =`, an in-place shuffle)"
        ).format(arg=arg),
    )
