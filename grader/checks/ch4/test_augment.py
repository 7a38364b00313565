"""Checks of ch4/augment.py: the augmentation model, probed through grader.testing.models.
What it does to shapes the checker drew decides (grader.checks.ch4.motion); what its layers
say of themselves only explains a failure."""

import itertools

import numpy as np
import pytest

from grader.checks.ch4.files import sample_digits
from grader.checks.ch4.motion import expect_same_motion
from grader.i18n import N_, _
from grader.testing.api import CheckFailure, exercise, expect
from grader.testing.compare import as_array
from grader.testing.models import call, describe, seed
from grader.testing.proof import student_weights
from grader.testing.train import seed_everything

COURSE_LAYERS = ("RandomRotation", "RandomTranslation", "RandomZoom")


def _images():
    digits, _ = sample_digits(8, offset=200)
    return (digits / 255.0).astype(np.float32)[..., np.newaxis]  # (8, 28, 28) -> (8, 28, 28, 1)


_SPECS: list = []


def _course_models(reference):
    """The checker's own builds of the course's model: its three layers in every order (the
    exercise lists them, it does not order them)."""
    import keras

    if not _SPECS:
        seed_everything(0)
        layers = reference.build_augmentation().layers
        _SPECS.extend(
            keras.Sequential([keras.Input((28, 28, 1)), *order])
            for order in itertools.permutations(layers)
        )
    return _SPECS


def _proven(student, reference):
    """The student's model, proven to move shapes as the course's does (rotation, shift and
    zoom ranges, no mirror), with no weights. Its own description only explains a failure."""
    seed(student, 0)
    model = student.build_augmentation()
    weights = student_weights(model, "build_augmentation()")
    expect(
        not weights,
        _("an augmentation model has no weights to train"),
        got=_("{count} weight arrays").format(count=len(weights)),
        hint=_("only Random* layers: no Dense, no Conv2D"),
    )
    try:
        expect_same_motion(model, _course_models(reference))
    except CheckFailure:
        facts = describe(model, probe=_images()[:2])
        _explain_layers(facts)
        _explain_ranges(facts)
        raise
    return model


@exercise("ch4.augment")
def test_augmentation_layers(student, reference):
    _proven(student, reference)


def _explain_layers(facts):
    """What the model says it is made of: only ever a reason to fail."""
    expect(
        facts.get("is_layer", False),
        _("build_augmentation must return a keras.Sequential"),
        got=facts.get("type"),
    )
    kinds = [layer["kind"] for layer in facts.get("layers", [])]
    missing = [k for k in COURSE_LAYERS if k not in kinds]
    expect(
        not missing,
        _("the course's augmentation needs {layers}").format(layers=", ".join(missing)),
        expected=" → ".join(COURSE_LAYERS),
        got=" → ".join(kinds) or _("(no layers)"),
        hint=_(
            "rotation_range=45 -> RandomRotation(45/360), shifts -> RandomTranslation(0.15,"
            " 0.15), zoom_range=0.5 -> RandomZoom(0.5)"
        ),
    )
    expect(
        "RandomFlip" not in kinds,
        _("the course sets horizontal_flip=False: a mirrored digit is not the same digit"),
        got=" → ".join(kinds),
    )


def _largest_change(got, x):
    if got.shape != x.shape:
        return "-"
    return f"{float(np.max(np.abs(got - x))):.3f}"


@pytest.mark.visibility("public")
@exercise("ch4.augment")
def test_augmentation_only_while_training(student):
    x = _images()
    seed(student, 0)
    model = student.build_augmentation()
    clean = as_array(call(model, x, training=False), what=N_("the model's output (training=False)"))
    expect(
        clean.shape == x.shape and bool(np.allclose(clean, x, atol=1e-6)),
        _("with training=False the images changed: augmentation must be off at test time"),
        inputs={"x": _("8 digits (8, 28, 28, 1)")},
        got=_("shape {shape}, largest change {change}").format(
            shape=clean.shape, change=_largest_change(clean, x)
        ),
        hint=_("use Keras's Random* layers directly: they act only when training=True"),
    )
    moved = as_array(call(model, x, training=True), what=N_("the model's output (training=True)"))
    expect(
        moved.shape == x.shape,
        _("augmented images have shape {shape}; expected {expected}").format(
            shape=moved.shape, expected=x.shape
        ),
    )
    changed = np.mean(np.abs(moved - x).reshape(len(x), -1).max(axis=1) > 0.05)
    expect(
        changed >= 0.75,
        _("with training=True only {changed:.0%} of the images changed").format(changed=changed),
        hint=_("rotation, shift and zoom should move almost every image"),
    )
    expect(
        float(moved.min()) >= -1e-3 and float(moved.max()) <= 1 + 1e-3,
        _("augmented pixels left [0, 1]"),
        got=_("from {low} to {high}").format(low=f"{moved.min():.3f}", high=f"{moved.max():.3f}"),
        hint=_("fill_mode='nearest' repeats edge pixels; interpolation stays within the range"),
    )


