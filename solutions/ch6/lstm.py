"""The LSTM cell in NumPy, in Keras's weight layout (chapter 6).

The course's gates, each a function of the input x_t and the last memory h_{t-1}:

    i_t = σ(x_t · W_i + h_{t-1} · U_i + b_i)            input gate
    f_t = σ(x_t · W_f + h_{t-1} · U_f + b_f)            forget gate
    c̃_t = tanh(x_t · W_c + h_{t-1} · U_c + b_c)         candidate (the new knowledge)
    o_t = σ(x_t · W_o + h_{t-1} · U_o + b_o)            output gate
    c_t = f_t * c_{t-1} + i_t * c̃_t                      cell state (long-term memory)
    h_t = o_t * tanh(c_t)                                memory (short-term)

Keras stores the four gates side by side, in the order i, f, c, o: ``kernel`` [features,
4·units] = [W_i | W_f | W_c | W_o], ``recurrent_kernel`` [units, 4·units] and ``bias``
[4·units] likewise. σ is the logistic sigmoid (Keras 3's default recurrent activation).
None of these functions changes its arguments.

中文：用 NumPy 实现的 LSTM 单元，采用 Keras 的权重布局（第六章）。

课程中的各个门都是输入 x_t 和上一时刻记忆体 h_{t-1} 的函数（公式见上：i_t 输入门，f_t 遗忘门，c̃_t
候选态（归纳出的新知识），o_t 输出门，c_t 细胞态（长期记忆），h_t 记忆体（短期记忆））。

Keras 把四个门按 i、f、c、o 的顺序并排存放：``kernel`` [features, 4·units] = [W_i | W_f | W_c |
W_o]，``recurrent_kernel`` [units, 4·units] 和 ``bias`` [4·units] 也是如此。σ 为 logistic sigmoid（
Keras 3 默认的循环激活函数）。这些函数都不改动自己的参数。
"""

import numpy as np


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    """One step. x_t: [batch, features]; h_prev, c_prev: [batch, units].

    Returns ``(h_t, c_t)``, each [batch, units].

    中文：LSTM 的一个时间步。x_t：[batch, features]；h_prev、c_prev：[batch, units]（上一时刻的记忆
    体和细胞态）。

    返回 ``(h_t, c_t)``，各为 [batch, units]。
    """
    # BEGIN SOLUTION
    z = np.asarray(x_t) @ kernel + np.asarray(h_prev) @ recurrent_kernel + bias  # (b, 4u)
    z_i, z_f, z_c, z_o = np.split(z, 4, axis=-1)  # (b, 4u) -> 4 x (b, u), order i, f, c, o
    i, f, o = (1 / (1 + np.exp(-g)) for g in (z_i, z_f, z_o))
    c = f * c_prev + i * np.tanh(z_c)
    return o * np.tanh(c), c
    # END SOLUTION


def lstm_forward(x, kernel, recurrent_kernel, bias):
    """Unroll over x: [batch, steps, features] from h_0 = c_0 = 0.

    Returns every memory state h, [batch, steps, units] (what ``LSTM(units,
    return_sequences=True)`` returns; [:, -1] is its output with ``return_sequences=False``).

    中文：从 h_0 = c_0 = 0 开始，对 x：[batch, steps, features] 按时间展开。

    返回每个时间步的记忆体 h，[batch, steps, units]（即 ``LSTM(units, return_sequences=True)`` 的返
    回值；[:, -1] 是 ``return_sequences=False`` 时的输出）。
    """
    # BEGIN SOLUTION
    x = np.asarray(x)
    units = np.shape(recurrent_kernel)[0]
    h = c = np.zeros((x.shape[0], units), dtype=np.result_type(x, kernel))
    states = []
    for t in range(x.shape[1]):
        h, c = lstm_step(x[:, t], h, c, kernel, recurrent_kernel, bias)
        states.append(h)
    return np.stack(states, axis=1)  # steps x (batch, units) -> (batch, steps, units)
    # END SOLUTION
