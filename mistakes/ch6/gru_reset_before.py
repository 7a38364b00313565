"""The GRU in the reset-before form: the candidate is tanh(x·W_h + (r * h_prev)·U_h + biases),
Keras's reset_after=False, not its default."""

import numpy as np

MODULE = "ch6.gru"
LOSES = ["ch6.gru_cell"]


def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    bias = np.asarray(bias)
    xs = np.asarray(x_t) @ kernel + bias[0]
    u_z, u_r, u_h = np.split(np.asarray(recurrent_kernel), 3, axis=-1)
    b_z, b_r, b_h = np.split(bias[1], 3)
    x_z, x_r, x_h = np.split(xs, 3, axis=-1)
    z = 1 / (1 + np.exp(-(x_z + h_prev @ u_z + b_z)))
    r = 1 / (1 + np.exp(-(x_r + h_prev @ u_r + b_r)))
    candidate = np.tanh(x_h + (r * h_prev) @ u_h + b_h)
    return z * h_prev + (1 - z) * candidate
