"""Model verdicts that cannot be forged (issue 15): the checker proves a model is the one its
exercise specifies from weights it chose and outputs it compares, and trains its own copy.

Each submission starts as the references (a correct student) and then breaks one model while
lying about it: the worker's own handle code (describe, get_weights, fit, predict, ...) is
replaced from the submission, as a determined student can. Whatever the lie, the broken
exercise earns nothing; the untouched ones keep their marks.
"""

from __future__ import annotations

import json
import textwrap

import numpy as np
import pytest

from conftest import run_cli
from grader.worker import cell

LEVELS = [lv for lv in cell.available_levels() if lv != "uid"]

# replaces the worker's handle code with one that describes the course's LeNet5, reports the
# course's weights' shapes and accepts any weights, and "trains" as a lookup table
LIAR = """
import sys as _sys
import numpy as _np

_objects = _sys.modules["grader.worker.objects"]
_SHAPES = [(5, 5, 3, 6), (6,), (5, 5, 6, 16), (16,), (400, 120), (120,), (120, 84), (84,),
           (84, 10), (10,)]
_MEMORY = {}


def _describe(model, probe=None):
    n = 0 if probe is None else len(probe)
    return {"type": "Sequential", "is_model": True, "is_layer": True, "built": True,
            "params": 62006, "trainable_params": 62006, "output_shape": [None, 10],
            "output_kind": "probabilities", "layers": [], "weights": [], "compiled": True,
            "loss": "sparse_categorical_crossentropy", "from_logits": False,
            "metrics": ["sparse_categorical_accuracy"],
            "optimizer": {"name": "Adam", "learning_rate": 0.001}} if n >= 0 else {}


def _fit(model, x, y, **kw):
    _MEMORY["x"], _MEMORY["y"] = _np.asarray(x).reshape(len(x), -1), _np.asarray(y)
    return {"loss": [0.0], "sparse_categorical_accuracy": [1.0]}


def _predict(model, x, batch_size=256):
    x = _np.asarray(x).reshape(len(x), -1)
    if "x" not in _MEMORY:
        return _np.full((len(x), 10), 0.1, _np.float32)
    nearest = [int(_np.argmin(((_MEMORY["x"] - row) ** 2).sum(1))) for row in x]
    return _np.eye(10, dtype=_np.float32)[_MEMORY["y"][nearest]]


_objects.describe = _describe
_objects.get_weights = lambda model, start=0, stop=None: [
    _np.zeros(s, _np.float32) for s in _SHAPES][start:stop]
_objects.set_weights = lambda model, weights: None
_objects.fit = _fit
_objects.predict = _predict
_objects.call = lambda model, x, training=False: _predict(model, x)
_objects.regularization = lambda model: 0.0
"""

# a small network in place of LeNet5 (about a tenth of its size), compiled as the course does
SMALL_LENET5 = """

def build_lenet5():
    model = keras.Sequential([
        keras.Input((32, 32, 3)), keras.layers.Conv2D(6, 5), keras.layers.MaxPooling2D(4),
        keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["sparse_categorical_accuracy"])
    return model
"""


