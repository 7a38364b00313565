"""The step adds the gradient: the loss climbs instead of falling."""

import tensorflow as tf

MODULE = "ch1.neuron"
LOSES = ["ch1.neuron", "ch1.neuron_trains"]


def train_step(params, x, y, lr):
    variables = {k: tf.Variable(v) for k, v in params.items()}
    with tf.GradientTape() as tape:
        logits = tf.matmul(x, variables["w"]) + variables["b"]
        labels = tf.one_hot(y, depth=10, dtype=logits.dtype)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels, logits))
    grads = tape.gradient(loss, variables)
    for key, var in variables.items():
        var.assign_add(lr * grads[key])
    return variables, loss
