"""Fashion-MNIST with ten sigmoid outputs trained as if they were logits."""

import keras

MODULE = "ch3.fashion"
LOSES = ["ch3.fashion_mlp"]


def build_fashion_mlp():
    model = keras.Sequential(
        [
            keras.Input((28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10, activation="sigmoid"),
        ]
    )
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["sparse_categorical_accuracy"],
    )
    return model
