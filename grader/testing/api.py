"""What a check file uses: the exercise marker, type-strict conversion and comparisons.

A comparison that fails raises CheckFailure, which carries the input that broke it, what was
expected, what was received and a hint; the plugin turns it into the scorecard's failure row.
"""

from __future__ import annotations

import copy
import numbers
import os
from typing import Any, cast

import numpy as np
import pytest
from hypothesis import Phase, settings

VERDICT_ONLY = bool(os.environ.get("COURSEKIT_VERDICT_ONLY"))
if VERDICT_ONLY:
    # mutation testing wants each check's verdict, not the smallest failing input: no shrink
    settings.register_profile(
        "verdict-only",
        parent=settings.default,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    settings.load_profile("verdict-only")


_failed_targets: set[str] = set()
_current_target = [""]


@pytest.fixture(autouse=True)
def first_failure_only(request: pytest.FixtureRequest) -> Any:
    """Mutation testing (COURSEKIT_VERDICT_ONLY) needs one failed check to call a mutant
    killed: the target's later checks are skipped. A check module that imports this fixture
    takes part; grading is never affected."""
    if not VERDICT_ONLY:
        yield
        return
    callspec = getattr(request.node, "callspec", None)
    label = str(getattr(callspec.params.get("ck_target"), "label", "")) if callspec else ""
    if label and label in _failed_targets:
        pytest.skip("already killed by an earlier check")
    _current_target[0] = label
    yield
    _current_target[0] = ""


def _note_failure() -> None:
    if VERDICT_ONLY and _current_target[0]:
        _failed_targets.add(_current_target[0])


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
        _note_failure()
        self.message = message
        self.inputs = "" if inputs is None else show_inputs(inputs)
        self.expected = "" if expected is None else _shown_once(expected)
        self.got = "" if got is None else _shown_once(got)
        self.hint = hint


def _shown_once(value: Any) -> str:
    """A string is taken as already shown (it may carry extra digits); the rest is shown."""
    return " ".join(value.split())[:400] if isinstance(value, str) else show(value)


class NotAttempted(Exception):
    """The exercise's functions are still the shipped stubs."""


def show(value: Any, limit: int = 160, precision: int = 6) -> str:
    """A short, readable form of a value for the scorecard.

    Non-finite values are named first (where they are), so cutting a long array cannot hide
    the nan that matters; ``precision`` digits are shown (more where two values differ only
    there)."""
    if hasattr(value, "numpy") and callable(value.numpy):
        try:
            value = value.numpy()
        except Exception:  # noqa: BLE001 - show whatever it is
            pass
    if isinstance(value, np.ndarray):
        with np.printoptions(
            precision=precision, threshold=12, edgeitems=3, linewidth=10_000, floatmode="maxprec"
        ):
            body = np.array2string(value, separator=", ")
        text = f"{body} (shape {value.shape}, {value.dtype})"
        if value.dtype.kind == "f" and not np.all(np.isfinite(value)):
            text = f"{_non_finite(value)}: {text}"
    elif isinstance(value, float | np.floating):
        text = f"{float(value):.{max(precision, 8)}g}"
    elif isinstance(value, str):
        text = value
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _non_finite(a: np.ndarray) -> str:
    where = np.argwhere(~np.isfinite(a))
    first = [tuple(int(i) for i in w) if a.ndim != 1 else int(w[0]) for w in where[:3]]
    kinds = sorted({"nan" if np.isnan(a[tuple(w)]) else "inf" for w in where})
    more = f" and {len(where) - 3} more" if len(where) > 3 else ""
    at = ", ".join(str(f) for f in first) if a.ndim else ""
    return f"{'/'.join(kinds)}" + (f" at index {at}{more}" if at else "")


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


Convention = tuple[str, Any, str]  # (its name, what it gives here, what this exercise expects)


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
    conventions: tuple[Convention, ...] = (),
) -> np.ndarray:
    """Fail unless ``got`` has the shape of ``expected`` and equals it within tolerance.

    Tolerances scale with dtype: float32 anywhere in the inputs or results means float32
    precision. ``conventions`` are other known ways to write the exercise: when ``got``
    matches one of them, the failure names it and what this exercise expects instead. A
    failure shows the worst element with enough digits to see the difference, and by how
    much it exceeds the tolerance. Returns ``got`` as an ndarray for further checks.
    """
    g = as_array(got, what=what, inputs=inputs)
    e = as_array(expected, what="the reference result")
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
    if np.allclose(g64, e64, rtol=r, atol=a, equal_nan=True):
        return g
    for name, value, expectation in conventions:
        alt = np.asarray(value, dtype=np.float64)
        if alt.shape == g64.shape and np.allclose(g64, alt, rtol=r, atol=a, equal_nan=True):
            raise CheckFailure(
                f"{what} follows {name}; this exercise expects {expectation}",
                inputs=inputs,
                **_shown(e, g),
                hint=hint,
            )
    if not np.all(np.isfinite(g64)) and np.all(np.isfinite(e64)):
        raise CheckFailure(
            f"{what} contains {_non_finite(g64)} where the expected values are finite",
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
    index = np.unravel_index(int(np.argmax(excess)), g64.shape) if g64.ndim else ()
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
    where = f" at index {index if len(index) != 1 else index[0]}" if g64.ndim else ""
    by = f"{times:.3g}× the tolerance" if np.isfinite(times) else "not a number"
    return (
        f"{what} differs from the expected values{where}: expected {x:.{p}g}, got {y:.{p}g}"
        f" (difference {diff:.3g}, {by}: rtol {rtol:g}, atol {atol:.3g})"
    )


def _shown(e: np.ndarray, g: np.ndarray) -> dict[str, str]:
    """expected / got printed with enough decimals that they do not look the same."""
    decimals = 6
    if e.shape == g.shape and e.size:
        index, _, _ = _worst(g.astype(np.float64), e.astype(np.float64), 0.0, 1e-300)
        x, y = float(e[index]), float(g[index])
        first = next((d for d in range(0, 20) if f"{x:.{d}f}" != f"{y:.{d}f}"), 15)
        decimals = min(max(6, first + 2), 17)
    return {
        "expected": show(e, precision=decimals, limit=200),
        "got": show(g, precision=decimals, limit=200),
    }


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
    name = getattr(target, "__name__", "the function")
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
        _note_failure()
        raise with_inputs(exc, args, hint) from None
    for (arg, before), after in zip(args.items(), given):
        if not _same(before, after):
            raise _changed(name, arg, args, before, after)
    return result


def _changed(function: str, arg: str, args: dict[str, Any], before: Any, after: Any) -> Exception:
    return CheckFailure(
        f"{function} changed its argument `{arg}` in place; the caller's `{arg}` must stay"
        " unchanged",
        inputs=args,
        expected=f"{arg} unchanged: {show(before)}",
        got=f"{arg} after the call: {show(after)}" if after is not None else f"{arg} changed",
        hint=f"compute a new value (`{arg} - ...`, `{arg}[order]`) instead of editing `{arg}`"
        " (`-=`, `[...] =`, an in-place shuffle)",
    )


def with_inputs(exc: BaseException, inputs: Any, hint: str = "") -> BaseException:
    """Attach the input (and a hint) to an exception the student's code raised: the
    scorecard shows them with the error (``ck_inputs`` / ``ck_hint``; the note is the form the
    plugin reads today)."""
    shown = show_inputs(inputs)
    exc.ck_inputs = shown  # type: ignore[attr-defined]
    exc.ck_hint = hint  # type: ignore[attr-defined]
    if hasattr(exc, "add_note") and not getattr(exc, "_ck_noted", False):
        exc.add_note(f"Falsifying example: {shown}")
        exc._ck_noted = True  # type: ignore[attr-defined]
    return exc


def unpack(value: Any, count: int, *, what: str, names: str, inputs: Any = None) -> tuple:
    """A function that must return a tuple of ``count`` items (e.g. ``(w_new, m_new)``)."""
    if not isinstance(value, tuple | list) or len(value) != count:
        raise CheckFailure(
            f"{what} must return a tuple of {count}: ({names})",
            inputs=inputs,
            got=value,
        )
    return tuple(value)
