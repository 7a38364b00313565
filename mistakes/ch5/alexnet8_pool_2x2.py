"""AlexNet8 pooled with 2x2 windows instead of 3x3: the feature maps stay larger."""

import keras
from keras import layers

MODULE = "ch5.networks"
LOSES = ["ch5.alexnet8"]


def build_alexnet8():
    stack = [keras.Input((32, 32, 3))]
    for filters in (96, 256):
        stack += [layers.Conv2D(filters, 3), layers.BatchNormalization(),
                  layers.Activation("relu"), layers.MaxPool2D(2, strides=2)]  # fmt: skip
    for filters in (384, 384, 256):
        stack.append(layers.Conv2D(filters, 3, padding="same", activation="relu"))
    stack += [layers.MaxPool2D(2, strides=2), layers.Flatten()]
    for _ in range(2):
        stack += [layers.Dense(2048, activation="relu"), layers.Dropout(0.5)]
    stack.append(layers.Dense(10, activation="softmax"))
    return _compiled(keras.Sequential(stack))