# The course's ImageDataGenerator ranges as the layers' (lower, upper) factors: rotation_range=45
# is 45/360 of a turn either way, the shifts 15 % of the side, zoom_range=0.5 in or out by 50 %.
COURSE_RANGES = {
    "RandomRotation": {"factor": (-45 / 360, 45 / 360)},
    "RandomTranslation": {"height_factor": (-0.15, 0.15), "width_factor": (-0.15, 0.15)},
    "RandomZoom": {"height_factor": (-0.5, 0.5)},
}
COURSE_CALLS = {
    "RandomRotation": "RandomRotation(45 / 360)",
    "RandomTranslation": "RandomTranslation(0.15, 0.15)",
    "RandomZoom": "RandomZoom(0.5)",
}


def _flat_layers(facts):
    for layer in facts.get("layers", []) or []:
        yield layer
        yield from _flat_layers(layer)


def _bounds(value):
    """A Random* layer's factor as Keras reads it: a number f is (-f, f), a pair is (lo, hi)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (-abs(float(value)), abs(float(value)))
    if isinstance(value, list | tuple) and len(value) == 2:
        try:
            return (float(value[0]), float(value[1]))
        except (TypeError, ValueError):
            return None
    return None


def _same_bounds(got, want):
    return got is not None and all(abs(g - w) < 1e-6 for g, w in zip(got, want))


def _shown(bounds):
    return _("missing") if bounds is None else f"({bounds[0]:.4g}, {bounds[1]:.4g})"


@exercise("ch4.augment")
def test_augmentation_ranges_and_input(student, reference):
    model = _proven(student, reference)
    facts = describe(model, probe=_images()[:2])
    layers = list(_flat_layers(facts))
    inputs = {"build_augmentation()": " → ".join(layer["kind"] for layer in layers)}
    for layer in layers:
        shape = layer.get("output_shape")
        expect(
            shape is None or list(shape[1:]) == [28, 28, 1],
            _(
                "the model is declared for images of shape {shape}, not the (28, 28, 1) digits: a"
                " classifier built on top of it would expect the wrong input size"
            ).format(shape=tuple(shape[1:])),
            inputs=inputs,
            expected="(None, 28, 28, 1)",
            got=_("{kind} outputs {shape}").format(kind=layer["kind"], shape=tuple(shape)),
            hint=_("keras.Input((28, 28, 1)) as the first entry of the Sequential"),
        )


def _explain_ranges(facts):
    """The ranges the model's layers say they have: only ever a reason to fail."""
    layers = list(_flat_layers(facts))
    inputs = {"build_augmentation()": " → ".join(layer["kind"] for layer in layers)}
    for layer in layers:
        ranges = COURSE_RANGES.get(layer["kind"])
        if ranges is None:
            continue
        config = layer.get("config", {})
        for key, want in ranges.items():
            got = _bounds(config.get(key))
            expect(
                _same_bounds(got, want),
                _("{kind}'s {key} is {got}; the course's range is {want}").format(
                    kind=layer["kind"], key=key, got=_shown(got), want=_shown(want)
                ),
                inputs=inputs,
                expected=f"{COURSE_CALLS[layer['kind']]}: {key} {_shown(want)}",
                got=f"{key} {_shown(got)}",
                hint=_(
                    "rotation_range=45 -> RandomRotation(45 / 360) (a fraction of a full turn),"
                    " width/height_shift_range=.15 -> RandomTranslation(0.15, 0.15),"
                    " zoom_range=0.5 -> RandomZoom(0.5)"
                ),
            )
        if layer["kind"] == "RandomZoom":
            width = config.get("width_factor")
            expect(
                width is None or _same_bounds(_bounds(width), ranges["height_factor"]),
                _(
                    "RandomZoom's width_factor is {factor}; the course zooms both sides by up to"
                    " 50 %"
                ).format(factor=_shown(_bounds(width))),
                inputs=inputs,
                expected=_("width_factor None (the same zoom as the height) or (-0.5, 0.5)"),
                got=f"width_factor {_shown(_bounds(width))}",
                hint=_("RandomZoom(0.5): zoom_range=0.5 is 50 % in or out"),
            )
