"""Gradient ascent: the update adds the gradient."""

MODULE = "ch2.optimizers"
LOSES = ["ch2.sgd"]


def sgd_step(w, g, lr):
    return w + lr * g
