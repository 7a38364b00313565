"""How an augmentation model moves a known shape, measured in the checker from its outputs.

A layer's configuration is the worker's word; what its outputs do to a shape the checker drew
is evidence. The probe is a bar centred on black (and, to see mirrors, a bar with a blob at
its right end); each augmented copy is measured by its image moments: the bar's angle
(rotation), where its mass sits (translation), its length (zoom), and which end the blob is on
(the sign of the third moment along the bar: a mirror flips it). The same probe through the
checker's own builds of the course's model (its three layers in any order) gives the
distributions to match: quantiles of each within a tolerance far above the sampling noise of
2,048 draws, and far below the gap to the nearest wrong range (45 degrees against 36 or 72,
shifts of 0.15 against 0.1 or 0.2, zoom 0.5 against 0.3 or 0.7).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.i18n import N_, _
from grader.testing.api import CheckFailure
from grader.testing.compare import as_array
from grader.testing.models import call

DRAWS = 2048
FLIPS = 256
_ORIGIN = (13.5, 13.5)  # the unaugmented bar's centroid (row, column): the image's centre
_LOG_LENGTH = 1.39405  # the log of its major axis's length (its standard deviation, in pixels)


def probe(count: int = DRAWS) -> np.ndarray:
    """``count`` copies of a bar centred where rotation and zoom pivot (rows 13-14, columns
    7-20: its centroid moves only by translation), then ``FLIPS`` copies of the bar with a blob
    at its right end (a mirror moves the blob to the left)."""
    bar = np.zeros((28, 28), np.float32)
    bar[13:15, 7:21] = 1.0
    flag = bar.copy()
    flag[11:17, 18:21] = 1.0
    images = np.concatenate([np.repeat(bar[None], count, 0), np.repeat(flag[None], FLIPS, 0)])
    return images[..., np.newaxis]  # (n, 28, 28) -> (n, 28, 28, 1)


def measure(images: np.ndarray) -> dict[str, np.ndarray]:
    """Per image: angle of the major axis (radians), centroid shift (fractions of the side),
    log of the major axis's length, and the blob's side (the sign of the third moment along the
    bar's direction: the unaugmented probe's sign, or the mirror one's)."""
    x = np.asarray(images, np.float64).reshape(len(images), 28, 28)
    rows, cols = np.mgrid[0:28, 0:28]
    mass = x.sum(axis=(1, 2)) + 1e-9
    cy = (x * rows).sum(axis=(1, 2)) / mass
    cx = (x * cols).sum(axis=(1, 2)) / mass
    dy, dx = rows[None] - cy[:, None, None], cols[None] - cx[:, None, None]
    myy = (x * dy**2).sum(axis=(1, 2)) / mass
    mxx = (x * dx**2).sum(axis=(1, 2)) / mass
    mxy = (x * dx * dy).sum(axis=(1, 2)) / mass
    angle = 0.5 * np.arctan2(2 * mxy, mxx - myy)
    major = 0.5 * (mxx + myy) + np.sqrt(0.25 * (mxx - myy) ** 2 + mxy**2)
    along = dx * np.cos(angle)[:, None, None] + dy * np.sin(angle)[:, None, None]
    skew = (x * along**3).sum(axis=(1, 2)) / mass
    return {
        "angle": angle,
        "shift": np.hypot(cy - _ORIGIN[0], cx - _ORIGIN[1]) / 28,
        "length": 0.5 * np.log(np.maximum(major, 1e-9)) - _LOG_LENGTH,
        "blob": np.sign(skew * np.cos(angle)),
    }


# statistic -> (quantiles compared, absolute tolerance); the relative tolerance is 15 %
_COMPARED = {
    "angle": ((0.1, 0.5, 0.9), 0.04),  # |angle|: radians
    "shift": ((0.5, 0.9), 0.012),  # fractions of the side
    "length": ((0.1, 0.5, 0.9), 0.04),  # log of the bar's length over the probe's
}
_WHAT = {
    "angle": N_("rotation (the bar's angle)"),
    "shift": N_("translation (where the shape's mass sits)"),
    "length": N_("zoom (the bar's length)"),
}


def _quantiles(name: str, values: np.ndarray) -> np.ndarray:
    qs = _COMPARED[name][0]
    return np.quantile(np.abs(values) if name != "length" else values, qs)


def _differs(theirs: dict[str, np.ndarray], ours: dict[str, np.ndarray]) -> tuple[str, Any, Any]:
    """The first statistic whose quantiles differ beyond tolerance ('' where none does)."""
    for name, (_qs, tolerance) in _COMPARED.items():
        g, w = _quantiles(name, theirs[name]), _quantiles(name, ours[name])
        if not np.all(np.abs(g - w) <= np.maximum(tolerance, 0.15 * np.abs(w))):
            return name, g, w
    return "", None, None


def _quantiles_shown(qs: tuple[float, ...], values: np.ndarray) -> str:
    """Each quantile and its value: "10th 0.012, 50th 0.140, 90th 0.610"."""
    return ", ".join(
        _("{q}th {value}").format(q=int(q * 100), value=f"{v:.3f}") for q, v in zip(qs, values)
    )


def expect_same_motion(model: Any, specs: list[Any]) -> None:
    """Fail unless ``model`` (the student's, in the worker) moves the probe as one of ``specs``
    (the checker's own builds of the course's model: its layers in any order) does."""
    x = probe()
    got = as_array(call(model, x, training=True), what=N_("the model's output (training=True)"))
    if got.shape != x.shape:
        raise CheckFailure(
            _("augmented images have shape {shape}; expected {expected}").format(
                shape=got.shape, expected=x.shape
            ),
            hint=_("the augmentation must keep each image's size"),
        )
    theirs, flags = measure(got[:DRAWS]), measure(got[DRAWS:])["blob"]
    flipped = float(np.mean(flags != measure(x[DRAWS:][:1])["blob"][0]))
    if flipped > 0.1:
        raise CheckFailure(
            _(
                "{flipped:.0%} of the augmented copies are mirrored (the blob at the bar's right"
                " end moved to its left end)"
            ).format(flipped=flipped),
            expected=_("no mirror images (the course sets horizontal_flip=False)"),
            hint=_("a mirrored digit is not the same digit: no RandomFlip"),
        )
    found = [
        _differs(theirs, measure(np.asarray(spec(x[:DRAWS], training=True)))) for spec in specs
    ]
    if any(not name for name, _, _ in found):
        return
    name, g, w = found[0]
    qs = _COMPARED[name][0]
    raise CheckFailure(
        _("the {what} of {draws:,} augmented copies of a bar is not the course's").format(
            what=_(_WHAT[name]), draws=DRAWS
        ),
        inputs={"probe": _("{draws:,} copies of a 14-pixel bar at the centre").format(draws=DRAWS)},
        expected=_quantiles_shown(qs, w),
        got=_quantiles_shown(qs, g),
        hint=_(
            "rotation_range=45 -> RandomRotation(45 / 360), shifts of 0.15 ->"
            " RandomTranslation(0.15, 0.15), zoom_range=0.5 -> RandomZoom(0.5)"
        ),
    )
