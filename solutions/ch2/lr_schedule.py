"""A learning rate that decays as training goes on (chapter 2)."""

import math


def exp_decay(base_lr, decay_rate, epoch, decay_steps, staircase=False):
    """Exponentially decaying learning rate, as a Python float:

        lr = base_lr * decay_rate ** (epoch / decay_steps)

    With ``staircase=True`` the exponent is floored, floor(epoch / decay_steps), so the rate
    drops in steps every ``decay_steps`` epochs. The course's example: base 0.2, rate 0.99,
    step 1 gives 0.2, 0.198, 0.19602, ... (Keras: ``keras.optimizers.schedules.ExponentialDecay``.)
    """
    # BEGIN SOLUTION
    exponent = epoch / decay_steps
    if staircase:
        exponent = math.floor(exponent)
    return float(base_lr * decay_rate**exponent)
    # END SOLUTION
