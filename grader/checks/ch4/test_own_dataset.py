"""Checks of ch4/own_dataset.py: real digits written as PNG files are read back into arrays,
and the .npy cache is written on the first run and read on the next."""

import numpy as np
import pytest

from grader.checks.ch4.files import (
    course_folder,
    input_folder,
    output_folder,
    sample_digits,
    write_digits,
)
from grader.i18n import N_, _
from grader.testing import files
from grader.testing.api import CheckFailure, exercise, expect, unpack
from grader.testing.compare import as_array, expect_close
from grader.worker.client import StudentError


def _read(student, fn, args, inputs):
    got = unpack(getattr(student, fn)(*args), 2, what=fn, names="x, y", inputs=inputs)
    return as_array(got[0], what="x", inputs=inputs), as_array(got[1], what="y", inputs=inputs)


def _expect_dataset(x, y, digits, labels, inputs, what):
    what = _(what)
    expect(
        x.shape == digits.shape,
        _("{what}: x has shape {shape}; expected {expected} (one 28x28 array per line)").format(
            what=what, shape=x.shape, expected=digits.shape
        ),
        inputs=inputs,
    )
    expect_close(
        x,
        digits / 255.0,
        inputs=inputs,
        what=_("{what}: x").format(what=what),
        hint=_("grey pixels scaled to [0, 1]: np.array(img.convert('L')) / 255."),
    )
    expect(
        x.dtype.kind == "f",
        _("{what}: x has dtype {dtype}; expected floats").format(what=what, dtype=x.dtype),
        inputs=inputs,
    )
    # the course keeps int64 labels; any integer dtype holds them as well (int32 included)
    expect(
        y.dtype.kind in "iu",
        _(
            "{what}: y has dtype {dtype}; expected integer labels (int64 as in the course, or"
            " int32)"
        ).format(what=what, dtype=y.dtype),
        inputs=inputs,
        got=y,
        hint=_("convert the second word of each line with int(...), or y.astype(np.int64)"),
    )
    expect(
        y.shape == labels.shape and bool(np.array_equal(y, labels)),
        _("{what}: the labels are wrong").format(what=what),
        inputs=inputs,
        expected=labels,
        got=y,
        hint=_("the second word of each line, as integers (y.astype(np.int64))"),
    )


@pytest.mark.visibility("public")
@exercise("ch4.generateds")
def test_generateds_reads_real_digits(student, ck_target):
    folder = input_folder(ck_target, "dataset")
    digits, labels = sample_digits(12)
    label_file = write_digits(folder, digits, labels)
    image_dir = course_folder(folder / "images")  # ".../images/": the course's path + name works
    inputs = {
        "image_dir": image_dir,
        "label_file": str(label_file),
        "images": _("{n} PNG digits").format(n=12),
    }
    x, y = _read(student, "generateds", (image_dir, str(label_file)), inputs)
    _expect_dataset(x, y, digits, labels, inputs, "generateds")


@exercise("ch4.generateds")
def test_generateds_follows_the_list_order(student, ck_target):
    folder = input_folder(ck_target, "order")
    digits, labels = sample_digits(6, offset=40)
    label_file = write_digits(folder, digits, labels)
    lines = label_file.read_text(encoding="utf-8").splitlines()[::-1]  # listed backwards
    label_file.write_text("\n".join(lines) + "\n\n", encoding="utf-8")  # and a blank line
    image_dir = course_folder(folder / "images")
    inputs = {"image_dir": image_dir, "label_file": _("the lines in reverse order")}
    x, y = _read(student, "generateds", (image_dir, str(label_file)), inputs)
    _expect_dataset(x, y, digits[::-1], labels[::-1], inputs, "generateds")


