"""The L2 penalty as sum(w^2), forgetting TensorFlow's half (the total loss uses it too)."""

import numpy as np

MODULE = "ch2.regularization"
LOSES = ["ch2.penalties", "ch2.regularized_loss"]


def l2_penalty(w):
    return np.sum(np.square(w))
