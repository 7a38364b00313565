"""L1 / L2 regularisation: penalties that keep weights small (chapter 2)."""

import tensorflow as tf


def l1_penalty(w):
    """L1 penalty of one weight array: sum(|w|), a scalar."""
    raise NotImplementedError("write your solution here")


def l2_penalty(w):
    """L2 penalty of one weight array in TensorFlow's convention: sum(w^2) / 2, a scalar.

    (This is ``tf.nn.l2_loss(w)``; note the half.)
    """
    raise NotImplementedError("write your solution here")


def regularized_loss(loss, weights, weight_decay, kind="l2"):
    """Total loss = loss + weight_decay * sum of the penalties of every array in ``weights``.

    ``kind`` is "l2" (l2_penalty, as the course does with tf.nn.l2_loss) or "l1". The course
    trains with loss_mse + 0.03 * (l2_loss(w1) + l2_loss(w2)). Return a scalar.
    """
    raise NotImplementedError("write your solution here")
