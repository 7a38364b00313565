"""The accuracy tier: train what the student built and hold it to a threshold, fairly.

A training check is declared (``TrainingCheck``), not hand-written: the dataset, the student's
builder, the grader's fixed recipe (optimizer, epochs, batch, seed) and, per profile, the
accuracy threshold and the time budget. The architecture is checked before any training, so a
wrong model fails in a second; seeds and op determinism make the verdict repeatable; a result
just under the threshold is retried once with the next seed before it is called failed.

Profiles: ``sample`` (the shipped MNIST sample, CPU-friendly, what CI runs), ``standard`` (full
datasets, budgets a 2-core laptop meets), ``full`` (full datasets and epochs, for a GPU).
This module runs in the grading child (it imports TensorFlow); the parent only uses
``choose_profile``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from grader import protocol
from grader.i18n import _

PROFILES = ("sample", "standard", "full")


@dataclass(frozen=True)
class Architecture:
    params: int
    output_shape: tuple[int | None, ...]
    layers: tuple[str, ...] = ()  # class names of the layers that hold weights, in order
    regularized: bool = False  # every layer with a kernel must carry a kernel_regularizer
    hint: str = ""


@dataclass(frozen=True)
class Budget:
    """What one profile asks: the recipe's length, the bar, and the time allowed."""

    epochs: int  # passes over the training data
    batch_size: int
    threshold: float  # test accuracy the model must reach
    time_s: float  # wall-time limit of the whole check on this profile
    # passes per point of the curves: Keras spends ~20-50 ms of overhead per epoch, so a tiny
    # dataset trained for 500 passes (iris) is run as 10 Keras epochs of 50 passes each
    passes_per_point: int = 1
    minimum: float = 0.0  # the course's bar: calibration may raise the threshold, never lower it
    # False: nobody has trained the references on this profile's hardware yet, so ``threshold``
    # is only the goal; the check trains, reports its accuracy against the goal and gives no
    # verdict (skipped, with the figures), instead of judging students by an invented bar
    calibrated: bool = True
    # the rate of the check's optimizer on this profile (None: the check's own): a recipe that
    # reaches the bar in fewer epochs may need a larger step (benchmarks/bench_mnist_recipe.py)
    learning_rate: float | None = None

    def optimizer(self, declared: dict[str, Any]) -> dict[str, Any]:
        """The check's optimizer spec with this profile's rate."""
        if self.learning_rate is None:
            return dict(declared)
        return {**declared, "learning_rate": self.learning_rate}

    def __post_init__(self) -> None:
        if self.threshold < self.minimum:
            raise ValueError(  # a declaration of the kit's own
                f"threshold {self.threshold} is below"  # i18n: internal
                f" the course's bar {self.minimum}"
            )


@dataclass(frozen=True)
class TrainingCheck:
    exercise: str
    builder: str  # the student's function (or class) that returns a compiled Keras model
    dataset: str  # a grader.data name; on the sample profile its sample is used if one ships
    architecture: Architecture
    optimizer: dict[str, Any]  # the grader's optimizer, {"name": "Adam", "learning_rate": ...}
    budgets: dict[str, Budget]
    preprocess: str | None = None  # the student's function applied to x (e.g. normalize)
    seed: int = 0
    band: float = 0.01  # "borderline": this close under the threshold earns a second seed
    # the exercise also accepts the model without its final softmax, compiled from_logits=True
    allow_logits: bool = False
    hint: str = ""  # what to look at when the right-sized model trains too poorly

    def budget(self, profile: str) -> Budget:
        # a profile the check does not list falls back to the nearest lighter one, else the
        # lightest it has (the data loader then decides whether it can run at all)
        for name in PROFILES[PROFILES.index(profile) :: -1]:
            if name in self.budgets:
                return self.budgets[name]
        return next(iter(self.budgets.values()))


@dataclass
class Outcome:
    accuracy: float
    seconds: float
    seed: int
    history: dict[str, list[float]] = field(default_factory=dict)


def current_profile() -> str:
    profile = os.environ.get(protocol.PROFILE, "sample")
    return profile if profile in PROFILES else "sample"


def choose_profile(
    requested: str | None, gpus: list[dict[str, Any]], full_data_ready: dict[str, bool]
) -> tuple[str, str]:
    """(profile, why): the richest profile the hardware and the cached data allow."""
    missing = sorted(name for name, ready in full_data_ready.items() if not ready)
    if requested:
        if requested != "sample" and missing:
            why = _("asked for with --profile; not cached, so skipped: {datasets}")
            return requested, why.format(datasets=", ".join(missing))
        return requested, _("asked for with --profile")
    if not full_data_ready:
        return "sample", _("this chapter trains on nothing large")
    if missing:
        return "sample", _(
            "full {datasets} not cached (for the standard profile: coursekit data fetch {names})"
        ).format(datasets=", ".join(missing), names=" ".join(missing))
    if gpus:
        return "full", _("a GPU and the full datasets are here")
    return "standard", _("full datasets cached, no GPU (full training is for a GPU)")
