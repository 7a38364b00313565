"""MSE summed instead of averaged."""

import tensorflow as tf

MODULE = "ch2.losses"
LOSES = ["ch2.mse"]


def mse(y_true, y_pred):
    return tf.reduce_sum(tf.square(tf.constant(y_true) - tf.constant(y_pred)))
