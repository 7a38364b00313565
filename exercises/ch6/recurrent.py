"""The recurrent cell by hand, in NumPy (chapter 6).

A recurrent layer reads a batch of sequences shaped [batch, steps, features] one time step at a
time. Its memory h (``units`` numbers per sequence) is refreshed at every step with the *same*
three weights, shared over time:

    h_t = tanh(x_t · Wxh + h_{t-1} · Whh + bh)        (h_0 = 0)
    y_t = softmax(h_t · Why + by)                       (a Dense layer on the memory)

Keras's ``SimpleRNN(units)`` holds Wxh as ``kernel`` [features, units], Whh as
``recurrent_kernel`` [units, units] and bh as ``bias`` [units]: with those weights copied in,
``rnn_forward`` returns what ``SimpleRNN(units, return_sequences=True)`` does.
None of these functions changes its arguments.
"""

import numpy as np


def rnn_step(x_t, h_prev, wxh, whh, bh):
    """One time step: h_t = tanh(x_t · Wxh + h_prev · Whh + bh).

    x_t: [batch, features]; h_prev: [batch, units]; wxh: [features, units];
    whh: [units, units]; bh: [units]. Returns h_t: [batch, units].
    """
    raise NotImplementedError("write your solution here")


def rnn_forward(x, wxh, whh, bh):
    """Unroll the cell over a sequence, starting from h_0 = 0.

    x: [batch, steps, features]. Returns every memory state, [batch, steps, units]: entry
    [:, t] is h after reading step t (the last one, [:, -1], is what ``SimpleRNN`` returns
    with ``return_sequences=False``).
    """
    raise NotImplementedError("write your solution here")


def rnn_output(h, why, by):
    """The output layer: y = softmax(h · Why + by), row by row over the last axis.

    h: [..., units], of any rank: one memory [units], a batch [batch, units] or every step's
    memory [batch, steps, units]; why: [units, classes]; by: [classes]. Returns [..., classes]
    rows of probabilities, the softmax taken over the last axis (the classes) whatever the
    rank (compute it stably: subtract each row's maximum first).
    """
    raise NotImplementedError("write your solution here")
