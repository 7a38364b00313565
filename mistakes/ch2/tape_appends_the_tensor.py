"""The trajectory holds tensors (w's value read after each step), not Python floats."""

import tensorflow as tf

MODULE = "ch2.optimizers"
LOSES = ["ch2.tape_descent"]


def tape_descent(w0=5.0, lr=0.2, epochs=40):
    w = tf.Variable(float(w0), dtype=tf.float64)
    trajectory = []
    for _ in range(epochs):
        with tf.GradientTape() as tape:
            loss = tf.square(w + 1)
        w.assign_sub(lr * tape.gradient(loss, w))
        trajectory.append(w.read_value())
    return trajectory
