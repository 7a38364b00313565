"""Checks of ch4/parameters.py (a text export that reads back exactly), ch4/curves.py (a real
two-panel PNG) and ch4/predict_app.py (photos of real digits made into the network's input)."""

import numpy as np
import pytest

from grader.checks.ch4.files import input_folder, output_folder, sample_digits
from grader.i18n import _
from grader.testing import files
from grader.testing.api import exercise, expect
from grader.testing.compare import as_array


def _params():
    rng = np.random.default_rng(4)
    return {
        "sequential/dense/kernel": rng.normal(size=(784, 128)).astype(np.float32),  # big
        "sequential/dense/bias": (rng.normal(size=128) * 1e-7).astype(np.float32),  # tiny
        "sequential/dense_1/kernel": rng.normal(size=(128, 10)).astype(np.float32),
        "sequential/dense_1/bias": np.array(
            [1 / 3, -2.5e8, 0.0, 1e-30, 7.0, -1.0, 0.1, 2, 3, 4], np.float32
        ),
        "conv/kernel": rng.normal(size=(3, 3, 1, 2)),  # float64, 4-D
        "column": rng.normal(size=(5, 1)).astype(np.float32),  # (5, 1) is not (5,)
    }


@pytest.mark.visibility("public")
@exercise("ch4.export")
def test_parameters_round_trip(student, ck_target):
    folder = output_folder(ck_target, "params")
    path = str(folder / "weights.txt")
    params = _params()
    student.write_parameters(params, path)
    text = files.read_bytes(folder / "weights.txt")
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError:
        decoded = ""
    expect(bool(decoded), _("the export is not a UTF-8 text file"), inputs={"path": path})
    missing = [name for name in params if name not in decoded]
    expect(
        not missing,
        _("the text file lacks the names {missing}").format(missing=missing),
        inputs={"path": path},
    )
    back = student.read_parameters(path)
    expect(
        isinstance(back, dict) and list(back) == list(params),
        _("read_parameters must return {name: array} in the file's order"),
        expected=list(params),
        got=list(back) if isinstance(back, dict) else back,
    )
    for name, want in params.items():
        got = as_array(back[name], what=_("read back {name!r}").format(name=name))
        expect(
            got.shape == want.shape,
            _("{name!r} came back with shape {shape}; expected {expected}").format(
                name=name, shape=got.shape, expected=want.shape
            ),
            hint=_("write the shape and reshape when reading"),
        )
        same = np.array_equal(got.astype(want.dtype), want)
        expect(
            bool(same),
            _("{name!r} came back with other values").format(name=name),
            expected=want,
            got=got,
            hint=_(
                "np.set_printoptions(threshold=np.inf) keeps str() from writing '...', and"
                " every digit counts: write repr(float(v))"
            ),
        )


def _runs(mask):
    """(first, last) index of each run of True in a 1-D mask."""
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return []
    cuts = np.flatnonzero(np.diff(idx) > 1)
    return list(zip(np.r_[idx[0], idx[cuts + 1]], np.r_[idx[cuts], idx[-1]]))


def _panel_boxes(gray):
    """The plot panels of a matplotlib PNG as (top, bottom, left, right) pixel boxes, found from
    their black frame lines (spines): rows and columns that are mostly dark, taken in pairs."""
    dark = gray < 60  # black spines; the default blue/orange lines are lighter
    rows = _runs(dark.mean(axis=1) > 0.3)
    cols = _runs(dark.mean(axis=0) > 0.3)
    spans = [
        [(int(r[i][1]), int(r[i + 1][0])) for i in range(0, len(r) - 1, 2)] for r in (rows, cols)
    ]
    return [(top, bottom, left, right) for top, bottom in spans[0] for left, right in spans[1]]


def _axes_in_png(gray):
    """Count the plot panels of a matplotlib PNG from its black frame lines (spines)."""
    return len(_panel_boxes(gray))


