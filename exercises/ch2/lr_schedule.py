"""A learning rate that decays as training goes on (chapter 2)."""

import math


def exp_decay(base_lr, decay_rate, epoch, decay_steps, staircase=False):
    """Exponentially decaying learning rate, as a Python float:

        lr = base_lr * decay_rate ** (epoch / decay_steps)

    With ``staircase=True`` the exponent is floored, floor(epoch / decay_steps), so the rate
    drops in steps every ``decay_steps`` epochs. The course's example: base 0.2, rate 0.99,
    step 1 gives 0.2, 0.198, 0.19602, ... (Keras: ``keras.optimizers.schedules.ExponentialDecay``.)

    中文：指数衰减学习率，返回 Python 浮点数（公式见上）。

    ``staircase=True`` 时指数向下取整为 floor(epoch / decay_steps)，于是学习率每 ``decay_steps`` 轮
    阶梯式下降一次。课程示例：初始学习率 0.2、衰减率 0.99、每 1 轮衰减一次，得到 0.2、0.198、
    0.19602、……（Keras 中为 ``keras.optimizers.schedules.ExponentialDecay``。）
    """
    raise NotImplementedError("write your solution here")
