"""Checks of ch4/parameters.py (a text export that reads back exactly), ch4/curves.py (a real
two-panel PNG) and ch4/predict_app.py (photos of real digits made into the network's input)."""

import numpy as np

from grader.checks.ch4.files import sample_digits, shared_folder
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


@exercise("ch4.export")
def test_parameters_round_trip(student, ck_target):
    folder = shared_folder(ck_target, "params")
    path = str(folder / "weights.txt")
    params = _params()
    student.write_parameters(params, path)
    text = (folder / "weights.txt").read_bytes()
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError:
        decoded = ""
    expect(bool(decoded), "the export is not a UTF-8 text file", inputs={"path": path})
    missing = [name for name in params if name not in decoded]
    expect(not missing, f"the text file lacks the names {missing}", inputs={"path": path})
    back = student.read_parameters(path)
    expect(
        isinstance(back, dict) and list(back) == list(params),
        "read_parameters must return {name: array} in the file's order",
        expected=list(params),
        got=list(back) if isinstance(back, dict) else back,
    )
    for name, want in params.items():
        got = as_array(back[name], what=f"read back {name!r}")
        expect(
            got.shape == want.shape,
            f"{name!r} came back with shape {got.shape}; expected {want.shape}",
            hint="write the shape and reshape when reading",
        )
        same = np.array_equal(got.astype(want.dtype), want)
        expect(
            bool(same),
            f"{name!r} came back with other values",
            expected=want,
            got=got,
            hint="np.set_printoptions(threshold=np.inf) keeps str() from writing '...', and"
            " every digit counts: write repr(float(v))",
        )


def _axes_in_png(gray):
    """Count the plot panels of a matplotlib PNG from its black frame lines (spines)."""

    def runs(mask):
        idx = np.flatnonzero(mask)
        return 0 if idx.size == 0 else 1 + int(np.sum(np.diff(idx) > 1))

    dark = gray < 60  # black spines; the default blue/orange lines are lighter
    rows = runs(dark.mean(axis=1) > 0.3)
    cols = runs(dark.mean(axis=0) > 0.3)
    return (rows // 2) * (cols // 2)


@exercise("ch4.curves")
def test_curves_png(student, ck_target):
    from PIL import Image

    history = {
        "loss": [0.9, 0.5, 0.35, 0.3, 0.28],
        "val_loss": [0.7, 0.45, 0.4, 0.42, 0.47],
        "sparse_categorical_accuracy": [0.7, 0.85, 0.9, 0.92, 0.93],
        "val_sparse_categorical_accuracy": [0.8, 0.88, 0.89, 0.885, 0.88],
    }
    folder = shared_folder(ck_target, "curves")
    path = folder / "curves.png"
    student.plot_curves(history, str(path))
    expect(
        path.is_file() and path.stat().st_size > 1000,
        "no PNG was written at the path",
        inputs={"path": str(path)},
        hint="fig.savefig(path) (plt.show() writes nothing)",
    )
    expect(
        path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n",
        "the file is not a PNG",
        hint="save with a .png path, or format='png'",
    )
    with Image.open(path) as img:
        size, gray = img.size, np.asarray(img.convert("L"))
    expect(
        size == (800, 600),
        f"the PNG is {size[0]}x{size[1]}; expected 800x600",
        hint="plt.figure(figsize=(8, 6), dpi=100) and savefig(path, dpi=100)",
    )
    expect(float(gray.std()) > 5, "the PNG is blank")
    panels = _axes_in_png(gray)
    expect(
        panels == 2,
        f"the PNG shows {panels} panel(s); expected 2 (accuracy and loss)",
        hint="plt.subplot(2, 1, 1) for accuracy, plt.subplot(2, 1, 2) for loss",
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
    folder = shared_folder(ck_target, "photos")
    digits, labels = sample_digits(6, offset=300)
    sizes = [(280, 280), (300, 200), (56, 56), (500, 500), (28, 28), (123, 321)]
    for i, (digit, size) in enumerate(zip(digits, sizes)):
        kind = "jpg" if i % 2 else "png"
        path = _photo(folder, digit, i, size, kind)
        inputs = {"photo": f"digit {labels[i]}, {size[0]}x{size[1]} {kind}, dark ink on white"}
        got = as_array(student.prepare_photo(str(path)), what="prepare_photo(path)", inputs=inputs)
        expect(
            got.shape == (1, 28, 28),
            f"the input has shape {got.shape}; expected (1, 28, 28)",
            inputs=inputs,
            hint="resize to 28x28, then add a batch axis: x[np.newaxis, ...]",
        )
        expect(
            bool(np.all((got == 0) | (got == 1))),
            "the input is not made of 0.0 and 1.0",
            inputs=inputs,
            got=got,
            hint="threshold: pixel < 200 -> 255, else 0; then divide by 255",
        )
        want = np.asarray(reference.prepare_photo(str(path)))
        agree = float(np.mean(got == want))
        ink = digit > 127
        if float(np.mean(got[0][ink] == 0)) > 0.8:
            expect(
                False,
                "the photo was not inverted: the ink must become 1 (white on black, like MNIST)",
                inputs=inputs,
                got=got,
                hint="dark pixels (< 200) -> 255, light ones -> 0",
            )
        expect(
            agree >= 0.97,
            f"only {agree:.0%} of the pixels match the expected input",
            inputs=inputs,
            expected=want,
            got=got,
            hint="grey ('L'), resize to 28x28 (LANCZOS), pixel < 200 -> 1.0 else 0.0",
        )
