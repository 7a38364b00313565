"""Adagrad with eps outside the root, sqrt(v) + eps (Adam's place), not sqrt(v + eps)."""

import numpy as np

MODULE = "ch2.optimizers"
LOSES = ["ch2.adagrad"]


def adagrad_step(w, g, v, lr, eps=1e-7):
    v_new = v + np.square(g)
    return w - lr * g / (np.sqrt(v_new) + eps), v_new
