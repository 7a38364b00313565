"""The first model is built but never compiled: nothing to train with."""

import keras

MODULE = "ch3.first_model"
LOSES = ["ch3.linear"]


def build_linear_model():
    return keras.Sequential([keras.Input((1,)), keras.layers.Dense(units=1)])
