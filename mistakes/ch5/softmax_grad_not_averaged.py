"""The softmax layer's gradient forgets the 1/N of the mean loss (it is the sum's gradient)."""

import numpy as np

MODULE = "ch5.scratch_cnn"
LOSES = ["ch5.scratch_cnn"]


def softmax_backward(h, w, b, y):
    h, w = np.asarray(h), np.asarray(w)
    z = h @ w + b
    e = np.exp(z - z.max(axis=1, keepdims=True))
    dz = e / e.sum(axis=1, keepdims=True)
    dz[np.arange(len(y)), np.asarray(y).astype(int)] -= 1
    return dz @ w.T, h.T @ dz, dz.sum(axis=0)
