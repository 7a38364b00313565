"""The hidden state is not carried between steps: every step starts again from h = 0."""

import numpy as np

MODULE = "ch6.recurrent"
LOSES = ["ch6.rnn_cell"]


def rnn_forward(x, wxh, whh, bh):
    x = np.asarray(x)
    h0 = np.zeros((x.shape[0], np.shape(whh)[0]))
    return np.stack([np.tanh(x[:, t] @ wxh + h0 @ whh + bh) for t in range(x.shape[1])], axis=1)
