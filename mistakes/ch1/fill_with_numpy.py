"""NumPy's zeros, ones and full: the right values and shapes, but float64 zeros and ones where
tf.zeros and tf.ones give float32."""

import numpy as np

MODULE = "ch1.tensors"
LOSES = ["ch1.fill"]


def zeros_ones_fill(shape, value):
    return np.zeros(shape), np.ones(shape), np.full(shape, value)
