"""Letters for a recurrent network: one-hot codes, embedding ids, and the abcde tasks (chapter 6).

The course's vocabulary is "abcde": a -> 0, b -> 1, ..., e -> 4. The tasks: read one letter
(or four) and predict the letter that comes next, cyclically (e is followed by a).
A one-hot model reads [samples, steps, 5] codes; an Embedding model reads [samples, steps] ids.
"""

import keras
import numpy as np

VOCABULARY = "abcde"


def letter_ids(text, vocabulary=VOCABULARY):
    """The id of every letter: its position in ``vocabulary``. "bad" -> [1, 0, 3] (int array)."""
    # BEGIN SOLUTION
    return np.array([vocabulary.index(ch) for ch in text], dtype=np.int64)
    # END SOLUTION


def one_hot_letters(text, vocabulary=VOCABULARY):
    """One row per letter, len(vocabulary) columns, a 1.0 in the letter's id column.

    "ba" -> [[0, 1, 0, 0, 0], [1, 0, 0, 0, 0]] (floats, float32 or float64, shape
    [len(text), len(vocabulary)]).
    """
    # BEGIN SOLUTION
    return np.eye(len(vocabulary), dtype=np.float32)[letter_ids(text, vocabulary)]
    # END SOLUTION


def next_letter_data(steps, vocabulary=VOCABULARY):
    """The course's samples: every ``steps`` consecutive letters (going round the end) and the
    id of the letter after them, one sample per starting letter, in vocabulary order.

    steps=1: a -> b, b -> c, ..., e -> a. steps=4: abcd -> e, bcde -> a, cdea -> b, deab -> c,
    eabc -> d. Returns ``(x_ids, y_ids)``: int arrays [len(vocabulary), steps] and
    [len(vocabulary)].
    """
    # BEGIN SOLUTION
    n = len(vocabulary)
    x = (np.arange(n)[:, None] + np.arange(steps)[None, :]) % n  # (n, steps)
    return x.astype(np.int64), ((np.arange(n) + steps) % n).astype(np.int64)
    # END SOLUTION


def _compile(model):
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False),
        metrics=["sparse_categorical_accuracy"],
    )
    return model


def build_letter_rnn_onehot(steps):
    """A compiled model for one-hot input [samples, steps, 5]: SimpleRNN(3) -> Dense(5, softmax),
    27 + 20 = 47 parameters. Compile with Adam(learning_rate=0.01), sparse categorical
    cross-entropy (from_logits=False: the output is already a probability) and
    metrics=["sparse_categorical_accuracy"], as the course does.
    """
    # BEGIN SOLUTION
    layers = [keras.Input((steps, len(VOCABULARY))), keras.layers.SimpleRNN(3)]
    layers.append(keras.layers.Dense(len(VOCABULARY), activation="softmax"))
    return _compile(keras.Sequential(layers))
    # END SOLUTION


def build_letter_rnn_embedding(steps):
    """A compiled model for id input [samples, steps]: Embedding(5, 2) -> SimpleRNN(3) ->
    Dense(5, softmax), 10 + 18 + 20 = 48 parameters, compiled like the one-hot model.
    """
    # BEGIN SOLUTION
    layers = [keras.Input((steps,)), keras.layers.Embedding(len(VOCABULARY), 2)]
    layers += [keras.layers.SimpleRNN(3), keras.layers.Dense(len(VOCABULARY), activation="softmax")]
    return _compile(keras.Sequential(layers))
    # END SOLUTION
