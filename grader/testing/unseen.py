"""What a comparison of outputs in inference mode cannot show, for ``grader.testing.proof``:
kernel penalties (the regularisation loss), dropout (the spread of training-mode outputs), and,
once a proof has failed, where a model with a graph first departs from its specification. Also
the comparison of outputs itself (``close``), shared by all of them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.i18n import _
from grader.testing import models
from grader.testing.api import CheckFailure
from grader.worker import objects


def softmax(a: np.ndarray) -> np.ndarray:
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def close(got: np.ndarray, want: np.ndarray) -> bool:
    if got.shape != want.shape or not np.all(np.isfinite(got)):
        return False
    scale = max(1.0, float(np.max(np.abs(want))) if want.size else 1.0)
    if not np.allclose(got, want, rtol=1e-3, atol=1e-4 * scale):
        return False
    if _probabilities(want):  # compared as log-probabilities too: a softmax squashes
        # differences in its inputs into tiny ones in its outputs
        seen = want > 1e-6
        return bool(np.allclose(np.log(np.where(seen, got, 1)), np.log(np.where(seen, want, 1)),
                                rtol=1e-3, atol=2e-3))  # fmt: skip
    return True


def _probabilities(a: np.ndarray) -> bool:
    return bool(a.ndim >= 1 and np.all(a >= 0) and np.allclose(a.sum(axis=-1), 1, atol=1e-4))


NOISE_CALLS = 24  # training-mode calls whose spread is compared
NOISE_BAND = (0.7, 1.4)  # the references over seeds: within 7 %; rate 0.2 -> 0.4: 1.85x


def _spread(outputs: list[np.ndarray]) -> float:
    return float(np.stack(outputs).astype(np.float64).var(axis=0).mean())


def expect_same_noise(handle: Any, spec: Any, probe: np.ndarray, what: str) -> None:
    """Dropout leaves no trace in inference mode: in training mode, with the same weights, the
    spread of the model's outputs over repeated calls must be the specification's (no dropout
    gives none; another rate, another spread)."""
    theirs = _spread([np.asarray(models.call(handle, probe, training=True), np.float64)
                      for _call in range(NOISE_CALLS)])  # fmt: skip
    ours = _spread([np.asarray(spec(probe, training=True)) for _call in range(NOISE_CALLS)])
    low, high = NOISE_BAND
    if ours > 0 and not low <= theirs / ours <= high:
        raise CheckFailure(
            _(
                "{what} is not as random while training as the specification: its outputs over"
                " {calls} training-mode calls spread {ratio:.2f} times as much"
            ).format(what=what, calls=NOISE_CALLS, ratio=theirs / ours),
            expected=_("a spread of {spread:.4g} (the specified dropout rates)").format(
                spread=ours
            ),
            got=_("{spread:.4g} (no dropout at training time)").format(spread=theirs)
            if theirs == 0
            else f"{theirs:.4g}",
            hint=_("Dropout(rate) where the docstring puts it, with its rate"),
        )


def expect_same_penalty(handle: Any, spec: Any, what: str) -> None:
    """The specified kernel penalties (L2 on a Dense layer's kernel, say) leave no trace in the
    outputs: with the same weights, the model's regularisation loss must be the specified one."""
    want = float(sum(float(loss) for loss in spec.losses))
    got = models.regularization(handle)
    if not (isinstance(got, float) and abs(got - want) <= 1e-4 * max(1.0, abs(want))):
        raise CheckFailure(
            _("{what}'s regularisation loss is not the specified penalty of its weights").format(
                what=what
            ),
            expected=(
                _("{penalty:.6g} for the weights the grader chose (no penalty)")
                if want == 0
                else _("{penalty:.6g} for the weights the grader chose")
            ).format(penalty=want),
            got=got,
            hint=_(
                "kernel_regularizer=keras.regularizers.l2() where the docstring asks for it,"
                " and nowhere else"
            ),
        )


def first_departure(handle: Any, spec: Any, probe: np.ndarray, what: str, hint: str) -> None:
    """Where a model with a graph first departs from the specification, layer by layer (both
    hold the same chosen weights now): a failure naming the specified layer whose output no
    later layer of the student's reproduces. Its layer outputs are the worker's word, used
    only to point at the place; nothing here can make a model pass."""
    try:  # only a pointer: whatever goes wrong here, the proof's own failure stands
        theirs, ours = models.layer_outputs(handle, probe), objects.layer_outputs(spec, probe)
    except Exception:  # noqa: BLE001 - a student's model may raise anything
        return
    if not isinstance(theirs, list) or not ours:
        return
    outputs = [np.asarray(t.get("output"), np.float64) for t in theirs if isinstance(t, dict)]
    start = 0
    for index, layer in enumerate(ours):
        want = np.asarray(layer["output"], np.float64)
        match = next((k for k in range(start, len(outputs)) if close(outputs[k], want)), None)
        if match is not None:
            start = match + 1
            continue
        near = outputs[start] if start < len(outputs) else None
        if near is None:
            got = _("no more layers")
        elif near.shape == want.shape:
            got = _("shape {shape}, differing by up to {difference:.4g}").format(
                shape=near.shape, difference=float(np.max(np.abs(near - want)))
            )
        else:
            got = _("shape {shape}").format(shape=near.shape)
        raise CheckFailure(
            _(
                "{what} first departs from the specified architecture at its layer {index}"
                " ({kind}): no layer of yours from there on gives that output"
            ).format(what=what, index=index + 1, kind=layer["kind"]),
            expected=_("{kind} output of shape {shape}").format(
                kind=layer["kind"], shape=want.shape
            ),
            got=got,
            hint=hint or _("compare your model with the docstring, layer by layer"),
        )
