"""logsumexp(logits) - logits[argmax(labels)]: right for one-hot labels, but labels that are a
distribution weigh every class, not only the most likely one."""

import tensorflow as tf

MODULE = "ch2.losses"
LOSES = ["ch2.softmax_ce"]


def softmax_cross_entropy(labels, logits):
    logits = tf.convert_to_tensor(logits)
    top = tf.reduce_max(logits, axis=-1, keepdims=True)
    log_sum = tf.math.log(tf.reduce_sum(tf.exp(logits - top), axis=-1)) + top[..., 0]
    picked = tf.gather(logits, tf.argmax(labels, axis=-1), batch_dims=len(logits.shape) - 1)
    return log_sum - picked
