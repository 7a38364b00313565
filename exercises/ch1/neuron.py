"""A single neuron layer on MNIST (chapter 1): logistic regression with raw variables.

Ten output neurons, one per digit, each a weighted sum of the 784 pixels plus a bias:
``logits = x @ w + b`` with w (784, 10), b (10,). The parameters travel as a dict
``{"w": w, "b": b}`` of arrays; the functions never change the dict or arrays they are given.

The course trains with Adam; a step function that takes and returns only the parameters has no
room for Adam's running averages, so ``train_step`` is plain gradient descent.
"""

import tensorflow as tf


def init_params(seed):
    """``{"w": (784, 10), "b": (10,)}``, float32: w from ``truncated_normal(stddev=0.1)`` (every
    value within 0.2 of 0), b zeros. The same seed gives the same w (seed a generator:
    ``tf.random.Generator.from_seed(seed)``); another seed gives another w.

    中文：``{"w": (784, 10), "b": (10,)}``，float32：w 取自 ``truncated_normal(stddev=0.1)``（每个值
    与 0 的距离都在 0.2 以内），b 全为零。相同的种子得到相同的 w（用种子建立生成器：
    ``tf.random.Generator.from_seed(seed)``）；换一个种子得到另一个 w。
    """
    raise NotImplementedError("write your solution here")


def forward(params, x):
    """The logits (raw scores, no softmax) of a batch x (n, 784): ``x @ w + b``, shape (n, 10).

    中文：一批输入 x (n, 784) 的 logits（原始得分，未经 softmax）：``x @ w + b``，形状 (n, 10)。
    """
    raise NotImplementedError("write your solution here")


def train_step(params, x, y, lr):
    """One step of gradient descent on a batch; return ``(new_params, loss)``.

    x (n, 784) float32 pixels in [0, 1], y (n,) digits 0..9. The loss is the mean softmax
    cross-entropy of the logits against one-hot labels, computed from logits
    (``tf.nn.softmax_cross_entropy_with_logits``: a softmax followed by a log would overflow);
    ``loss`` is its value before the update. Each parameter p becomes ``p - lr * dloss/dp``
    (``tf.Variable`` + ``GradientTape`` + ``assign_sub``); ``new_params`` has the same keys.

    中文：在一批数据上做一步梯度下降；返回 ``(new_params, loss)``。

    x (n, 784) 是 [0, 1] 内的 float32 像素，y (n,) 是数字 0..9。损失函数为 logits 与独热码标签之
    间 softmax 交叉熵的平均值，直接由 logits 计算（``tf.nn.softmax_cross_entropy_with_logits``：
    先 softmax 再取对数会溢出）；``loss`` 是参数更新之前的值。每个参数 p 更新为 ``p - lr *
    dloss/dp``（学习率 lr；``tf.Variable`` + ``GradientTape`` + ``assign_sub``）；``new_params``
    的键与原来相同。
    """
    raise NotImplementedError("write your solution here")
