"""Activation functions and their derivatives (chapter 2).

Every function takes an array-like ``x`` (NumPy array, tf.Tensor, list or number) and returns a
tensor or array of the same shape. Work element by element; NumPy or TensorFlow are both fine.
"""

import tensorflow as tf


def sigmoid(x):
    """Sigmoid: f(x) = 1 / (1 + e^(-x)), squashing any real number into (0, 1).

    TensorFlow has it as ``tf.nn.sigmoid``. If you write the formula yourself, make it survive
    large |x|: for x = -1000 the answer is 0, not nan.

    中文：sigmoid 激活函数（公式见上），把任意实数压缩到 (0, 1) 之间。

    TensorFlow 中为 ``tf.nn.sigmoid``。若自己按公式实现，要让它在 |x| 很大时也成立：x = -1000 时答案
    是 0，而不是 nan。
    """
    raise NotImplementedError("write your solution here")


def sigmoid_grad(x):
    """Derivative of the sigmoid: f'(x) = f(x) * (1 - f(x)), at most 0.25 (at x = 0).

    中文：sigmoid 的导数（公式见上），最大为 0.25（在 x = 0 处）。
    """
    raise NotImplementedError("write your solution here")


def tanh(x):
    """Tanh: f(x) = (1 - e^(-2x)) / (1 + e^(-2x)), in (-1, 1) and zero-centred.

    (``tf.math.tanh``.) For large |x| the answer is ±1, never nan.

    中文：tanh 激活函数（公式见上），取值在 (-1, 1) 之间，以 0 为中心。

    （``tf.math.tanh``。）|x| 很大时答案为 ±1，绝不能是 nan。
    """
    raise NotImplementedError("write your solution here")


def tanh_grad(x):
    """Derivative of tanh: f'(x) = 1 - tanh(x)^2, in (0, 1].

    中文：tanh 的导数（公式见上），取值在 (0, 1] 之间。
    """
    raise NotImplementedError("write your solution here")


def relu(x):
    """ReLU: f(x) = max(x, 0). (``tf.nn.relu``.)

    中文：ReLU 激活函数（公式见上）。（``tf.nn.relu``。）
    """
    raise NotImplementedError("write your solution here")


def relu_grad(x):
    """Derivative of ReLU: 1 where x > 0, else 0 (we take 0 at x = 0, as TensorFlow does).

    中文：ReLU 的导数：x > 0 处为 1，否则为 0（x = 0 处取 0，与 TensorFlow 一致）。
    """
    raise NotImplementedError("write your solution here")


def leaky_relu(x, alpha=0.2):
    """Leaky ReLU: f(x) = x for x > 0, alpha * x otherwise (alpha > 0 is small).

    ``tf.nn.leaky_relu`` uses alpha = 0.2 by default; so do we.

    中文：Leaky ReLU 激活函数：x > 0 时为 x，否则为 alpha * x（alpha > 0，是个小数）。

    ``tf.nn.leaky_relu`` 默认 alpha = 0.2；这里也一样。
    """
    raise NotImplementedError("write your solution here")


def leaky_relu_grad(x, alpha=0.2):
    """Derivative of leaky ReLU: 1 where x > 0, alpha where x <= 0 (alpha at x = 0).

    中文：Leaky ReLU 的导数：x > 0 处为 1，x <= 0 处为 alpha（x = 0 处取 alpha）。
    """
    raise NotImplementedError("write your solution here")
