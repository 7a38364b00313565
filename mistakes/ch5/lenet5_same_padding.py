"""LeNet5 with zero padding ('same') in its convolutions: 32 -> 32 -> 16 -> 16 -> 8."""

import keras
from keras import layers

MODULE = "ch5.networks"
LOSES = ["ch5.lenet5"]


def build_lenet5():
    return _compiled(
        keras.Sequential(
            [
                keras.Input((32, 32, 3)),
                layers.Conv2D(6, 5, padding="same", activation="sigmoid"),
                layers.MaxPool2D(2, strides=2),
                layers.Conv2D(16, 5, padding="same", activation="sigmoid"),
                layers.MaxPool2D(2, strides=2),
                layers.Flatten(),
                layers.Dense(120, activation="sigmoid"),
                layers.Dense(84, activation="sigmoid"),
                layers.Dense(10, activation="softmax"),
            ]
        )
    )
