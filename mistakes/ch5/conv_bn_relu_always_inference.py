"""ConvBNRelu copied from the course word for word: its inner model is always called with
training=False, so batch norm never uses the batch's statistics while training."""

import keras
from keras import layers

MODULE = "ch5.blocks"
LOSES = ["ch5.inception_block", "ch5.inception10"]


class _ConvBNRelu(keras.Model):
    def __init__(self, filters, kernel_size, strides):
        super().__init__()
        self.model = keras.Sequential(
            [
                layers.Conv2D(filters, kernel_size, strides=strides, padding="same"),
                layers.BatchNormalization(),
                layers.Activation("relu"),
            ]
        )

    def call(self, x):
        return self.model(x, training=False)


def conv_bn_relu(filters, kernel_size=3, strides=1):
    return _ConvBNRelu(filters, kernel_size, strides)
