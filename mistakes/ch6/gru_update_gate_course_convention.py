"""The course's h_t = (1 - z) * h_prev + z * candidate with Keras's weights (Keras weighs the
old memory with z)."""

import numpy as np

MODULE = "ch6.gru"
LOSES = ["ch6.gru_cell"]


def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    bias = np.asarray(bias)
    xs = np.asarray(x_t) @ kernel + bias[0]
    hs = np.asarray(h_prev) @ recurrent_kernel + bias[1]
    x_z, x_r, x_h = np.split(xs, 3, axis=-1)
    h_z, h_r, h_h = np.split(hs, 3, axis=-1)
    z = 1 / (1 + np.exp(-(x_z + h_z)))
    r = 1 / (1 + np.exp(-(x_r + h_r)))
    return (1 - z) * h_prev + z * np.tanh(x_h + r * h_h)
