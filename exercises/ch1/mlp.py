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
    zeros. The same seed gives the same weights; another seed other weights."""
    raise NotImplementedError("write your solution here")


def forward(params, x):
    """The logits of a batch x (n, 784): ``relu(x @ w1 + b1) @ w2 + b2``, shape (n, 10)."""
    raise NotImplementedError("write your solution here")


def train_step(params, x, y, lr):
    """One step of gradient descent on a batch; return ``(new_params, loss)``: the mean softmax
    cross-entropy from logits against one-hot labels (before the update), and every parameter
    p moved to ``p - lr * dloss/dp``. x (n, 784) float32 in [0, 1], y (n,) digits 0..9."""
    raise NotImplementedError("write your solution here")
