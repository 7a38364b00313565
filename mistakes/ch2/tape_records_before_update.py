"""The tape loop records w before each update: the trajectory starts at w0, one step late."""

import tensorflow as tf

MODULE = "ch2.optimizers"
LOSES = ["ch2.tape_descent"]


def tape_descent(w0=5.0, lr=0.2, epochs=40):
    w = tf.Variable(float(w0))
    trajectory = []
    for _ in range(epochs):
        trajectory.append(float(w.numpy()))
        with tf.GradientTape() as tape:
            loss = tf.square(w + 1)
        w.assign_sub(lr * tape.gradient(loss, w))
    return trajectory
