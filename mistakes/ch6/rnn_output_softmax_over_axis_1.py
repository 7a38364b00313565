"""The output layer's softmax normalises over axis 1, written for a [batch, units] memory: on a
2-D h it is the last axis, but on every step's memory [batch, steps, classes] it normalises
over the time steps instead of the classes."""

import numpy as np

MODULE = "ch6.recurrent"
LOSES = ["ch6.rnn_cell"]


def rnn_output(h, why, by):
    z = np.asarray(h) @ why + by
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
