"""Softmax over axis 1, the classes of a (batch, classes) input: right on every 2-D batch, but
on (batch, steps, classes) it normalises over the steps (and a single row has no axis 1)."""

import tensorflow as tf

MODULE = "ch2.losses"
LOSES = ["ch2.softmax"]


def softmax(logits):
    logits = tf.convert_to_tensor(logits)
    e = tf.exp(logits - tf.reduce_max(logits, axis=1, keepdims=True))
    return e / tf.reduce_sum(e, axis=1, keepdims=True)
