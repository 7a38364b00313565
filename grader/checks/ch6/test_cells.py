"""Checks of ch6's cells by hand (recurrent.py, lstm.py, gru.py) against the Keras layers with
the same weights copied in, over generated sizes, both float dtypes, and batch rows of very
different scales (a batch mixed up across rows shows)."""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from grader.i18n import N_, _
from grader.testing.api import exercise, time_limit, unpack
from grader.testing.compare import as_array, expect_close
from grader.testing.oracle_rnn import keras_states, keras_step, random_weights
from grader.testing.strategies import float_dtypes

ROW_SCALES = np.array([1.0, 0.05, 4.0, 0.5])


def problem(kind, batch, steps, features, units, dtype=np.float64, seed=0):
    """(x [batch, steps, features], weights, seed) of one kind; rows scaled differently. A check
    draws further inputs from a generator of its own made from ``seed`` (an explicit example is
    made once, so a generator in it would give other numbers at every run)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, steps, features)) * ROW_SCALES[:batch, None, None]
    return x.astype(dtype), random_weights(kind, features, units, rng, dtype), seed


def _rng(seed):
    return np.random.default_rng(seed + 1)


@st.composite
def problems(draw, kind, max_steps=5):
    """A problem of generated sizes: batch, steps, features and units each drawn."""
    batch, steps = draw(st.integers(1, 4)), draw(st.integers(1, max_steps))
    features, units = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    return problem(kind, batch, steps, features, units, draw(float_dtypes()),
                   draw(st.integers(0, 2**16)))  # fmt: skip


def sized(kind, steps=4):
    """Explicit examples where every size differs from the others (batch 3, features 2,
    units 5; 4 steps) and one of batch 1: a cell that mixes up two sizes, reads the sequence
    time-major or assumes one sample cannot pass both."""
    return [problem(kind, 3, steps, 2, 5, seed=1), problem(kind, 1, steps, 4, 3, seed=2)]


def _close(got, expected, inputs, what, hint):
    return expect_close(
        got, expected, inputs=inputs, what=what, hint=hint, input_arrays=tuple(inputs.values())
    )


def _check_sequence(got, expected, inputs, name, carry_hint):
    """Say whether the first step is already wrong or only the later ones (state not carried)."""
    g = as_array(got, what=name, inputs=inputs)
    if g.shape == expected.shape and expected.shape[1] > 1:
        _close(
            g[:, :1],
            expected[:, :1],
            inputs,
            _("{name} at the first step").format(name=name),
            _("the first step starts from h = 0; check the step function"),
        )
        _close(g, expected, inputs, _("{name} after the first step").format(name=name), carry_hint)
    _close(g, expected, inputs, name, _("return every state: shape (batch, steps, units)"))


# ---- SimpleRNN -------------------------------------------------------------------------------


@pytest.mark.visibility("public")
@time_limit(60)
@exercise("ch6.rnn_cell")
@given(problem=problems("simple_rnn", max_steps=1))
@example(problem=sized("simple_rnn", 1)[0])
@example(problem=sized("simple_rnn", 1)[1])
def test_rnn_step_matches_simple_rnn(student, problem):
    x, (wxh, whh, bh), seed = problem
    rng = _rng(seed)
    h_prev = rng.normal(size=(x.shape[0], whh.shape[0])).astype(x.dtype)
    expected = keras_step("simple_rnn", x[:, 0], [h_prev], [wxh, whh, bh])[0]
    inputs = {"x_t": x[:, 0], "h_prev": h_prev, "wxh": wxh, "whh": whh, "bh": bh}
    _close(
        student.rnn_step(*inputs.values()),
        expected,
        inputs,
        "rnn_step(...)",
        _("h_t = tanh(x_t · Wxh + h_prev · Whh + bh): row vectors times matrices"),
    )


@time_limit(60)
@exercise("ch6.rnn_cell")
@given(problem=problems("simple_rnn"))
@example(problem=sized("simple_rnn", 4)[0])
@example(problem=sized("simple_rnn", 4)[1])
def test_rnn_forward_matches_simple_rnn(student, problem):
    x, weights, _seed = problem
    inputs = {"x": x, "wxh": weights[0], "whh": weights[1], "bh": weights[2]}
    _check_sequence(
        student.rnn_forward(*inputs.values()),
        keras_states("simple_rnn", x, weights),
        inputs,
        "rnn_forward(...)",
        _("feed each step the h of the step before (h_0 = 0), not h_0 every time"),
    )


@time_limit(60)
@exercise("ch6.rnn_cell")
@given(problem=problems("simple_rnn"), classes=st.integers(2, 5), rank=st.integers(1, 3))
@example(problem=sized("simple_rnn")[0], classes=3, rank=3)  # [3, 4, 2]: axis 1 is not -1
@example(problem=sized("simple_rnn")[0], classes=4, rank=1)  # one memory vector [2]
def test_rnn_output_is_dense_softmax(student, problem, classes, rank):
    """h: [..., units] of rank 1 (one memory), 2 ([batch, units]) or 3 (every step's memory,
    [batch, steps, units]): the softmax is over the last axis whatever the rank."""
    x, _weights, seed = problem
    rng = _rng(seed)
    # rows of very different scales, some large: the softmax must be stable
    h = {1: x[0, 0], 2: x[:, 0], 3: x}[rank] * 10  # [units], [batch, units], [batch, steps, units]
    why = rng.normal(size=(h.shape[-1], classes)).astype(x.dtype)
    by = rng.normal(size=classes).astype(x.dtype)
    z = h.astype(np.float64) @ why + by
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    inputs = {"h": h, "why": why, "by": by}
    _close(
        student.rnn_output(*inputs.values()),
        e / e.sum(axis=-1, keepdims=True),
        inputs,
        _("rnn_output(h, why, by) on h of shape {shape}").format(shape=h.shape),
        _("softmax over the last axis (axis=-1), each row on its own, whatever the rank of h"),
    )


# ---- LSTM ------------------------------------------------------------------------------------


def _lstm_step(student, x_t, h_prev, c_prev, weights, what, hint):
    inputs = {
        "x_t": x_t,
        "h_prev": h_prev,
        "c_prev": c_prev,
        "kernel": weights[0],
        "recurrent_kernel": weights[1],
        "bias": weights[2],
    }
    h, c = keras_step("lstm", x_t, [h_prev, c_prev], weights)
    got = unpack(
        student.lstm_step(*inputs.values()), 2, what="lstm_step", names="h_t, c_t", inputs=inputs
    )
    what = _(what)
    _close(got[1], c, inputs, _("c_t {what}").format(what=what), hint)
    _close(got[0], h, inputs, _("h_t {what}").format(what=what), hint)


@time_limit(60)
@exercise("ch6.lstm_cell")
@given(problem=problems("lstm", max_steps=1))
@example(problem=sized("lstm", 1)[0])
@example(problem=sized("lstm", 1)[1])
def test_lstm_step_from_zero_state(student, problem):
    x, weights, _seed = problem
    zeros = np.zeros((x.shape[0], weights[1].shape[0]), dtype=x.dtype)
    _lstm_step(
        student,
        x[:, 0],
        zeros,
        zeros,
        weights,
        N_("from h = c = 0"),
        _(
            "with c_prev = 0 only i, c and o count: are the gates split in the order"
            " i, f, c, o, each a quarter of the columns?"
        ),
    )


@pytest.mark.visibility("public")
@time_limit(60)
@exercise("ch6.lstm_cell")
@given(problem=problems("lstm", max_steps=1))
@example(problem=sized("lstm", 1)[0])
@example(problem=sized("lstm", 1)[1])
def test_lstm_step_matches_lstm(student, problem):
    x, weights, seed = problem
    rng = _rng(seed)
    size = (x.shape[0], weights[1].shape[0])
    h_prev, c_prev = (rng.normal(size=size).astype(x.dtype) for _ in range(2))
    _lstm_step(
        student,
        x[:, 0],
        h_prev,
        c_prev,
        weights,
        N_("from a given state"),
        _(
            "the forget gate scales the old cell state c_prev, the input gate the"
            " candidate: c_t = f * c_prev + i * candidate"
        ),
    )


@time_limit(60)
@exercise("ch6.lstm_cell")
@given(problem=problems("lstm"))
@example(problem=sized("lstm", 4)[0])
@example(problem=sized("lstm", 4)[1])
def test_lstm_forward_matches_lstm(student, problem):
    x, weights, _seed = problem
    inputs = {"x": x, "kernel": weights[0], "recurrent_kernel": weights[1], "bias": weights[2]}
    _check_sequence(
        student.lstm_forward(*inputs.values()),
        keras_states("lstm", x, weights),
        inputs,
        "lstm_forward(...)",
        _("carry both h and c from one step to the next (both start at 0)"),
    )


# ---- GRU -------------------------------------------------------------------------------------

GRU_HINT = N_(
    "Keras's columns are [z | r | h], bias[0] goes with the input, bias[1] with h_prev;"
    " the candidate is tanh(x·W_h + b_h + r * (h_prev·U_h + b'_h)) (reset after the matmul);"
    " h_t = z * h_prev + (1 - z) * candidate"
)


@pytest.mark.visibility("public")
@time_limit(60)
@exercise("ch6.gru_cell")
@given(problem=problems("gru", max_steps=1))
@example(problem=sized("gru", 1)[0])
@example(problem=sized("gru", 1)[1])
def test_gru_step_matches_gru(student, problem):
    x, weights, seed = problem
    rng = _rng(seed)
    h_prev = rng.normal(size=(x.shape[0], weights[1].shape[0])).astype(x.dtype)
    inputs = {
        "x_t": x[:, 0],
        "h_prev": h_prev,
        "kernel": weights[0],
        "recurrent_kernel": weights[1],
        "bias": weights[2],
    }
    expected = keras_step("gru", x[:, 0], [h_prev], weights)[0]
    _close(student.gru_step(*inputs.values()), expected, inputs, "gru_step(...)", _(GRU_HINT))


@time_limit(60)
@exercise("ch6.gru_cell")
@given(problem=problems("gru"))
@example(problem=sized("gru", 4)[0])
@example(problem=sized("gru", 4)[1])
def test_gru_forward_matches_gru(student, problem):
    x, weights, _seed = problem
    inputs = {"x": x, "kernel": weights[0], "recurrent_kernel": weights[1], "bias": weights[2]}
    _check_sequence(
        student.gru_forward(*inputs.values()),
        keras_states("gru", x, weights),
        inputs,
        "gru_forward(...)",
        _("feed each step the h of the step before"),
    )
