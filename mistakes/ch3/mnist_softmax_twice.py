"""Softmax twice: the last layer outputs probabilities and the loss applies softmax again
(from_logits=True). Adam still trains it past the sample bar, so only the compile check can
catch it: a reason to check the compile step on its own."""

import keras

MODULE = "ch3.mnist"
LOSES = ["ch3.mnist_compile"]


def build_mnist_mlp():
    model = keras.Sequential(
        [
            keras.Input((28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["sparse_categorical_accuracy"],
    )
    return model
