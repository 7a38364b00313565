"""The GRU cell in NumPy, as Keras computes it by default (chapter 6).

Keras's ``GRU`` (``reset_after=True``, the default) keeps two biases, one for the input and one
for the recurrent part, ``bias`` [2, 3·units], and stores the gates side by side in the order
z (update), r (reset), h (candidate): ``kernel`` [features, 3·units] = [W_z | W_r | W_h],
``recurrent_kernel`` [units, 3·units] = [U_z | U_r | U_h]. With b = bias[0], b' = bias[1]:

    z_t = σ(x_t · W_z + b_z + h_{t-1} · U_z + b'_z)
    r_t = σ(x_t · W_r + b_r + h_{t-1} · U_r + b'_r)
    h̃_t = tanh(x_t · W_h + b_h + r_t * (h_{t-1} · U_h + b'_h))     reset *after* the matmul
    h_t = z_t * h_{t-1} + (1 - z_t) * h̃_t

Two differences from the course's formulas, where we follow Keras 3: the reset gate multiplies
h_{t-1} · U_h (the course writes U_h · (r_t * h_{t-1}), Keras's ``reset_after=False``), and z_t
weighs the *old* memory (the course writes (1 - z_t) * h_{t-1} + z_t * h̃_t: the same model with
z and 1 - z swapped). None of these functions changes its arguments.

中文：用 NumPy 实现的 GRU 单元，按 Keras 的默认方式计算（第六章）。

Keras 的 ``GRU``（默认 ``reset_after=True``）有两组偏置，一组用于输入部分、一组用于循环部分，
``bias`` [2, 3·units]；各个门按 z（更新门）、r（重置门）、h（候选隐藏层）的顺序并排存放：``kernel``
[features, 3·units] = [W_z | W_r | W_h]，``recurrent_kernel`` [units, 3·units] = [U_z | U_r | U_h]。
记 b = bias[0]，b' = bias[1]（公式见上；重置门在矩阵乘*之后*作用）。

与课程公式有两处不同，这里跟随 Keras 3：重置门乘的是 h_{t-1} · U_h（课程写作 U_h · (r_t * h_{t-1})，
即 Keras 的 ``reset_after=False``）；z_t 加权的是*旧的*记忆体（课程写作 (1 - z_t) * h_{t-1} + z_t *
h̃_t：同一个模型，只是 z 与 1 - z 互换）。这些函数都不改动自己的参数。
"""

import numpy as np


def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    """One step. x_t: [batch, features]; h_prev: [batch, units]. Returns h_t: [batch, units].

    中文：GRU 的一个时间步。x_t：[batch, features]；h_prev：[batch, units]。返回 h_t：
    [batch, units]。
    """
    raise NotImplementedError("write your solution here")


def gru_forward(x, kernel, recurrent_kernel, bias):
    """Unroll over x: [batch, steps, features] from h_0 = 0.

    Returns every memory state, [batch, steps, units] (``GRU(units, return_sequences=True)``).

    中文：从 h_0 = 0 开始，对 x：[batch, steps, features] 按时间展开。

    返回每个时间步的记忆体，[batch, steps, units]（即 ``GRU(units, return_sequences=True)``）。
    """
    raise NotImplementedError("write your solution here")
