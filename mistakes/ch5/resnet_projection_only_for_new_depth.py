"""The projection shortcut is used only when the depth changes: a stride-2 block that keeps
its depth adds x unchanged to a half-size F(x)."""

import keras
from keras import layers

MODULE = "ch5.blocks"
LOSES = ["ch5.resnet_block"]


def resnet_block(in_channels, filters, strides=1, residual_path=False):
    inputs = keras.Input((None, None, in_channels))
    x = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)(inputs)
    x = layers.Activation("relu")(layers.BatchNormalization()(x))
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    residual = layers.BatchNormalization()(x)
    shortcut = inputs
    if in_channels != filters:
        shortcut = layers.Conv2D(filters, 1, strides=strides, use_bias=False)(inputs)
        shortcut = layers.BatchNormalization()(shortcut)
    return keras.Model(inputs, layers.Activation("relu")(layers.Add()([residual, shortcut])))
