"""VGG16 with three convolutions in the second group too (2, 3, 3, 3, 3): 17 layers."""

import keras
from keras import layers

MODULE = "ch5.networks"
LOSES = ["ch5.vgg16"]


def build_vgg16():
    stack = [keras.Input((32, 32, 3))]
    for filters, convs in ((64, 2), (128, 3), (256, 3), (512, 3), (512, 3)):
        for _ in range(convs):
            stack += [layers.Conv2D(filters, 3, padding="same"), layers.BatchNormalization(),
                      layers.Activation("relu")]  # fmt: skip
        stack += [layers.MaxPool2D(2, strides=2, padding="same"), layers.Dropout(0.2)]
    stack += [layers.Flatten(), layers.Dense(512, activation="relu"), layers.Dropout(0.2),
              layers.Dense(512, activation="relu"), layers.Dropout(0.2),
              layers.Dense(10, activation="softmax")]  # fmt: skip
    return _compiled(keras.Sequential(stack))
