"""A model's output is judged by what it does, not by the name of its last activation:
``tf.nn.softmax`` (named softmax_v2) and a ``Softmax()`` layer are softmax; raw scores with
``from_logits=True`` are right too; softmax twice and raw scores told ``from_logits=False``
are not. Graded through the sandboxed worker like any student."""

import json

import pytest

from conftest import run_cli

HEAD = "import keras\nimport numpy as np\nimport tensorflow as tf\n\n\n"
NORMALIZE = "def normalize(x):\n    return np.asarray(x, dtype=np.float32) / 255.0\n\n\n"
BUILD = """def build_mnist_mlp():
    model = keras.Sequential(
        [keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(128, activation="relu"),
         {last}]
    )
    model.compile(optimizer="adam",
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits={logits}),
                  metrics=["sparse_categorical_accuracy"])
    return model
"""
VARIANTS = {
    "tf_nn_softmax": ("keras.layers.Dense(10, activation=tf.nn.softmax)", False, "passed"),
    "softmax_layer": ("keras.layers.Dense(10), keras.layers.Softmax()", False, "passed"),
    "raw_scores_from_logits": ("keras.layers.Dense(10)", True, "passed"),
    "softmax_twice": ("keras.layers.Dense(10, activation='softmax')", True, "failed"),
    "raw_scores_not_from_logits": ("keras.layers.Dense(10)", False, "failed"),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_softmax_is_judged_by_behaviour(name, submission, tmp_path):
    last, logits, expected = VARIANTS[name]
    target = submission()
    (target / "ch3" / "mnist.py").write_text(
        HEAD + NORMALIZE + BUILD.format(last=last, logits=logits), encoding="utf-8"
    )
    out = tmp_path / "r.json"
    result = run_cli("grade", "ch3", "--target", str(target), "--only", "mnist_compile",
                     "--json", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    (exercise,) = json.loads(out.read_text(encoding="utf-8"))["exercises"]
    assert exercise["status"] == expected, exercise["checks"][0]["message"]
    if name == "softmax_twice":
        assert "softmax twice" in exercise["checks"][0]["message"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_model_that_applies_softmax_twice_is_named_in_either_language(lang, submission, tmp_path):
    """A softmax layer after a softmax activation: the architecture's proof names the cause,
    and the check decides by that cause, not by the message's English words (which a Chinese
    grade does not have): the same verdict, its message in the grade's language."""
    from grader import i18n

    last = "keras.layers.Dense(10, activation='softmax'), keras.layers.Softmax()"
    target = submission()
    (target / "ch3" / "mnist.py").write_text(
        HEAD + NORMALIZE + BUILD.format(last=last, logits=False), encoding="utf-8"
    )
    out = tmp_path / "r.json"
    with i18n.using(lang):
        result = run_cli("grade", "ch3", "--target", str(target), "--only", "mnist_compile",
                         "--json", str(out))  # fmt: skip
        twice = i18n._(
            "{what} applies softmax twice: its output is softmax(the specified output)"
        ).format(what="build_mnist_mlp()")
    assert result.exit_code == 0, result.output
    (exercise,) = json.loads(out.read_text(encoding="utf-8"))["exercises"]
    assert exercise["status"] == "failed"
    assert exercise["checks"][0]["message"].startswith(twice), exercise["checks"][0]["message"]
    assert ("两次" in twice) == (lang == "zh")
