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
    ``tf.random.Generator.from_seed(seed)``); another seed gives another w."""
    raise NotImplementedError("write your solution here")


def forward(params, x):
    """The logits (raw scores, no softmax) of a batch x (n, 784): ``x @ w + b``, shape (n, 10)."""
    raise NotImplementedError("write your solution here")


def train_step(params, x, y, lr):
    """One step of gradient descent on a batch; return ``(new_params, loss)``.

    x (n, 784) float32 pixels in [0, 1], y (n,) digits 0..9. The loss is the mean softmax
    cross-entropy of the logits against one-hot labels, computed from logits
    (``tf.nn.softmax_cross_entropy_with_logits``: a softmax followed by a log would overflow);
    ``loss`` is its value before the update. Each parameter p becomes ``p - lr * dloss/dp``
    (``tf.Variable`` + ``GradientTape`` + ``assign_sub``); ``new_params`` has the same keys.
    """
    raise NotImplementedError("write your solution here")
