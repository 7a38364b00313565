"""RMSProp exactly as the course writes it, with no eps: it ignores the eps argument."""

import numpy as np

MODULE = "ch2.optimizers"
LOSES = ["ch2.rmsprop"]


def rmsprop_step(w, g, v, lr, beta=0.9, eps=1e-7):
    v_new = beta * v + (1 - beta) * np.square(g)
    return w - lr * g / np.sqrt(v_new), v_new
