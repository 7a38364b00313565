"""The rate rounded to 6 decimals, as the course's "%f" prints it: off by less than 5e-7, which
only the 8th digit shows."""

MODULE = "ch2.lr_schedule"
LOSES = ["ch2.exp_decay"]


def exp_decay(base_lr, decay_rate, epoch, decay_steps, staircase=False):
    exponent = epoch // decay_steps if staircase else epoch / decay_steps
    return round(base_lr * decay_rate**exponent, 6)
