"""ResNet18's first convolution keeps its bias (the course turns it off: use_bias=False)."""

import keras
from keras import layers

MODULE = "ch5.networks"
LOSES = ["ch5.resnet18", "ch5.resnet18_cifar"]  # the full profile checks the size first


def build_resnet18(block_list=(2, 2, 2, 2), initial_filters=64):
    stack = [keras.Input((32, 32, 3)), layers.Conv2D(initial_filters, 3, padding="same"),
             layers.BatchNormalization(), layers.Activation("relu")]  # fmt: skip
    in_channels, filters = initial_filters, initial_filters
    for group, blocks in enumerate(block_list):
        for index in range(blocks):
            down = group != 0 and index == 0
            stack.append(resnet_block(in_channels, filters, 2 if down else 1, down))
            in_channels = filters
        filters *= 2
    l2 = keras.regularizers.l2()
    stack += [layers.GlobalAveragePooling2D(),
              layers.Dense(10, activation="softmax", kernel_regularizer=l2)]  # fmt: skip
    return _compiled(keras.Sequential(stack))
