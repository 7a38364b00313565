"""The Baseline without its BatchNormalization (C-A-P-D instead of C-B-A-P-D): 24 parameters
short of the course's 198,506, so it fails on its size before any training."""

import keras
from keras import layers

MODULE = "ch5.cifar_models"
LOSES = ["ch5.baseline_cifar"]


def build_baseline():
    model = keras.Sequential(
        [
            keras.Input((32, 32, 3)),
            layers.Conv2D(6, 5, padding="same"),
            layers.Activation("relu"),
            layers.MaxPool2D(2, strides=2, padding="same"),
            layers.Dropout(0.2),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dropout(0.2),
            layers.Dense(10, activation="softmax"),
        ]
    )
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=False)
    model.compile(optimizer="adam", loss=loss, metrics=["sparse_categorical_accuracy"])
    return model
