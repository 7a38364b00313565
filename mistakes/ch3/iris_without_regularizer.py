"""The iris layer without its L2 kernel regularizer."""

import keras

MODULE = "ch3.iris"
LOSES = ["ch3.iris_sequential"]


def build_iris_sequential():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.1),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False),
        metrics=["sparse_categorical_accuracy"],
    )
    return model