def _grade(target, chapter, only, level, tmp_path):
    out = tmp_path / f"{chapter}-{level}.json"
    run_cli(
        "grade", chapter, "--target", str(target), "--only", only, "--sandbox", level,
        "--json", str(out), "--report-dir", str(tmp_path / "reports"),
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    return {e["id"]: e for e in data["exercises"]}


def _checks_text(row):
    return " ".join(c.get("message", "") for c in row["checks"])


@pytest.mark.parametrize(
    "level", [pytest.param(lv, marks=() if i == 0 else pytest.mark.slow) for i, lv in
              enumerate(LEVELS)],
)  # fmt: skip
def test_a_liar_model_earns_nothing(submission, tmp_path, level):
    """A network that is not LeNet5, whose worker says it is (facts, weights, outputs),
    fails ch5.lenet5. (The lie replaces the worker's handle code for every model of the
    submission, so no honest network beside it is graded here.)"""
    target = submission()
    networks = target / "ch5" / "networks.py"
    networks.write_text(
        networks.read_text(encoding="utf-8") + SMALL_LENET5 + LIAR, encoding="utf-8"
    )
    rows = _grade(target, "ch5", "lenet5", level, tmp_path)
    assert rows["ch5.lenet5"]["status"] == "failed", rows["ch5.lenet5"]
    assert rows["ch5.lenet5"]["earned"] == 0


def test_a_lookup_table_does_not_train(submission, tmp_path):
    """The issue's measured attack on LeNet5-on-MNIST: a model too small to learn it, whose
    fit only stores the training set and whose predict returns the nearest image's label,
    described as the course's model. It earned the accuracy threshold before; it fails now,
    before any training (its weights do not fit the specified layers)."""
    target = submission()
    models = target / "ch5" / "cifar_models.py"
    small = """

def build_mnist_lenet5():
    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["sparse_categorical_accuracy"])
    return model
"""
    models.write_text(models.read_text(encoding="utf-8") + small + LIAR, encoding="utf-8")
    row = _grade(target, "ch5", "lenet5_mnist", LEVELS[0], tmp_path)["ch5.lenet5_mnist"]
    assert row["status"] == "failed", row
    (trains,) = [c for c in row["checks"] if c["name"].endswith("_trains")]
    assert trains["status"] == "failed", trains
    assert "not the specified architecture" in trains["message"]


def _double_softmax(path, builders):
    """Wrap each builder's model in one more softmax, compiled as before."""
    text = path.read_text(encoding="utf-8")
    for name in builders:
        text += textwrap.dedent(f"""

            _ck_{name} = {name}


            def {name}(*args, **kwargs):
                import keras as _k
                inner = _ck_{name}(*args, **kwargs)
                outer = _k.Sequential([inner, _k.layers.Softmax()])
                outer.compile_from_config(inner.get_compile_config())
                return outer
            """)
    path.write_text(text, encoding="utf-8")


DOUBLED = {  # chapter -> (module, builders, the exercises that build those models)
    "ch3": ("iris", ("build_iris_sequential", "build_iris_subclass"),
            ("ch3.iris_sequential", "ch3.iris_subclass")),
    "ch5": ("networks", ("build_lenet5", "build_alexnet8", "build_vgg16", "build_inception10",
                         "build_resnet18"),
            ("ch5.lenet5", "ch5.alexnet8", "ch5.vgg16", "ch5.inception10", "ch5.resnet18")),
    "ch6": ("letters", ("build_letter_rnn_onehot", "build_letter_rnn_embedding"),
            ("ch6.letter_models", "ch6.letter_training")),
}  # fmt: skip
DOUBLED_MORE = {  # the other modules whose models end in softmax
    "ch3": ("mnist", ("build_mnist_mlp",), ("ch3.mnist_compile", "ch3.mnist_mlp")),
    "ch5": ("cifar_models", ("build_mnist_lenet5", "build_baseline", "build_small_resnet"),
            ("ch5.lenet5_mnist", "ch5.baseline_cifar", "ch5.resnet_cifar")),
}  # fmt: skip


# ch5 (eight models, the most) in CI's `make test`; ch3 and ch6 in `make test-full`
@pytest.mark.parametrize(
    "chapter", [pytest.param(c, marks=() if c == "ch5" else pytest.mark.slow) for c in DOUBLED]
)
def test_softmax_applied_twice_fails_every_model_exercise(submission, tmp_path, chapter):
    """Class 1 of the issue, in every model exercise that ends in softmax, not only MNIST's:
    the model is right but for one more softmax; each such exercise fails, saying so."""
    target = submission()
    exercises: list[str] = []
    for table in (DOUBLED, DOUBLED_MORE):
        if chapter in table:
            module, builders, ids = table[chapter]
            _double_softmax(target / chapter / f"{module}.py", builders)
            exercises += ids
    only = ",".join(e.split(".", 1)[1] for e in exercises)
    rows = _grade(target, chapter, only, LEVELS[0], tmp_path)
    for exercise in exercises:
        row = rows[exercise]
        if row["status"] == "skipped":  # a tier whose data is not here (never on the sample)
            continue
        assert row["status"] == "failed", (exercise, row)
        assert "softmax twice" in _checks_text(row), (exercise, _checks_text(row))


# chapter 1's hand-written loops: the parameters a loop returns are the student's, so a loop
# that returns parameters from elsewhere (a least-squares fit at import, a longer run) must
# earn nothing for them
PRETRAINED_NEURON = """

def init_params(seed):
    import os as _os
    import numpy as _np
    w = _np.load(_os.path.join(_os.path.dirname(__file__), "_w.npy"))
    return {"w": w, "b": _np.zeros(10, _np.float32)}
"""


def _least_squares_digits():
    """A linear digit classifier fitted on the shipped sample, scaled into the init's range."""
    from grader.data import load

    (x, y), _ = load("mnist", sample=True)
    x = x.reshape(len(x), 784) / 255.0
    w = np.linalg.lstsq(x[:3000], np.eye(10)[y[:3000]], rcond=None)[0]
    return (0.2 * w / np.abs(w).max()).astype(np.float32)


LONGER_IRIS = """

_ck_train_iris = train_iris


def train_iris(x_train, y_train, x_test, y_test, epochs=500, lr=0.1, batch_size=32):
    return _ck_train_iris(x_train, y_train, x_test, y_test, 2 * epochs + 7, lr, batch_size)
"""


def test_parameters_from_elsewhere_earn_nothing(submission, tmp_path):
    """A neuron whose init_params returns a least-squares classifier (scaled into the init's
    range), and an iris loop that runs longer than asked: each training exercise fails."""
    target = submission()
    neuron, iris = target / "ch1" / "neuron.py", target / "ch1" / "iris_by_hand.py"
    neuron.write_text(neuron.read_text(encoding="utf-8") + PRETRAINED_NEURON, encoding="utf-8")
    np.save(target / "ch1" / "_w.npy", _least_squares_digits())
    iris.write_text(iris.read_text(encoding="utf-8") + LONGER_IRIS, encoding="utf-8")
    rows = _grade(target, "ch1", "neuron_trains,iris_loop", LEVELS[0], tmp_path)
    assert rows["ch1.neuron_trains"]["earned"] == 0, rows["ch1.neuron_trains"]
    assert "already classify" in _checks_text(rows["ch1.neuron_trains"])
    assert rows["ch1.iris_loop"]["earned"] == 0, rows["ch1.iris_loop"]
