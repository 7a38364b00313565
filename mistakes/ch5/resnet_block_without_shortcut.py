"""The ResNet block never adds the shortcut: relu(F(x)), a plain two-convolution block, and no
projection is built where residual_path asks for one. The unit checks see the missing sum; the
networks built of it (ResNet18, the small ResNet) come out short of their parameter counts and
fail before any training."""

import keras
from keras import layers

MODULE = "ch5.blocks"
LOSES = ["ch5.resnet_block", "ch5.resnet18", "ch5.resnet_cifar"]


def resnet_block(in_channels, filters, strides=1, residual_path=False):
    inputs = keras.Input((None, None, in_channels))
    x = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)(inputs)
    x = layers.Activation("relu")(layers.BatchNormalization()(x))
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    return keras.Model(inputs, layers.Activation("relu")(x))