@pytest.mark.visibility("public")
@exercise("ch4.cache")
def test_cache_is_written_then_read(student, ck_target):
    folder = input_folder(ck_target, "cache")
    digits, labels = sample_digits(10, offset=100)
    label_file = write_digits(folder, digits, labels)
    out = output_folder(ck_target, "cache")
    x_cache, y_cache = out / "x_train.npy", out / "y_train.npy"
    args = (course_folder(folder / "images"), str(label_file), str(x_cache), str(y_cache))
    inputs = {"run": 1, "cache": _("absent")}
    x1, y1 = _read(student, "load_or_generate", args, inputs)
    _expect_dataset(x1, y1, digits, labels, inputs, N_("the first run"))
    expect(
        files.is_file(x_cache) and files.is_file(y_cache),
        _("the first run did not save the cache files"),
        inputs=inputs,
        hint=_("np.save(x_cache, x.reshape(len(x), -1)); np.save(y_cache, y)"),
    )
    saved_x, saved_y = files.load_npy(x_cache), files.load_npy(y_cache)
    expect(
        saved_x.reshape(digits.shape).shape == digits.shape and len(saved_y) == len(labels),
        _("the cache files do not hold the dataset"),
        got=(saved_x.shape, saved_y.shape),
    )
    # the second run must not need the images: its cache (the first run's, marked so that a
    # re-generated dataset is told apart from a loaded one) is created as new files in a fresh
    # output folder (the submission may save there again), with no image or label list
    marked = saved_x.copy()
    marked.reshape(len(marked), -1)[:, 0] = 0.5
    second = output_folder(ck_target, "cache-2")
    files.save_npy(second / "x_train.npy", marked)
    files.save_npy(second / "y_train.npy", saved_y)
    x_cache, y_cache = second / "x_train.npy", second / "y_train.npy"
    args = (course_folder(second / "images"), str(second / "labels.txt"), str(x_cache),
            str(y_cache))  # fmt: skip
    inputs = {"run": 2, "cache": _("present (the images and the label list are gone)")}
    try:
        x2, y2 = _read(student, "load_or_generate", args, inputs)
    except StudentError as exc:
        raise CheckFailure(
            _("the second run did not read the cache: it went back to the images, which are gone"),
            inputs=inputs,
            got=str(exc),
            hint=_("if both .npy files exist, np.load them instead of calling generateds"),
        ) from None
    expect(
        x2.shape == digits.shape,
        _("the second run gave x of shape {shape}; expected {expected}").format(
            shape=x2.shape, expected=digits.shape
        ),
        inputs=inputs,
        hint=_("reshape the flat cache back: x.reshape(len(x), 28, 28)"),
    )
    expect_close(
        x2.reshape(len(x2), -1),
        marked.reshape(len(marked), -1),
        inputs=inputs,
        what=N_("the second run's x (the cache's content)"),
        hint=_("when both .npy files exist, load them with np.load"),
    )
    expect(bool(np.array_equal(y2, labels)), _("the second run's labels differ"), got=y2)


@exercise("ch4.cache")
def test_cache_with_one_file_missing_is_regenerated(student, ck_target):
    folder = input_folder(ck_target, "half-cache")
    digits, labels = sample_digits(8, offset=160)
    label_file = write_digits(folder, digits, labels)
    out = output_folder(ck_target, "half-cache")
    x_cache, y_cache = out / "x_train.npy", out / "y_train.npy"
    args = (course_folder(folder / "images"), str(label_file), str(x_cache), str(y_cache))
    _read(student, "load_or_generate", args, {"run": 1, "cache": _("absent")})
    expect(
        files.is_file(x_cache) and files.is_file(y_cache),
        _("the first run did not save the cache files"),
        inputs={"run": 1, "cache": _("absent")},
        hint=_("np.save(x_cache, x.reshape(len(x), -1)); np.save(y_cache, y)"),
    )
    # a stale half of a cache, marked so that loading it is told apart from regenerating; each
    # in a fresh output folder, created there as a new file (never written through a link)
    x_stale, y_stale = files.load_npy(x_cache), files.load_npy(y_cache)
    stale = {"x_train.npy": np.full_like(x_stale, 0.5), "y_train.npy": (y_stale + 1) % 10}
    for kept, removed in (("x_train.npy", "y_train.npy"), ("y_train.npy", "x_train.npy")):
        out = output_folder(ck_target, "half-cache")
        files.save_npy(out / kept, stale[kept])
        x_cache, y_cache = out / "x_train.npy", out / "y_train.npy"
        args = (course_folder(folder / "images"), str(label_file), str(x_cache), str(y_cache))
        inputs = {
            "run": _("after a full run"),
            "cache": _("only {kept} (stale) exists; {removed} was deleted").format(
                kept=kept, removed=removed
            ),
            "images": _("still there"),
        }
        try:
            x, y = _read(student, "load_or_generate", args, inputs)
        except StudentError as exc:
            raise CheckFailure(
                _("with one cache file missing the dataset must come from the images again"),
                inputs=inputs,
                got=str(exc),
                hint=_(
                    "load the cache only when BOTH .npy files exist"
                    " (x_cache exists and y_cache exists); else call generateds and save both"
                ),
            ) from None
        _expect_dataset(x, y, digits, labels, inputs, N_("with half a cache"))
        expect(
            files.is_file(x_cache) and files.is_file(y_cache),
            _("a run with {removed} missing did not save the cache again").format(removed=removed),
            inputs=inputs,
            hint=_("after generateds, np.save both cache files"),
        )
