"""Checks of ch4/augment.py: the augmentation model, probed through grader.testing.models."""

import numpy as np

from grader.checks.ch4.files import sample_digits
from grader.testing.api import exercise, expect
from grader.testing.compare import as_array
from grader.testing.models import call, describe, seed

COURSE_LAYERS = ("RandomRotation", "RandomTranslation", "RandomZoom")


def _images():
    digits, _ = sample_digits(8, offset=200)
    return (digits / 255.0).astype(np.float32)[..., np.newaxis]  # (8, 28, 28) -> (8, 28, 28, 1)


@exercise("ch4.augment")
def test_augmentation_layers(student):
    seed(student, 0)
    model = student.build_augmentation()
    facts = describe(model, probe=_images()[:2])
    expect(
        facts.get("is_layer", False),
        "build_augmentation must return a keras.Sequential",
        got=facts.get("type"),
    )
    kinds = [layer["kind"] for layer in facts.get("layers", [])]
    missing = [k for k in COURSE_LAYERS if k not in kinds]
    expect(
        not missing,
        f"the course's augmentation needs {', '.join(missing)}",
        expected=" → ".join(COURSE_LAYERS),
        got=" → ".join(kinds) or "(no layers)",
        hint="rotation_range=45 -> RandomRotation(45/360), shifts -> RandomTranslation(0.15,"
        " 0.15), zoom_range=0.5 -> RandomZoom(0.5)",
    )
    expect(
        "RandomFlip" not in kinds,
        "the course sets horizontal_flip=False: a mirrored digit is not the same digit",
        got=" → ".join(kinds),
    )
    expect(
        facts.get("params", 0) == 0,
        "an augmentation model has no weights to train",
        got=facts.get("params"),
    )


def _largest_change(got, x):
    if got.shape != x.shape:
        return "-"
    return f"{float(np.max(np.abs(got - x))):.3f}"


@exercise("ch4.augment")
def test_augmentation_only_while_training(student):
    x = _images()
    seed(student, 0)
    model = student.build_augmentation()
    clean = as_array(call(model, x, training=False), what="the model's output (training=False)")
    expect(
        clean.shape == x.shape and bool(np.allclose(clean, x, atol=1e-6)),
        "with training=False the images changed: augmentation must be off at test time",
        inputs={"x": "8 digits (8, 28, 28, 1)"},
        got=f"shape {clean.shape}, largest change {_largest_change(clean, x)}",
        hint="use Keras's Random* layers directly: they act only when training=True",
    )
    moved = as_array(call(model, x, training=True), what="the model's output (training=True)")
    expect(moved.shape == x.shape, f"augmented images have shape {moved.shape}; expected {x.shape}")
    changed = np.mean(np.abs(moved - x).reshape(len(x), -1).max(axis=1) > 0.05)
    expect(
        changed >= 0.75,
        f"with training=True only {changed:.0%} of the images changed",
        hint="rotation, shift and zoom should move almost every image",
    )
    expect(
        float(moved.min()) >= -1e-3 and float(moved.max()) <= 1 + 1e-3,
        "augmented pixels left [0, 1]",
        got=f"from {moved.min():.3f} to {moved.max():.3f}",
        hint="fill_mode='nearest' repeats edge pixels; interpolation stays within the range",
    )
