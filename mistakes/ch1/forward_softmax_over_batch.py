"""softmax over the batch axis: each class sums to 1 over the flowers, not each flower."""

import tensorflow as tf

MODULE = "ch1.iris_by_hand"
LOSES = ["ch1.iris_forward"]


def forward(x, w, b):
    return tf.nn.softmax(tf.matmul(x, w) + b, axis=0)
