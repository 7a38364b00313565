"""Inception10 keeps ch = 16 in the second block instead of doubling it to 32."""

import keras
from keras import layers

MODULE = "ch5.networks"
LOSES = ["ch5.inception10"]


def build_inception10(num_blocks=2, num_classes=10, init_ch=16):
    stack = [keras.Input((32, 32, 3)), conv_bn_relu(init_ch)]
    in_channels = init_ch
    for _ in range(num_blocks):
        for strides in (2, 1):
            stack.append(inception_block(in_channels, init_ch, strides))
            in_channels = 4 * init_ch
    stack += [layers.GlobalAveragePooling2D(), layers.Dense(num_classes, activation="softmax")]
    return _compiled(keras.Sequential(stack))
