"""The checker's own proof that a submission's model is the one its exercise specifies.

Whatever the worker says about a model (its layers, its size, its training) is code the student
can replace, so none of it is evidence. What is: the model's weights (plain arrays) and its
outputs on inputs the checker chose. ``prove_model`` loads the student's weights into the
checker's own build of the specified architecture (the reference's builder, trusted code),
shape for shape, and compares that model's outputs with the worker's on probe inputs, in
inference mode and, where the two modes differ deterministically (batch norm, no dropout), in
training mode too. Every fact a check then judges (parameter count, output, accuracy) comes
from the checker's model.

A lookup-table ``predict``, a model that lies about its layers, a wrong pooling or a doubled
softmax fail by construction: either the weights do not fit the specified layers, or the
outputs of the specified layers with those weights are not what the model computes.
Untrusted self-descriptions are used only to explain a failure, never to pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.i18n import _
from grader.testing import models
from grader.testing.api import CheckFailure
from grader.testing.unseen import (
    close,
    expect_same_noise,
    expect_same_penalty,
    first_departure,
    softmax,
)

MAX_WEIGHTS = 2_000  # arrays; ResNet18 has 122
_SLICE = 8  # arrays per reply: VGG16's largest is 9.4 MB, its whole 61 MB is near the reply cap
_RANDOM_LAYERS = ("Dropout", "SpatialDropout", "GaussianNoise", "GaussianDropout", "Random")


@dataclass(frozen=True)
class Proof:
    model: Any  # the checker's own build of the specification, holding the chosen weights
    params: int  # the specification's parameter count (the student's arrays have these shapes)
    variant: str  # "as specified", or "logits" (the specified model without its final softmax)


def student_weights(handle: Any, what: str) -> list[np.ndarray]:
    """The model's weights as the checker holds them (fetched in slices, each reply well under
    the reply cap): a list of numeric arrays, or a failure."""
    weights: list[Any] = []
    while True:
        part = models.get_weights(handle, len(weights), len(weights) + _SLICE)
        if not isinstance(part, list) or len(weights) + len(part) > MAX_WEIGHTS:
            weights = [None]
            break
        weights += part
        if len(part) < _SLICE:
            break
    if not all(isinstance(w, np.ndarray) and w.dtype.kind in "fiub" for w in weights):
        raise CheckFailure(
            _("{what} did not give its weights as a list of numeric arrays").format(what=what),
            hint=_(
                "return the Keras model itself (keras.Sequential, a functional Model or your"
                " Model subclass)"
            ),
        )
    return [np.asarray(w) for w in weights]


def _placings(got: list[tuple[int, ...]], want: list[tuple[int, ...]]) -> list[str]:
    """How the chosen weights can be laid onto the student's arrays: "in order" (the same
    shapes in the same order: every array its own values), then "by shape" (every array of a
    shape gets that shape's values, so the order a model creates its layers in does not
    matter: a shortcut before the main path, a functional graph's order). Swapping two layers
    of the same shape gives the same architecture, so nothing the exercise specifies is lost."""
    out = ["in order"] if got == want else []
    if sorted(got) == sorted(want):
        out.append("by shape")
    return out


def _random_weights(
    shapes: list[tuple[int, ...]], names: list[str] | None = None, seed: int = 12345
) -> list[np.ndarray]:
    """Weights the checker chooses, so that no layer hides (batch norm's 1 and 0 and zero
    biases make a layer in the wrong place invisible; small weights under sigmoids flatten
    every difference): kernels at He scale, sqrt(2 / fan-in); vectors that must be positive
    (a scale, a variance) in [0.5, 1.5], other vectors (biases, shifts, means) around 0.
    Without ``names`` (one value per shape, whatever it is for) vectors are in [0.1, 0.9]."""
    rng = np.random.default_rng(seed)
    out = []
    for i, shape in enumerate(shapes):
        if len(shape) > 1:
            fan_in = max(int(np.prod(shape[:-1])), 1)
            out.append((rng.normal(size=shape) * np.sqrt(2 / fan_in)).astype(np.float32))
        elif names is None:
            out.append(rng.uniform(0.1, 0.9, shape).astype(np.float32))
        elif names[i].endswith(("gamma", "variance", "scale")):
            out.append(rng.uniform(0.5, 1.5, shape).astype(np.float32))
        else:
            out.append(rng.normal(0, 0.5, shape).astype(np.float32))
    return out


def _shape_failure(shapes: list[tuple[int, ...]], spec: Any, what: str, hint: str) -> CheckFailure:
    names = [str(getattr(w, "path", getattr(w, "name", "?"))) for w in spec.weights]
    want = [tuple(int(d) for d in w.shape) for w in spec.weights]
    at = next(
        (i for i, (g, w) in enumerate(zip(shapes, want)) if g != w), min(len(shapes), len(want))
    )
    mine = f"{shapes[at]}" if at < len(shapes) else _("nothing (it has no more weights)")
    theirs = f"{names[at]} {want[at]}" if at < len(want) else _("nothing more")
    total = int(sum(int(np.prod(s)) for s in shapes))
    specified = int(sum(int(np.prod(s)) for s in want))
    arrays = _("{arrays} weight arrays, {params} parameters")
    return CheckFailure(
        _(
            "{what} is not the specified architecture: its weights do not fit the specified"
            " layers (weight {index}: the specification has {theirs}, yours is {mine});"
            " yours has {total} parameters, the specification {specified}"
        ).format(
            what=what,
            index=at + 1,
            theirs=theirs,
            mine=mine,
            total=f"{total:,}",
            specified=f"{specified:,}",
        ),  # fmt: skip
        expected=arrays.format(arrays=len(want), params=f"{specified:,}"),
        got=arrays.format(arrays=len(shapes), params=f"{total:,}"),
        hint=hint,
    )


def _random_or_batch_dependent(spec: Any) -> tuple[bool, bool]:
    kinds = [type(layer).__name__ for layer in spec._flatten_layers(include_self=False)]
    random = any(k.startswith(_RANDOM_LAYERS) for k in kinds)
    return random, any(k.startswith("BatchNormalization") for k in kinds)


def _outputs(handle: Any, spec: Any, probe: np.ndarray, training: bool) -> tuple[Any, Any]:
    got = np.asarray(models.call(handle, probe, training=training))
    if got.dtype.kind not in "fiub":
        raise CheckFailure(_("the model's output is not numeric"), got=str(got.dtype))
    return got.astype(np.float64), np.asarray(spec(probe, training=training), np.float64)


class ProofFailure(CheckFailure):
    """A model that is not the specified one; ``cause`` names a known cause in every language
    the message is shown in: "softmax twice", "raw scores" (no final softmax), or ""."""

    cause = ""


SOFTMAX_TWICE, RAW_SCORES = "softmax twice", "raw scores"  # ProofFailure.cause


def _difference(got: np.ndarray, want: np.ndarray, what: str, mode: str) -> tuple[str, str]:
    """What differs, in words a student can act on, and the cause it names (a softmax too
    many or too few: ``ProofFailure.cause``)."""
    if got.shape != want.shape:
        return _(
            "{what} gives outputs of shape {shape} {mode}; the specification {expected}"
        ).format(what=what, shape=got.shape, mode=mode, expected=want.shape), ""
    if want.ndim and want.shape[-1] > 1 and close(got, softmax(want)):
        return _(
            "{what} applies softmax twice: its output is softmax(the specified output)"
        ).format(what=what), SOFTMAX_TWICE
    if want.ndim and want.shape[-1] > 1 and close(softmax(got), want):
        return _("{what} outputs raw scores where the specification ends in softmax").format(
            what=what
        ), RAW_SCORES
    diff = np.abs(got - want)
    row = int(np.unravel_index(int(np.argmax(diff)), diff.shape)[0]) if diff.ndim else 0
    return _(
        "{what} computes something else than the specified layers with the same weights"
        " {mode}: outputs differ by up to {difference:.4g} (probe row {row})"
    ).format(what=what, mode=mode, difference=float(np.max(diff)), row=row), ""


def prove_model(
    handle: Any,
    spec: Any,
    probe: Any,
    *,
    what: str,
    hint: str = "",
    allow_logits: bool = False,
    explain: Callable[[], None] | None = None,
) -> Proof:
    """Prove that ``handle`` (the submission's model or layer) computes what ``spec`` (the
    checker's own build of the specified architecture) computes with the same weights.
    ``allow_logits``: the exercise also accepts the model without its final softmax.
    ``explain`` may raise a more specific failure from the model's self-description; it is
    called only once the proof has failed, so it can never make a model pass."""
    probe = np.asarray(probe)
    spec(probe, training=False)  # builds the specification's weights
    models.call(handle, probe[:1], training=False)  # and a subclassed model's (built on call)
    own = [tuple(w.shape) for w in student_weights(handle, what)]
    want = [tuple(int(d) for d in w.shape) for w in spec.weights]
    placings = _placings(own, want)
    if not placings:
        _explain(explain)
        raise _shape_failure(own, spec, what, hint)
    random, batch_norm = _random_or_batch_dependent(spec)
    modes = [False] + ([True] if batch_norm and not random else [])
    ends_in_softmax = _ends_in_softmax(spec)
    variants = ("as specified", "logits") if allow_logits and ends_in_softmax else ("",)
    failure, cause = "", ""  # cause: the failure names it (a softmax)
    for placing in placings:
        if placing == "in order":
            names = [str(getattr(w, "path", getattr(w, "name", ""))) for w in spec.weights]
            chosen = theirs = _random_weights(want, names)
        else:
            by_shape = dict(zip(sorted(set(want)), _random_weights(sorted(set(want)))))
            chosen, theirs = [by_shape[s] for s in want], [by_shape[s] for s in own]
        for variant in variants:
            if variant:
                final_softmax(spec, on=variant != "logits")
            ok = True
            for training in modes:
                # the same chosen weights on both sides, every time: training mode moves
                # batch norm's statistics
                models.set_weights(handle, theirs)
                spec.set_weights(chosen)
                got, want_out = _outputs(handle, spec, probe, training)
                if not close(got, want_out):
                    ok = False
                    mode = _("in training mode") if training else _("in inference mode")
                    if not cause:  # keep a named cause once found
                        failure, cause = _difference(got, want_out, what, mode)
                    break
            if ok:
                # both now hold the chosen weights (the regularisation check compares there)
                models.set_weights(handle, theirs)
                spec.set_weights(chosen)
                expect_same_penalty(handle, spec, what)
                if random:
                    expect_same_noise(handle, spec, probe, what)
                return Proof(
                    spec, int(sum(int(np.prod(s)) for s in want)), variant or "as specified"
                )
    if not cause:  # a named cause beats any account of where
        first_departure(handle, spec, probe, what, hint)
        _explain(explain)
    error = ProofFailure(
        failure, hint=hint or _("compare your model with the docstring, layer by layer")
    )
    error.cause = cause
    raise error


def _explain(explain: Callable[[], None] | None) -> None:
    """Let ``explain`` raise a more specific failure; anything else it raises (the model's own
    description crashing) leaves the proof's failure to stand."""
    if explain is None:
        return
    try:
        explain()
    except CheckFailure:
        raise
    except Exception:  # noqa: BLE001 - a student's model may raise anything
        return


def _ends_in_softmax(model: Any) -> bool:
    import keras

    layers = getattr(model, "layers", None) or []
    return bool(layers) and getattr(layers[-1], "activation", None) is keras.activations.softmax


def final_softmax(model: Any, on: bool) -> None:
    """Switch the final softmax of the checker's own model (one that ends in a softmax Dense
    layer) off (``on=False``: it outputs logits, for exercises that accept from_logits=True)
    or back on. Call it before the model is first trained or asked to predict: Keras caches
    its traced steps."""
    import keras

    last = model.layers[-1]
    last.activation = keras.activations.softmax if on else keras.activations.linear
