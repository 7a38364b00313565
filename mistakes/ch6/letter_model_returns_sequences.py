"""SimpleRNN(3, return_sequences=True) before the Dense: one prediction per time step, not one
per sample."""

import keras

MODULE = "ch6.letters"
LOSES = ["ch6.letter_models", "ch6.letter_training"]


def build_letter_rnn_onehot(steps):
    model = keras.Sequential(
        [
            keras.Input((steps, 5)),
            keras.layers.SimpleRNN(3, return_sequences=True),
            keras.layers.Dense(5, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
