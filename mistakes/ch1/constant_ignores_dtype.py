"""The dtype argument is dropped: TensorFlow picks int32 / float32 by itself."""

import tensorflow as tf

MODULE = "ch1.tensors"
LOSES = ["ch1.constant"]


def constant(values, dtype):
    return tf.constant(values)
