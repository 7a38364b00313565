"""``np.eye(depth)[labels]``: the right ones and zeros, but float64, not tf.one_hot's float32."""

import numpy as np

MODULE = "ch1.tensors"
LOSES = ["ch1.one_hot_argmax"]


def one_hot(labels, depth):
    return np.eye(depth)[np.asarray(labels)]
