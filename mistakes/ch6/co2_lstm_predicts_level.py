"""The course's level model, LSTM(16) -> Dense(1) on the raw window: the right size (1,169
parameters), but it must extrapolate above the training range and loses to the naive forecast."""

import keras

MODULE = "ch6.co2"
LOSES = ["ch6.co2_lstm"]


def build_co2_lstm(steps):
    model = keras.Sequential(
        [keras.Input((steps, 1)), keras.layers.LSTM(16), keras.layers.Dense(1)]
    )
    model.compile(optimizer="adam", loss="mean_squared_error")
    return model
