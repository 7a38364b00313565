"""CBAPD in the wrong order: the activation comes before batch normalisation (C-A-B-P-D)."""

import keras
from keras import layers

MODULE = "ch5.blocks"
LOSES = ["ch5.cbapd"]


def cbapd_block(filters, kernel_size=5, dropout=0.2):
    return keras.Sequential(
        [
            layers.Conv2D(filters, kernel_size, padding="same"),
            layers.Activation("relu"),
            layers.BatchNormalization(),
            layers.MaxPool2D(pool_size=2, strides=2, padding="same"),
            layers.Dropout(dropout),
        ]
    )
