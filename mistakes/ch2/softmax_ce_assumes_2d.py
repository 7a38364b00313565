"""Softmax cross-entropy written for a (batch, classes) matrix: the row maximum and the sums
are taken over axis 1, which on a (batch, steps, classes) input are the steps."""

import tensorflow as tf

MODULE = "ch2.losses"
LOSES = ["ch2.softmax_ce", "ch2.sparse_softmax_ce"]


def softmax_cross_entropy(labels, logits):
    logits = tf.convert_to_tensor(logits)
    labels = tf.cast(tf.convert_to_tensor(labels), logits.dtype)
    top = tf.reduce_max(logits, axis=1, keepdims=True)
    log_sum = tf.math.log(tf.reduce_sum(tf.exp(logits - top), axis=1, keepdims=True)) + top
    return -tf.reduce_sum(labels * (logits - log_sum), axis=1)
