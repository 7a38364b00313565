"""No hidden layer: Flatten -> Dense(10, softmax), 7,850 parameters. Fails before training."""

import keras

MODULE = "ch3.mnist"
LOSES = ["ch3.mnist_mlp"]


def build_mnist_mlp():
    model = keras.Sequential(
        [
            keras.Input((28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False),
        metrics=["sparse_categorical_accuracy"],
    )
    return model
