"""Only the op-level seed: in eager TensorFlow two calls with the same seed differ."""

import tensorflow as tf

MODULE = "ch1.tensors"
LOSES = ["ch1.random"]


def normal(shape, mean, stddev, seed):
    return tf.random.normal(shape, mean=mean, stddev=stddev, seed=seed)
