"""Grey digits kept as (N, 28, 28): scaled, but without the channel axis a Conv2D needs, so
LeNet5 on keras.Input((28, 28, 1)) cannot take them (colour images already have one)."""

import numpy as np

MODULE = "ch5.cifar_models"
LOSES = ["ch5.lenet5_mnist"]


def to_conv_input(x):
    return np.asarray(x, dtype=np.float32) / 255.0
