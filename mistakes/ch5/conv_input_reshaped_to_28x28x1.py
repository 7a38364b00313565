"""The course's MNIST line ``x.reshape(len(x), 28, 28, 1)`` as the conversion for every image:
right for the digits, an error for CIFAR-10's colour images (the Baseline and the small ResNet
train on them through it) and any other size."""

import numpy as np

MODULE = "ch5.cifar_models"
LOSES = ["ch5.lenet5_mnist", "ch5.baseline_cifar", "ch5.resnet_cifar"]


def to_conv_input(x):
    return (np.asarray(x, dtype=np.float32) / 255.0).reshape(len(x), 28, 28, 1)
