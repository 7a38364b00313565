"""Chapter 6's references agree with Keras: the cells with copied weights, the parameter counts,
the course's printed model sizes, and scaling with scikit-learn's MinMaxScaler."""

import keras
import numpy as np
import pytest
from sklearn.preprocessing import MinMaxScaler

from grader.loader import import_module
from grader.paths import SOLUTIONS_DIR
from grader.testing.oracle_rnn import keras_param_count, keras_states, keras_step, random_weights


def ref(module: str):
    return import_module(SOLUTIONS_DIR, "_ck_test_reference", module)


rec, lstm, gru, params = ref("ch6.recurrent"), ref("ch6.lstm"), ref("ch6.gru"), ref("ch6.params")
ts, letters = ref("ch6.timeseries"), ref("ch6.letters")
RNG = np.random.default_rng(6)


def test_course_stock_model_has_98741_parameters():
    model = keras.Sequential(
        [
            keras.Input((60, 1)),
            keras.layers.LSTM(80, return_sequences=True),
            keras.layers.Dropout(0.2),
            keras.layers.LSTM(100),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(1),
        ]
    )
    assert model.count_params() == 98_741
    assert params.lstm_params(80, 1) + params.lstm_params(100, 80) + 101 == 98_741
    assert [layer.count_params() for layer in model.layers] == [26_240, 0, 72_400, 0, 101]


@pytest.mark.parametrize(
    ("kind", "forward", "step"),
    [
        ("simple_rnn", rec.rnn_forward, rec.rnn_step),
        ("lstm", lstm.lstm_forward, lstm.lstm_step),
        ("gru", gru.gru_forward, gru.gru_step),
    ],
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cells_match_keras(kind, forward, step, dtype):
    x = RNG.normal(size=(3, 6, 4)).astype(dtype)
    weights = random_weights(kind, 4, 5, RNG, dtype)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(forward(x, *weights), keras_states(kind, x, weights), atol=tol)
    states = [RNG.normal(size=(3, 5)).astype(dtype) for _ in range(2 if kind == "lstm" else 1)]
    got = step(x[:, 0], *states, *weights)
    got = list(got) if kind == "lstm" else [got]
    for g, e in zip(got, keras_step(kind, x[:, 0], states, weights), strict=True):
        np.testing.assert_allclose(g, e, atol=tol)


def test_rnn_output_is_a_dense_softmax():
    h, why, by = RNG.normal(size=(4, 3)), RNG.normal(size=(3, 5)), RNG.normal(size=5)
    dense = keras.layers.Dense(5, activation="softmax", dtype="float64")
    dense.build((None, 3))
    dense.set_weights([why, by])
    np.testing.assert_allclose(rec.rnn_output(h, why, by), dense(h), atol=1e-12)


@pytest.mark.parametrize(("units", "input_dim"), [(1, 1), (3, 5), (80, 1), (100, 80), (7, 300)])
def test_parameter_counts_match_keras(units, input_dim):
    assert params.simple_rnn_params(units, input_dim) == keras_param_count(
        "simple_rnn", units, input_dim
    )
    assert params.lstm_params(units, input_dim) == keras_param_count("lstm", units, input_dim)
    for reset_after in (True, False):
        assert params.gru_params(units, input_dim, reset_after) == keras_param_count(
            "gru", units, input_dim, reset_after
        )
    assert params.embedding_params(input_dim, units) == keras_param_count(
        "embedding", units, input_dim
    )


def test_letter_models_have_the_course_sizes():
    assert letters.build_letter_rnn_onehot(4).count_params() == 47  # the course prints 27 + 20
    assert letters.build_letter_rnn_embedding(1).count_params() == 48  # 10 + 18 + 20
    x, y = letters.next_letter_data(4)
    assert ["".join("abcde"[i] for i in row) for row in x] == [
        "abcd", "bcde", "cdea", "deab", "eabc",
    ]  # fmt: skip
    assert "".join("abcde"[i] for i in y) == "eabcd"


def test_scaling_matches_min_max_scaler():
    train, test = RNG.normal(size=(20, 3)) * [1, 100, 0.01], RNG.normal(size=(7, 3)) * 3
    scaler = MinMaxScaler().fit(train)
    tr, te, lo, hi = ts.scale_train_test(train, test)
    np.testing.assert_allclose(te, scaler.transform(test))
    np.testing.assert_allclose(ts.inverse_scale(te, lo, hi), scaler.inverse_transform(te))
    const = np.array([[2.0], [2.0]])
    np.testing.assert_allclose(
        ts.scale_train_test(const, const + 1)[1], MinMaxScaler().fit(const).transform(const + 1)
    )


def test_windows_like_the_course_loop():
    series = RNG.normal(size=(100, 1))
    x, y = ts.make_windows(series, 60)
    course_x = [series[i - 60 : i, 0] for i in range(60, len(series))]
    np.testing.assert_array_equal(x[:, :, 0], np.array(course_x))
    np.testing.assert_array_equal(y[:, 0], series[60:, 0])