# Six epochs of a made-up training. Each curve's third value can be nudged without becoming its
# panel's lowest or highest value, so the axes, ticks and layout stay exactly as they were and a
# curve that is drawn changes pixels inside its own panel only.
HISTORY = {
    "sparse_categorical_accuracy": [0.40, 0.62, 0.55, 0.80, 0.72, 0.95],
    "val_sparse_categorical_accuracy": [0.50, 0.45, 0.70, 0.60, 0.85, 0.78],
    "loss": [1.60, 1.10, 1.30, 0.70, 0.90, 0.30],
    "val_loss": [1.40, 1.50, 1.00, 1.20, 0.60, 0.80],
}
ACCURACY = ("sparse_categorical_accuracy", "val_sparse_categorical_accuracy")
LOSS = ("loss", "val_loss")


def _render(student, history, path):
    student.plot_curves(history, str(path))
    expect(
        files.size(path) > 1000,
        _("no PNG was written at the path"),
        inputs={"path": str(path)},
        hint=_("fig.savefig(path) (plt.show() writes nothing)"),
    )
    expect(
        files.read_bytes(path)[:8] == b"\x89PNG\r\n\x1a\n",
        _("the file is not a PNG"),
        hint=_("save with a .png path, or format='png'"),
    )
    with files.load_image(path) as img:
        rgb, gray = np.asarray(img.convert("RGB")), np.asarray(img.convert("L"))
    return img.size, rgb, gray


@pytest.mark.visibility("public")
@exercise("ch4.curves")
def test_curves_png(student, ck_target):
    history = {
        "loss": [0.9, 0.5, 0.35, 0.3, 0.28],
        "val_loss": [0.7, 0.45, 0.4, 0.42, 0.47],
        "sparse_categorical_accuracy": [0.7, 0.85, 0.9, 0.92, 0.93],
        "val_sparse_categorical_accuracy": [0.8, 0.88, 0.89, 0.885, 0.88],
    }
    folder = output_folder(ck_target, "curves")
    size, _unused, gray = _render(student, history, folder / "curves.png")
    expect(
        size == (800, 600),
        _("the PNG is {width}x{height}; expected 800x600").format(width=size[0], height=size[1]),
        hint=_("plt.figure(figsize=(8, 6), dpi=100) and savefig(path, dpi=100)"),
    )
    expect(float(gray.std()) > 5, _("the PNG is blank"))
    panels = _axes_in_png(gray)
    expect(
        panels == 2,
        _("the PNG shows {panels} panel(s); expected 2 (accuracy and loss)").format(panels=panels),
        hint=_("plt.subplot(2, 1, 1) for accuracy, plt.subplot(2, 1, 2) for loss"),
    )


@exercise("ch4.curves")
def test_curves_draw_each_history_entry_in_its_panel(student, ck_target):
    folder = output_folder(ck_target, "curves-each")
    _unused1, base, gray = _render(student, HISTORY, folder / "base.png")
    boxes = _panel_boxes(gray)
    expect(
        len(boxes) == 2,
        _("the PNG shows {panels} panel(s); expected 2 (accuracy and loss)").format(
            panels=len(boxes)
        ),
        inputs={"history": HISTORY},
        hint=_("plt.subplot(2, 1, 1) for accuracy, plt.subplot(2, 1, 2) for loss"),
    )
    where = {}
    for i, key in enumerate(ACCURACY + LOSS):
        nudged = {k: list(v) for k, v in HISTORY.items()}
        nudged[key][2] = round(nudged[key][2] + 0.04, 2)
        size, rgb, _unused2 = _render(student, nudged, folder / f"nudged_{i}.png")
        expect(
            rgb.shape == base.shape,
            _("the same call with other numbers gave a PNG of another size"),
            expected=f"{base.shape[1]}x{base.shape[0]}",
            got=f"{size[0]}x{size[1]}",
            hint=_("a fixed figsize and dpi: plt.figure(figsize=(8, 6), dpi=100)"),
        )
        changed = np.any(rgb != base, axis=-1)
        inside = [int(changed[t + 2 : b - 1, lo + 2 : hi - 1].sum()) for t, b, lo, hi in boxes]
        inputs = {
            "history": HISTORY,
            "change": f"{key}[2]: {HISTORY[key][2]} -> {nudged[key][2]}",
        }
        expect(
            max(inside) > 0,
            _(
                "history[{key!r}] is not drawn: changing one of its values changed nothing in the"
                " panels"
            ).format(key=key),
            inputs=inputs,
            expected=_("the {panel} panel shows {key}").format(
                panel=_("accuracy") if key in ACCURACY else _("loss"), key=key
            ),
            hint=_("plt.plot(history[...]) once for each of the four curves"),
        )
        where[key] = int(np.argmax(inside))
    accuracy, loss = {where[k] for k in ACCURACY}, {where[k] for k in LOSS}
    expect(
        len(accuracy) == 1 and len(loss) == 1 and accuracy != loss,
        _(
            "the curves are not drawn two by two: the accuracy panel must hold the training and"
            " validation accuracy, the other panel the training and validation loss"
        ),
        inputs={"history": HISTORY},
        expected=_("accuracy curves together in one panel, loss curves in the other"),
        got={key: _("panel {n}").format(n=where[key] + 1) for key in where},
        hint=_("plt.subplot(2, 1, 1): the two accuracies; plt.subplot(2, 1, 2): the two losses"),
    )


