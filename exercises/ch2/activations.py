"""Activation functions and their derivatives (chapter 2).

Every function takes an array-like ``x`` (NumPy array, tf.Tensor, list or number) and returns a
tensor or array of the same shape. Work element by element; NumPy or TensorFlow are both fine.
"""

import tensorflow as tf


def sigmoid(x):
    """Sigmoid: f(x) = 1 / (1 + e^(-x)), squashing any real number into (0, 1).

    TensorFlow has it as ``tf.nn.sigmoid``. If you write the formula yourself, make it survive
    large |x|: for x = -1000 the answer is 0, not nan.
    """
    raise NotImplementedError("write your solution here")


def sigmoid_grad(x):
    """Derivative of the sigmoid: f'(x) = f(x) * (1 - f(x)), at most 0.25 (at x = 0)."""
    raise NotImplementedError("write your solution here")


def tanh(x):
    """Tanh: f(x) = (1 - e^(-2x)) / (1 + e^(-2x)), in (-1, 1) and zero-centred.

    (``tf.math.tanh``.) For large |x| the answer is ±1, never nan.
    """
    raise NotImplementedError("write your solution here")


def tanh_grad(x):
    """Derivative of tanh: f'(x) = 1 - tanh(x)^2, in (0, 1]."""
    raise NotImplementedError("write your solution here")


def relu(x):
    """ReLU: f(x) = max(x, 0). (``tf.nn.relu``.)"""
    raise NotImplementedError("write your solution here")


def relu_grad(x):
    """Derivative of ReLU: 1 where x > 0, else 0 (we take 0 at x = 0, as TensorFlow does)."""
    raise NotImplementedError("write your solution here")


def leaky_relu(x, alpha=0.2):
    """Leaky ReLU: f(x) = x for x > 0, alpha * x otherwise (alpha > 0 is small).

    ``tf.nn.leaky_relu`` uses alpha = 0.2 by default; so do we.
    """
    raise NotImplementedError("write your solution here")


def leaky_relu_grad(x, alpha=0.2):
    """Derivative of leaky ReLU: 1 where x > 0, alpha where x <= 0 (alpha at x = 0)."""
    raise NotImplementedError("write your solution here")
