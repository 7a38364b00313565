"""The small ResNet's downsampling blocks without the projection shortcut (residual_path left
False where strides is 2 and the depth doubles): x and F(x) no longer have the same shape, so
the model cannot even be built."""

import keras
from keras import layers

MODULE = "ch5.cifar_models"
LOSES = ["ch5.resnet_cifar"]


def build_small_resnet():
    model = keras.Sequential(
        [
            keras.Input((32, 32, 3)),
            layers.Conv2D(16, 3, padding="same", use_bias=False),
            layers.BatchNormalization(),
            layers.Activation("relu"),
            layers.MaxPool2D(2, strides=2),
            resnet_block(16, 16),  # noqa: F821 - the module imports it from .blocks
            resnet_block(16, 32, strides=2),  # noqa: F821
            resnet_block(32, 64, strides=2),  # noqa: F821
            layers.GlobalAveragePooling2D(),
            layers.Dense(10, activation="softmax"),
        ]
    )
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=False)
    model.compile(optimizer="adam", loss=loss, metrics=["sparse_categorical_accuracy"])
    return model
