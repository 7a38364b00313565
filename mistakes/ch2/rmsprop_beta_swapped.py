"""RMSProp with beta and (1 - beta) swapped."""

import numpy as np

MODULE = "ch2.optimizers"
LOSES = ["ch2.rmsprop"]


def rmsprop_step(w, g, v, lr, beta=0.9, eps=1e-7):
    v_new = (1 - beta) * v + beta * np.square(g)
    return w - lr * g / np.sqrt(v_new + eps), v_new
