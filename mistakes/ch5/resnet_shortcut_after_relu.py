"""The ResNet block adds the shortcut after the final ReLU: relu(F(x)) + x."""

import keras
from keras import layers

MODULE = "ch5.blocks"
LOSES = ["ch5.resnet_block", "ch5.resnet18"]  # ResNet18 is built of the blocks


def resnet_block(in_channels, filters, strides=1, residual_path=False):
    inputs = keras.Input((None, None, in_channels))
    x = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)(inputs)
    x = layers.Activation("relu")(layers.BatchNormalization()(x))
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    residual = layers.Activation("relu")(layers.BatchNormalization()(x))
    shortcut = inputs
    if residual_path:
        shortcut = layers.Conv2D(filters, 1, strides=strides, use_bias=False)(inputs)
        shortcut = layers.BatchNormalization()(shortcut)
    return keras.Model(inputs, layers.Add()([residual, shortcut]))
