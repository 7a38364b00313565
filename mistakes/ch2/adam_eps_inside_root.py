"""Adam with eps inside the root, sqrt(v_hat + eps), instead of sqrt(v_hat) + eps."""

import numpy as np

MODULE = "ch2.optimizers"
LOSES = ["ch2.adam"]


def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-7):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * np.square(g)
    m_hat, v_hat = m_new / (1 - beta1**t), v_new / (1 - beta2**t)
    return w - lr * m_hat / np.sqrt(v_hat + eps), m_new, v_new
