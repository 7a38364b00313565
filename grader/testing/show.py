"""How a value is shown on the scorecard: short, with the non-finite values named first."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.i18n import _


def shown_once(value: Any) -> str:
    """A string is taken as already shown (it may carry extra digits); the rest is shown."""
    return " ".join(value.split())[:400] if isinstance(value, str) else show(value)


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
            text = f"{non_finite(value)}: {text}"
    elif isinstance(value, float | np.floating):
        text = f"{float(value):.{max(precision, 8)}g}"
    elif isinstance(value, str):
        text = value
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def non_finite(a: np.ndarray) -> str:
    where = np.argwhere(~np.isfinite(a))
    first = [tuple(int(i) for i in w) if a.ndim != 1 else int(w[0]) for w in where[:3]]
    kinds = sorted({"nan" if np.isnan(a[tuple(w)]) else "inf" for w in where})
    more = _(" and {count} more").format(count=len(where) - 3) if len(where) > 3 else ""
    at = ", ".join(str(f) for f in first) if a.ndim else ""
    return f"{'/'.join(kinds)}" + (_(" at index {index}").format(index=at) + more if at else "")


def show_inputs(inputs: Any) -> str:
    if isinstance(inputs, dict):
        return ", ".join(f"{k}={show(v, 120)}" for k, v in inputs.items())
    return show(inputs)
