"""The Inception block concatenates its four branches on axis 1 (height), not on channels."""

import keras
from keras import layers

MODULE = "ch5.blocks"
LOSES = ["ch5.inception_block", "ch5.inception10"]


def inception_block(in_channels, ch, strides=1):
    inputs = keras.Input((None, None, in_channels))
    x1 = conv_bn_relu(ch, 1, strides)(inputs)
    x2 = conv_bn_relu(ch, 3)(conv_bn_relu(ch, 1, strides)(inputs))
    x3 = conv_bn_relu(ch, 5)(conv_bn_relu(ch, 1, strides)(inputs))
    x4 = conv_bn_relu(ch, 1, strides)(layers.MaxPool2D(3, strides=1, padding="same")(inputs))
    return keras.Model(inputs, layers.Concatenate(axis=1)([x1, x2, x3, x4]))
