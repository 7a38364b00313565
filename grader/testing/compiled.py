"""A model's compile step as the checker uses it: read, then rebuilt from allowlisted names.

How a student compiles (which loss, from_logits, which optimizer and rate) is part of what some
exercises grade, and it lives in the worker. The checker reads it as plain data and rebuilds the
loss and optimizer itself, from Keras's built-in names and numeric settings only, for its own
model (see ``grader.testing.proof``). A worker that misreports its compile settings is then
graded on what it reported: the checker trains and judges exactly that, so a false report earns
no more than writing those settings would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from grader.i18n import _
from grader.testing import models
from grader.testing.api import CheckFailure

# normalised loss names (lower case, no '_' or spaces) -> the Keras class
_LOSSES = {
    "sparsecategoricalcrossentropy": "SparseCategoricalCrossentropy",
    "categoricalcrossentropy": "CategoricalCrossentropy",
    "binarycrossentropy": "BinaryCrossentropy",
    "meansquarederror": "MeanSquaredError",
    "mse": "MeanSquaredError",
    "meanabsoluteerror": "MeanAbsoluteError",
    "mae": "MeanAbsoluteError",
    "huber": "Huber",
}
_OPTIMIZERS = {"sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta", "adamax", "nadam"}
_OPTIMIZER_SETTINGS = {
    "learning_rate", "momentum", "nesterov", "beta_1", "beta_2", "epsilon", "rho", "amsgrad",
    "initial_accumulator_value", "centered", "weight_decay",
}  # fmt: skip


def _key(name: Any) -> str:
    return str(name or "").replace("_", "").replace(" ", "").lower()


@dataclass(frozen=True)
class CompileClaim:
    compiled: bool
    loss: str  # as reported: "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"
    from_logits: bool
    metrics: tuple[str, ...]
    optimizer: dict[str, Any] | None  # {"name": "SGD", "learning_rate": 0.1, ...}

    @property
    def loss_class(self) -> str | None:
        return _LOSSES.get(_key(self.loss))

    def is_loss(self, keras_class: str) -> bool:
        return self.loss_class == keras_class


def read_claim(handle: Any) -> CompileClaim:
    """The compile settings the worker reports, coerced to plain types."""
    facts = models.describe(handle)
    optimizer = facts.get("optimizer")
    return CompileClaim(
        compiled=bool(facts.get("compiled")) and bool(facts.get("loss")),
        loss=str(facts.get("loss") or "")[:200],
        from_logits=facts.get("from_logits") is True,
        metrics=tuple(str(m)[:200] for m in (facts.get("metrics") or [])[:20]),
        optimizer=optimizer if isinstance(optimizer, dict) else None,
    )


def require_compiled(claim: CompileClaim) -> None:
    """The six steps' compile step, or a failure that says it is missing."""
    if not claim.compiled:
        raise CheckFailure(
            _("the model is not compiled"),
            hint=_(
                "compile it in the builder: model.compile(optimizer=..., loss=..., metrics=[...])"
            ),
        )


def loss_of(claim: CompileClaim) -> Any:
    """The checker's own Keras loss for the claimed one (built-in losses only)."""
    import keras

    name = claim.loss_class
    if name is None:
        raise CheckFailure(
            _("the loss {loss} is not one of Keras's built-in losses").format(
                loss=repr(claim.loss)
            ),
            expected=", ".join(sorted(set(_LOSSES.values()))),
            got=claim.loss,
            hint=_("compile with a Keras loss, e.g. keras.losses.SparseCategoricalCrossentropy()"),
        )
    kwargs = {"from_logits": claim.from_logits} if "Crossentropy" in name else {}
    return getattr(keras.losses, name)(**kwargs)


def optimizer_of(spec: dict[str, Any] | None) -> Any:
    """A Keras optimizer from a plain spec {"name": "SGD", "learning_rate": 0.1, ...}."""
    import keras

    spec = dict(spec or {})
    name = str(spec.pop("name", ""))
    if _key(name) not in _OPTIMIZERS:
        raise CheckFailure(
            _("the optimizer {name} is not one of Keras's built-in optimizers").format(
                name=repr(name)
            ),
            expected=", ".join(sorted(_OPTIMIZERS)),
            got=name,
            hint=_("compile with a Keras optimizer, e.g. optimizer=keras.optimizers.SGD(...)"),
        )
    settings = {
        k: v
        for k, v in spec.items()
        if k in _OPTIMIZER_SETTINGS and isinstance(v, int | float | bool) and v is not None
    }
    return keras.optimizers.get({"class_name": name, "config": settings})


def compile_like(model: Any, claim: CompileClaim, optimizer: dict[str, Any] | None) -> Any:
    """Compile the checker's own ``model`` with the claimed loss and ``optimizer`` (the
    grader's recipe; None: the claimed one). Returns the model."""
    opt = optimizer_of(optimizer if optimizer is not None else claim.optimizer)
    loss = loss_of(claim)
    classifies = "Crossentropy" in type(loss).__name__
    model.compile(
        optimizer=opt, loss=loss, metrics=["sparse_categorical_accuracy"] if classifies else []
    )
    return model


@contextmanager
def training_with(claim: CompileClaim) -> Iterator[None]:
    """Training the checker's own model with the student's loss: a loss that does not fit the
    model or the labels fails the check with what was claimed (the error is raised in the
    checker's process, but the choice that caused it is the student's)."""
    try:
        yield
    except CheckFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - TensorFlow raises many kinds
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        # TensorFlow's first line is often "Graph execution error:"; the cause is further on
        telling = [line for line in lines if re.search(r"shape|Incompatible|expected", line)]
        first = (telling or lines or [type(exc).__name__])[0][:300]
        logits = ", from_logits=True" if claim.from_logits else ""
        raise CheckFailure(
            _(
                "training with your compile step failed: the loss {loss}{logits} does not fit"
                " this model's output and its labels"
            ).format(loss=repr(claim.loss), logits=logits),
            got=f"{type(exc).__name__}: {first}",
            hint=_(
                "class numbers 0..9 as labels: keras.losses.SparseCategoricalCrossentropy();"
                " numbers to predict: 'mean_squared_error'"
            ),
        ) from None
