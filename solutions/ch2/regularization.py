"""L1 / L2 regularisation: penalties that keep weights small (chapter 2)."""

import tensorflow as tf


def l1_penalty(w):
    """L1 penalty of one weight array: sum(|w|), a scalar.

    中文：单个权重数组的 L1 正则化项：sum(|w|)，一个标量。
    """
    # BEGIN SOLUTION
    return tf.reduce_sum(tf.abs(tf.convert_to_tensor(w)))
    # END SOLUTION


def l2_penalty(w):
    """L2 penalty of one weight array in TensorFlow's convention: sum(w^2) / 2, a scalar.

    (This is ``tf.nn.l2_loss(w)``; note the half.)

    中文：单个权重数组的 L2 正则化项，按 TensorFlow 的约定为 sum(w^2) / 2，一个标量。

    （即 ``tf.nn.l2_loss(w)``；注意这里有个二分之一。）
    """
    # BEGIN SOLUTION
    return tf.reduce_sum(tf.square(tf.convert_to_tensor(w))) / 2
    # END SOLUTION


def regularized_loss(loss, weights, weight_decay, kind="l2"):
    """Total loss = loss + weight_decay * sum of the penalties of every array in ``weights``.

    ``kind`` is "l2" (l2_penalty, as the course does with tf.nn.l2_loss) or "l1". The course
    trains with loss_mse + 0.03 * (l2_loss(w1) + l2_loss(w2)). Return a scalar.

    中文：总损失 = loss + weight_decay * ``weights`` 中每个数组的正则化项之和。

    ``kind`` 为 "l2"（l2_penalty，与课程用 tf.nn.l2_loss 相同）或 "l1"。课程用 loss_mse + 0.03 *
    (l2_loss(w1) + l2_loss(w2)) 训练。返回一个标量。
    """
    # BEGIN SOLUTION
    penalty = {"l1": l1_penalty, "l2": l2_penalty}[kind]
    total = tf.cast(tf.convert_to_tensor(loss), tf.float64)
    for w in weights:
        total += weight_decay * tf.cast(penalty(w), tf.float64)
    return total
    # END SOLUTION
