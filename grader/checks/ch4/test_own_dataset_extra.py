"""Checks of ch4/own_dataset.py at sizes other than MNIST's 28 x 28: the docstrings leave the
image size free (x is (n, height, width); the cache's side is int(sqrt(height * width))), so a
reader that assumes 28 x 28, or reshapes to PIL's (width, height) size, fails here."""

import numpy as np

from grader.checks.ch4.files import (
    course_folder,
    input_folder,
    output_folder,
    sample_digits,
    write_digits,
)
from grader.i18n import _
from grader.testing import files
from grader.testing.api import exercise, expect, unpack
from grader.testing.compare import as_array, expect_close


def _read(student, fn, args, inputs):
    got = unpack(getattr(student, fn)(*args), 2, what=fn, names="x, y", inputs=inputs)
    return as_array(got[0], what="x", inputs=inputs), as_array(got[1], what="y", inputs=inputs)


def _expect(x, y, images, labels, inputs, what, hint):
    what = _(what)
    expect(
        x.shape == images.shape,
        _("{what}: x has shape {shape}; expected {expected} (n, height, width)").format(
            what=what, shape=x.shape, expected=images.shape
        ),
        inputs=inputs,
        hint=hint,
    )
    expect_close(x, images / 255.0, inputs=inputs, what=_("{what}: x").format(what=what), hint=hint)
    expect(
        y.dtype.kind in "iu" and y.shape == labels.shape and bool(np.array_equal(y, labels)),
        _("{what}: the labels are wrong").format(what=what),
        inputs=inputs,
        expected=labels,
        got=y,
    )


@exercise("ch4.generateds")
def test_generateds_reads_images_that_are_not_28_by_28(student, ck_target):
    """Digits cropped to 20 rows x 24 columns (height != width), then 9 x 9, other counts."""
    for count, rows, cols, offset in ((5, slice(4, 24), slice(2, 26), 200), (3, slice(9, 18),
                                      slice(9, 18), 220)):  # fmt: skip
        folder = input_folder(ck_target, f"sized-{count}")  # the worker only reads here
        digits, labels = sample_digits(count, offset=offset)
        images = np.ascontiguousarray(digits[:, rows, cols])  # (n, height, width)
        label_file = write_digits(folder, images, labels)
        image_dir = course_folder(folder / "images")  # ends in "/", as the course writes it
        size = f"{images.shape[1]} x {images.shape[2]}"
        shown = _("{count} PNG images of {size} pixels").format(count=count, size=size)
        inputs = {"image_dir": image_dir, "label_file": str(label_file), "images": shown}
        x, y = _read(student, "generateds", (image_dir, str(label_file)), inputs)
        _expect(x, y, images, labels, inputs, "generateds",
                _("keep each image's own size: np.array(img.convert('L')) is (height, width);"
                  " PIL's img.size is (width, height), and 28 is only MNIST's side"))  # fmt: skip


@exercise("ch4.cache")
def test_cache_of_images_that_are_not_28_by_28(student, ck_target):
    """20 x 20 images: the cached rows hold 400 values, read back as 20 x 20 (not 28 x 28)."""
    folder = input_folder(ck_target, "cache-20")  # the images: the worker only reads here
    out = output_folder(ck_target, "cache-20")  # the cache: the worker writes, the checker
    digits, labels = sample_digits(6, offset=240)  # reads it without following links
    images = np.ascontiguousarray(digits[:, 4:24, 4:24])  # (6, 20, 20)
    label_file = write_digits(folder, images, labels)
    x_cache, y_cache = out / "x_train.npy", out / "y_train.npy"
    args = (course_folder(folder / "images"), str(label_file), str(x_cache), str(y_cache))
    hint = _("the side is int(sqrt(height * width)) of the cached rows, not a fixed 28")
    for run in (1, 2):
        inputs = {
            "run": run,
            "images": _("{count} PNG images of {size} pixels").format(count=6, size="20 x 20"),
            "cache": _("absent") if run == 1 else _("written by run {run}").format(run=1),
        }
        x, y = _read(student, "load_or_generate", args, inputs)
        _expect(
            x, y, images, labels, inputs, _("load_or_generate (run {run})").format(run=run), hint
        )
        if run == 1:
            saved = files.load_npy(x_cache)
            expect(
                saved.shape == (6, 400),
                _(
                    "the x cache holds shape {shape}; expected (6, 400): x flattened to (n,"
                    " height * width)"
                ).format(shape=saved.shape),
                inputs=inputs,
                hint=_("np.save(x_cache, x.reshape(len(x), -1))"),
            )
