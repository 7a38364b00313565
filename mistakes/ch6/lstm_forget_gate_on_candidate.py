"""The forget gate scales the candidate and the input gate the old cell state."""

import numpy as np

MODULE = "ch6.lstm"
LOSES = ["ch6.lstm_cell"]


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = np.asarray(x_t) @ kernel + np.asarray(h_prev) @ recurrent_kernel + bias
    z_i, z_f, z_c, z_o = np.split(z, 4, axis=-1)
    i, f, o = (1 / (1 + np.exp(-g)) for g in (z_i, z_f, z_o))
    c = i * c_prev + f * np.tanh(z_c)
    return o * np.tanh(c), c
