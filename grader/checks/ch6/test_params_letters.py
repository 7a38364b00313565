"""Checks of ch6's parameter counts (against Keras's count_params()), letter encodings and the
abcde models' architecture (through models.describe, before any training)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from grader.i18n import _
from grader.testing import models
from grader.testing.api import exercise, expect, time_limit
from grader.testing.compare import as_array
from grader.testing.compiled import read_claim
from grader.testing.oracle_rnn import keras_param_count
from grader.testing.proof import prove_model

SIZES = {"units": st.integers(1, 128), "input_dim": st.integers(1, 300)}


def _count(fn, args, expected, what, hint):
    got = fn(*args.values())
    value = as_array(got, what=what, inputs=args)
    expect(
        value.size == 1 and float(value.reshape(-1)[0]) == expected,
        _("{what} is not Keras's count_params()").format(what=what),
        inputs=args,
        expected=expected,
        got=got,
        hint=hint,
    )


@pytest.mark.visibility("public")
@time_limit(60)
@exercise("ch6.rnn_params")
@given(**SIZES)
def test_simple_rnn_params(student, units, input_dim):
    _count(
        student.simple_rnn_params,
        {"units": units, "input_dim": input_dim},
        keras_param_count("simple_rnn", units, input_dim),
        "simple_rnn_params",
        _("Wxh [input_dim, units] + Whh [units, units] + bh [units]"),
    )


@time_limit(60)
@exercise("ch6.rnn_params")
@given(**SIZES)
def test_lstm_params(student, units, input_dim):
    _count(
        student.lstm_params,
        {"units": units, "input_dim": input_dim},
        keras_param_count("lstm", units, input_dim),
        "lstm_params",
        _("four gates, each with a kernel, a recurrent kernel and a bias"),
    )


@time_limit(60)
@exercise("ch6.rnn_params")
@given(**SIZES, reset_after=st.booleans())
def test_gru_params(student, units, input_dim, reset_after):
    _count(
        student.gru_params,
        {"units": units, "input_dim": input_dim, "reset_after": reset_after},
        keras_param_count("gru", units, input_dim, reset_after),
        "gru_params",
        _("three gates; reset_after=True keeps two biases per gate (input and recurrent)"),
    )


@time_limit(60)
@exercise("ch6.rnn_params")
@given(vocabulary=st.integers(1, 5000), dim=st.integers(1, 64))
def test_embedding_params(student, vocabulary, dim):
    _count(
        student.embedding_params,
        {"input_dim": vocabulary, "output_dim": dim},
        keras_param_count("embedding", dim, vocabulary),
        "embedding_params",
        _("one trainable vector of output_dim numbers per word"),
    )


@pytest.mark.visibility("public")
@exercise("ch6.rnn_params")
def test_course_stock_model_has_98741(student):
    """The course's model: LSTM(80) on 1 feature, LSTM(100) on 80, Dense(1) on 100."""
    total = as_array(student.lstm_params(80, 1)) + as_array(student.lstm_params(100, 80)) + 101
    expect(
        float(total) == 98_741,
        _("LSTM(80) + LSTM(100) + Dense(1) on 1 feature is not the course's 98,741"),
        expected=98_741,
        got=float(total),
        hint=_("LSTM(80) on 1 feature has 26,240 parameters, LSTM(100) on 80 has 72,400"),
    )


# ---- encodings -------------------------------------------------------------------------------

words = st.text(alphabet="abcde", min_size=1, max_size=12)


@pytest.mark.visibility("public")
@exercise("ch6.encodings")
@given(text=words)
def test_letter_ids_and_one_hot(student, text):
    ids = np.array(["abcde".index(c) for c in text])
    got = as_array(student.letter_ids(text), what="letter_ids(text)", inputs={"text": text})
    expect(
        got.shape == ids.shape and bool(np.array_equal(got, ids)),
        _("letter_ids gives the wrong ids"),
        inputs={"text": text},
        expected=ids,
        got=got,
        hint=_("a -> 0, b -> 1, ..., e -> 4: the position in the vocabulary"),
    )
    onehot = np.eye(5)[ids]
    got = as_array(
        student.one_hot_letters(text), what="one_hot_letters(text)", inputs={"text": text}
    )
    expect(
        got.shape == onehot.shape and bool(np.array_equal(got, onehot)),
        _("one_hot_letters gives the wrong codes"),
        inputs={"text": text},
        expected=onehot,
        got=got,
        hint=_("one row per letter, a single 1.0 in the column of its id"),
    )


