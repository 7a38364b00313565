"""a * b where a matrix product was asked for."""

import tensorflow as tf

MODULE = "ch1.tensors"
LOSES = ["ch1.arithmetic"]


def matmul(a, b):
    return tf.multiply(a, b)
