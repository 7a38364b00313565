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

    中文：循环核的一个时间步（公式见上）。

    x_t：[batch, features]；h_prev：[batch, units]（上一时刻的记忆体）；wxh：[features, units]；
    whh：[units, units]；bh：[units]。返回 h_t：[batch, units]。
    """
    # BEGIN SOLUTION
    return np.tanh(np.asarray(x_t) @ wxh + np.asarray(h_prev) @ whh + bh)
    # END SOLUTION


def rnn_forward(x, wxh, whh, bh):
    """Unroll the cell over a sequence, starting from h_0 = 0.

    x: [batch, steps, features]. Returns every memory state, [batch, steps, units]: entry
    [:, t] is h after reading step t (the last one, [:, -1], is what ``SimpleRNN`` returns
    with ``return_sequences=False``).

    中文：把循环核按时间展开，处理整个序列，从 h_0 = 0 开始。

    x：[batch, steps, features]。返回每个时间步的记忆体，[batch, steps, units]：[:, t] 是读入第 t 步
    之后的 h（最后一个 [:, -1] 就是 ``SimpleRNN`` 在 ``return_sequences=False`` 时的返回值）。
    """
    # BEGIN SOLUTION
    x = np.asarray(x)
    h = np.zeros((x.shape[0], np.shape(whh)[0]), dtype=np.result_type(x, wxh))
    states = []
    for t in range(x.shape[1]):
        h = rnn_step(x[:, t], h, wxh, whh, bh)  # (batch, units)
        states.append(h)
    return np.stack(states, axis=1)  # steps x (batch, units) -> (batch, steps, units)
    # END SOLUTION


def rnn_output(h, why, by):
    """The output layer: y = softmax(h · Why + by), row by row over the last axis.

    h: [..., units], of any rank: one memory [units], a batch [batch, units] or every step's
    memory [batch, steps, units]; why: [units, classes]; by: [classes]. Returns [..., classes]
    rows of probabilities, the softmax taken over the last axis (the classes) whatever the
    rank (compute it stably: subtract each row's maximum first).

    中文：输出层：对最后一个轴逐行计算 y = softmax(h · Why + by)。

    h：[..., units]，秩不限：一个记忆体 [units]、一批 [batch, units]，或每个时间步的记忆体 [batch,
    steps, units]；why：[units, classes]；by：[classes]。返回 [..., classes] 的概率行，无论秩是多
    少，softmax 都沿最后一个轴（类别）计算（要数值稳定：先减去每行的最大值）。
    """
    # BEGIN SOLUTION
    z = np.asarray(h) @ why + by
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
    # END SOLUTION
