"""Exponential decay with integer division: it always steps, staircase or not."""

MODULE = "ch2.lr_schedule"
LOSES = ["ch2.exp_decay"]


def exp_decay(base_lr, decay_rate, epoch, decay_steps, staircase=False):
    return base_lr * decay_rate ** (epoch // decay_steps)