@exercise("ch6.encodings")
def test_other_vocabulary(student):
    got = as_array(student.letter_ids("zyx", "xyz"))
    expect(
        bool(np.array_equal(got, [2, 1, 0])),
        _("letter_ids ignores the vocabulary argument"),
        inputs={"text": "zyx", "vocabulary": "xyz"},
        expected=[2, 1, 0],
        got=got,
    )


@exercise("ch6.encodings")
@given(steps=st.integers(1, 7))
def test_next_letter_data(student, steps):
    x_expected = (np.arange(5)[:, None] + np.arange(steps)) % 5
    y_expected = (np.arange(5) + steps) % 5
    got = student.next_letter_data(steps)
    expect(
        isinstance(got, tuple | list) and len(got) == 2,
        _("next_letter_data must return (x_ids, y_ids)"),
        got=got,
    )
    x = as_array(got[0], what="x_ids", inputs={"steps": steps})
    y = as_array(got[1], what="y_ids", inputs={"steps": steps})
    expect(
        x.shape == x_expected.shape
        and bool(np.array_equal(x, x_expected))
        and bool(np.array_equal(y, y_expected)),
        _("the samples are not the course's (abcd -> e, bcde -> a, ... for steps = 4)"),
        inputs={"steps": steps},
        expected=(x_expected.tolist(), y_expected.tolist()),
        got=(x.tolist(), y.tolist()),
        hint=_("go round the end: after e comes a; one sample per starting letter a..e"),
    )


# ---- abcde models ----------------------------------------------------------------------------

LETTER_MODELS = {
    "build_letter_rnn_onehot": (("SimpleRNN", "Dense"), 47, "SimpleRNN(3) -> Dense(5, softmax)"),
    "build_letter_rnn_embedding": (
        ("Embedding", "SimpleRNN", "Dense"),
        48,
        "Embedding(5, 2) -> SimpleRNN(3) -> Dense(5)",
    ),
}


def letter_inputs(steps, builder):
    """The course's 5 samples for a builder: one-hot [5, steps, 5] or ids [5, steps]."""
    x = (np.arange(5)[:, None] + np.arange(steps)) % 5
    y = (np.arange(5) + steps) % 5
    if builder.endswith("onehot"):
        return np.eye(5, dtype=np.float32)[x], y  # (5, steps) -> (5, steps, 5)
    return x.astype(np.float32), y


def check_letter_model(student, reference, builder, steps):
    """Build with a fixed seed; prove the model is the course's (the checker's own build with
    the same chosen weights computes what it computes); check the compile step. Returns the
    compile claim, for training the checker's own model with the student's loss."""
    kinds, params, spec = LETTER_MODELS[builder]
    where = {"builder": builder, "steps": steps}
    models.seed(student, 0)
    model = getattr(student, builder)(steps)
    probe = letter_inputs(steps, builder)[0]

    def explain():  # the model's word on itself: only ever a reason to fail
        facts = models.describe(model, probe=probe[:2])
        got = tuple(layer["kind"] for layer in facts.get("layers", []) if layer.get("params"))
        expect(got == kinds, _("the layers are not the ones asked for"), inputs=where,
               expected=" → ".join(kinds), got=" → ".join(got), hint=spec)  # fmt: skip

    proof = prove_model(
        model, getattr(reference, builder)(steps), probe, what=f"{builder}({steps})",
        hint=_("{spec}: 3 memory cells; Dense(5, activation='softmax') on the last memory"
               " state").format(spec=spec),
        explain=explain,
    )  # fmt: skip
    assert proof.params == params, (builder, proof.params)  # the reference is the course's
    claim = read_claim(model)
    expect(
        claim.compiled and claim.is_loss("SparseCategoricalCrossentropy") and not claim.from_logits,
        _("compile with sparse categorical cross-entropy, from_logits=False"),
        inputs=where,
        got=f"loss={claim.loss or None}, from_logits={claim.from_logits}",
    )
    return claim


@time_limit(90)
@exercise("ch6.letter_models")
def test_letter_models_architecture(student, reference):
    for builder in LETTER_MODELS:
        for steps in (1, 4):
            check_letter_model(student, reference, builder, steps)
