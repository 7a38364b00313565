"""The rate computed with tf.pow and returned as a tensor: the right number, not a float."""

import math

import tensorflow as tf

MODULE = "ch2.lr_schedule"
LOSES = ["ch2.exp_decay"]


def exp_decay(base_lr, decay_rate, epoch, decay_steps, staircase=False):
    exponent = epoch / decay_steps
    if staircase:
        exponent = math.floor(exponent)
    return base_lr * tf.pow(tf.constant(decay_rate, tf.float64), exponent)
