"""The yoghurt loss with COST and PROFIT on the wrong sides."""

import tensorflow as tf

MODULE = "ch2.losses"
LOSES = ["ch2.yoghurt_loss"]


def yoghurt_loss(y_true, y_pred, cost=1.0, profit=99.0):
    return tf.reduce_sum(
        tf.where(tf.greater(y_pred, y_true), (y_pred - y_true) * profit, (y_true - y_pred) * cost)
    )
