"""PyTorch's momentum, m = beta*m + g: a known convention, but not the course's (1 - beta)."""

MODULE = "ch2.optimizers"
LOSES = ["ch2.sgdm"]


def sgdm_step(w, g, m, lr, beta=0.9):
    m_new = beta * m + g
    return w - lr * m_new, m_new