def _text_ink(rgb):
    """Black or grey text (titles, legends, tick labels): dark pixels without colour, so the
    coloured curves do not count."""
    rgb = rgb.astype(np.int16)
    top, low = rgb.max(axis=-1), rgb.min(axis=-1)
    return (top < 130) & (top - low < 40)


@exercise("ch4.curves")
def test_curves_panels_have_titles_and_legends(student, ck_target):
    folder = output_folder(ck_target, "curves-titles")
    _unused, rgb, gray = _render(student, HISTORY, folder / "titled.png")
    boxes = _panel_boxes(gray)
    expect(
        len(boxes) == 2,
        _("the PNG shows {panels} panel(s); expected 2 (accuracy and loss)").format(
            panels=len(boxes)
        ),
        hint=_("plt.subplot(2, 1, 1) for accuracy, plt.subplot(2, 1, 2) for loss"),
    )
    text = _text_ink(rgb)
    inputs = {"history": HISTORY}
    for n, (top, bottom, left, right) in enumerate(boxes, start=1):
        above = [b for t, b, lo, hi in boxes if b < top and lo < right and left < hi]
        first = max([0, top - 60, *(b + 1 for b in above)])
        ink = int((gray[first : top - 2, left : right + 1] < 150).sum())
        expect(
            ink >= 30,
            _("panel {n} has no title: nothing is written above it").format(n=n),
            inputs=inputs,
            expected=_("a title over each panel"),
            got=_("{ink} dark pixels in the {rows} rows above panel {n}").format(
                ink=ink, rows=top - 2 - first, n=n
            ),
            hint=_(
                "plt.title('Training and Validation Accuracy') after plt.subplot(2, 1, 1),"
                " plt.title('Training and Validation Loss') after plt.subplot(2, 1, 2)"
            ),
        )
        # a legend's labels: text inside the panel, or beside it on the right if placed outside
        beside = [lo for t, b, lo, hi in boxes if lo > right and t < bottom and top < b]
        inside = int(text[top + 3 : bottom - 2, left + 3 : right - 2].sum())
        outside = int(text[top : bottom + 1, right + 3 : min([text.shape[1], *beside])].sum())
        expect(
            inside + outside >= 20,
            _("panel {n} has no legend: no text inside it tells its two curves apart").format(n=n),
            inputs=inputs,
            expected=_("a legend naming the training and the validation curve in each panel"),
            got=_("{inside} text pixels inside panel {n}").format(inside=inside + outside, n=n),
            hint=_("plt.plot(..., label='Training Accuracy'), then plt.legend() in each panel"),
        )


