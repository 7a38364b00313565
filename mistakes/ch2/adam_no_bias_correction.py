"""Adam without bias correction: the first steps are far too large (or small)."""

import numpy as np

MODULE = "ch2.optimizers"
LOSES = ["ch2.adam"]


def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-7):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * np.square(g)
    return w - lr * m_new / (np.sqrt(v_new) + eps), m_new, v_new
