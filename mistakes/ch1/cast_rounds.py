"""Rounds before casting: -1.7 becomes -2 instead of -1."""

import tensorflow as tf

MODULE = "ch1.tensors"
LOSES = ["ch1.cast"]


def cast(x, dtype):
    return tf.cast(tf.round(x), dtype)
