"""One hidden layer on MNIST (chapter 1): 784 -> 256 (ReLU) -> 10, with raw variables.

    hidden = relu(x @ w1 + b1)        # (n, 256)
    logits = hidden @ w2 + b2         # (n, 10)

The parameters travel as a dict ``{"w1", "b1", "w2", "b2"}`` of arrays; the functions never
change the dict or arrays they are given. As for the single neuron, ``train_step`` is plain
gradient descent (the course's Adam keeps state a pure step function cannot carry).
"""

import tensorflow as tf

HIDDEN = 256


def init_params(seed):
    """``{"w1": (784, 256), "b1": (256,), "w2": (256, 10), "b2": (10,)}``, float32: the weights
    from ``truncated_normal(stddev=0.1)`` (the course's choice for the deeper nets), the biases
    zeros. The same seed gives the same weights; another seed other weights.

    中文：``{"w1": (784, 256), "b1": (256,), "w2": (256, 10), "b2": (10,)}``，float32：权重取自
    ``truncated_normal(stddev=0.1)``（课程对更深网络的选择），偏置全为零。相同的种子得到相同的权重；
    换一个种子得到其他权重。
    """
    raise NotImplementedError("write your solution here")


def forward(params, x):
    """The logits of a batch x (n, 784): ``relu(x @ w1 + b1) @ w2 + b2``, shape (n, 10).

    中文：一批输入 x (n, 784) 的 logits：``relu(x @ w1 + b1) @ w2 + b2``，形状 (n, 10)。
    """
    raise NotImplementedError("write your solution here")


def train_step(params, x, y, lr):
    """One step of gradient descent on a batch; return ``(new_params, loss)``: the mean softmax
    cross-entropy from logits against one-hot labels (before the update), and every parameter
    p moved to ``p - lr * dloss/dp``. x (n, 784) float32 in [0, 1], y (n,) digits 0..9.

    中文：在一批数据上做一步梯度下降；返回 ``(new_params, loss)``：logits 与独热码标签之间 softmax
    交叉熵（由 logits 直接计算）的平均值（参数更新之前），并把每个参数 p 更新为 ``p - lr *
    dloss/dp``（学习率 lr）。x (n, 784) 为 [0, 1] 内的 float32，y (n,) 是数字 0..9。
    """
    raise NotImplementedError("write your solution here")
