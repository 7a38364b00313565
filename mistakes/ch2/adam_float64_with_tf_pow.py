"""Adam computed in float64 but bias-corrected with tf.pow(beta, t), which is float32: a dtype
error (the scorecard shows the input that raised it)."""

import tensorflow as tf

MODULE = "ch2.optimizers"
LOSES = ["ch2.adam"]


def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-7):
    g = tf.cast(g, tf.float64)
    m_new = beta1 * tf.cast(m, tf.float64) + (1 - beta1) * g
    v_new = beta2 * tf.cast(v, tf.float64) + (1 - beta2) * tf.square(g)
    m_hat = m_new / (1 - tf.pow(beta1, t))
    v_hat = v_new / (1 - tf.pow(beta2, t))
    return w - lr * m_hat / (tf.sqrt(v_hat) + eps), m_new, v_new
