"""SGDM that moves with the old momentum and updates it afterwards."""

MODULE = "ch2.optimizers"
LOSES = ["ch2.sgdm"]


def sgdm_step(w, g, m, lr, beta=0.9):
    return w - lr * m, beta * m + (1 - beta) * g
