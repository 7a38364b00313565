"""The hidden Dense(128) without its relu: two linear layers are one linear layer, so the
network is no better than a linear classifier. Right size, too weak: fails the threshold."""

import keras

MODULE = "ch3.mnist"
LOSES = ["ch3.mnist_mlp"]


def build_mnist_mlp():
    model = keras.Sequential(
        [
            keras.Input((28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(128),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False),
        metrics=["sparse_categorical_accuracy"],
    )
    return model