def _photo(folder, digit, index, size, kind):
    """A digit as a phone photo would show it: dark ink on white paper, bigger, RGB."""
    from PIL import Image

    paper = Image.fromarray(255 - digit, mode="L").resize(size, Image.BICUBIC).convert("RGB")
    path = folder / f"photo_{index}.{kind}"
    paper.save(path, quality=95) if kind == "jpg" else paper.save(path)
    return path


@exercise("ch4.predict")
def test_prepare_photo(student, reference, ck_target):
    folder = input_folder(ck_target, "photos")
    digits, labels = sample_digits(6, offset=300)
    sizes = [(280, 280), (300, 200), (56, 56), (500, 500), (28, 28), (123, 321)]
    for i, (digit, size) in enumerate(zip(digits, sizes)):
        kind = "jpg" if i % 2 else "png"
        path = _photo(folder, digit, i, size, kind)
        inputs = {
            "photo": _("digit {label}, {size} {kind}, dark ink on white").format(
                label=labels[i], size=f"{size[0]}x{size[1]}", kind=kind
            )
        }
        got = as_array(student.prepare_photo(str(path)), what="prepare_photo(path)", inputs=inputs)
        expect(
            got.shape == (1, 28, 28),
            _("the input has shape {shape}; expected (1, 28, 28)").format(shape=got.shape),
            inputs=inputs,
            hint=_("resize to 28x28, then add a batch axis: x[np.newaxis, ...]"),
        )
        expect(
            bool(np.all((got == 0) | (got == 1))),
            _("the input is not made of 0.0 and 1.0"),
            inputs=inputs,
            got=got,
            hint=_("threshold: pixel < 200 -> 255, else 0; then divide by 255"),
        )
        want = np.asarray(reference.prepare_photo(str(path)))
        agree = float(np.mean(got == want))
        ink = digit > 127
        if float(np.mean(got[0][ink] == 0)) > 0.8:
            expect(
                False,
                _("the photo was not inverted: the ink must become 1 (white on black, like MNIST)"),
                inputs=inputs,
                got=got,
                hint=_("dark pixels (< 200) -> 255, light ones -> 0"),
            )
        expect(
            agree >= 0.97,
            _("only {agree:.0%} of the pixels match the expected input").format(agree=agree),
            inputs=inputs,
            expected=want,
            got=got,
            hint=_("grey ('L'), resize to 28x28 (LANCZOS), pixel < 200 -> 1.0 else 0.0"),
        )


@pytest.mark.visibility("public")
@exercise("ch4.predict")
def test_prepare_photo_threshold_is_below_200(student, ck_target):
    from PIL import Image

    folder = input_folder(ck_target, "threshold")
    levels = np.array([0, 120, 199, 200, 201, 230, 255], np.uint8)
    grey = np.tile(np.repeat(levels, 4), (28, 1))  # 7 bands of 4 columns: already 28x28
    path = folder / "bands.png"
    Image.fromarray(grey, mode="L").convert("RGB").save(path)
    inputs = {
        "photo": _("28x28 png, bands of grey {levels}").format(
            levels=", ".join(str(v) for v in levels)
        )
    }
    got = as_array(student.prepare_photo(str(path)), what="prepare_photo(path)", inputs=inputs)
    want = (grey < 200).astype(np.float64)[np.newaxis]
    expect(
        got.shape == want.shape and bool(np.array_equal(got, want)),
        _(
            "the threshold is off: a pixel darker than 200 (< 200) is ink (1.0), every other"
            " pixel, 200 itself included, is paper (0.0)"
        ),
        inputs=inputs,
        expected=_("grey 199 -> 1.0, grey 200 -> 0.0, grey 201 -> 0.0 (row 0: {row})").format(
            row=" ".join(f"{v:g}" for v in want[0, 0, ::4])
        ),
        got=got
        if got.shape != want.shape
        else _("row 0: {row}").format(row=" ".join(f"{v:g}" for v in got[0, 0, ::4])),
        hint=_("pixel < 200 -> 255 (ink), else 0; then divide by 255"),
    )
