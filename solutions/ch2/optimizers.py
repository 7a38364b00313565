"""One update step of each optimizer the course teaches, plus a GradientTape loop (chapter 2).

Each step takes the parameters ``w``, their gradient ``g`` and the optimizer's state, and returns
the new parameters (and the new state). Arrays of any shape; everything is element-wise.

Conventions (each decided once; the grader checks every one with a fixed example):
- The arrays come as float32, the dtype of the course's ``tf.Variable``; return float32 or
  float64. Step numbers ``t`` are Python ints, rates and betas Python floats.
- The caller's arrays stay unchanged: return new arrays, never ``w -= ...`` on the argument.
- Momentum is the course's: m_new = beta * m + (1 - beta) * g, and the learning rate stays out
  of the state (not PyTorch's m = beta * m + g, nor Keras's m = beta * m - lr * g).
- The course writes its adaptive methods without an epsilon; Keras adds a small ``eps`` against
  0 / 0 when a gradient is zero, and so do we, where Keras puts it: Adagrad and RMSProp divide
  by sqrt(v_new + eps) (inside the root), Adam by sqrt(v_hat) + eps (outside). ``eps=0`` gives
  the course's formula exactly.
Keras 3 calls the rate ``learning_rate=`` (the course's older Keras used ``lr=``).

中文：课程所讲的每种优化器的一步参数更新，外加一个 GradientTape 循环（第二章）。

每一步接收参数 ``w``、其梯度 ``g`` 和优化器的状态，返回新的参数（以及新的状态）。数组形状不限；全部
逐元素计算。

约定（每条只定一次；评分程序用固定的例子逐条检查）：
- 数组以 float32 传入，即课程中 ``tf.Variable`` 的数据类型；返回 float32 或 float64 均可。步数
  ``t`` 是 Python 整数，学习率和 beta 是 Python 浮点数。
- 调用者的数组保持不变：返回新数组，不要对参数做 ``w -= ...``。
- 动量采用课程的形式：m_new = beta * m + (1 - beta) * g，学习率不计入状态（不是 PyTorch 的 m =
  beta * m + g，也不是 Keras 的 m = beta * m - lr * g）。
- 课程写的自适应方法没有 epsilon；Keras 加了一个小的 ``eps``，以免梯度为零时出现 0 / 0，我们也照
  做，位置与 Keras 相同：Adagrad 和 RMSProp 除以 sqrt(v_new + eps)（在根号内），Adam 除以
  sqrt(v_hat) + eps（在根号外）。``eps=0`` 时与课程公式完全一致。
Keras 3 中学习率参数名为 ``learning_rate=``（课程所用的旧版 Keras 写作 ``lr=``）。
"""

import tensorflow as tf


def sgd_step(w, g, lr):
    """Plain gradient descent: w_new = w - lr * g.

    中文：普通的梯度下降（SGD 优化器，公式见上）。
    """
    # BEGIN SOLUTION
    return w - lr * g
    # END SOLUTION


def sgdm_step(w, g, m, lr, beta=0.9):
    """SGD with momentum, in the course's form. Returns (w_new, m_new):

        m_new = beta * m + (1 - beta) * g
        w_new = w - lr * m_new

    The learning rate is not part of m. (Keras's ``SGD(momentum=beta)`` writes it as
    m = beta*m - lr*g; w = w + m, and PyTorch as m = beta*m + g; w = w - lr*m: the same walk
    with a rescaled rate, but other numbers for w_new and m_new, which this exercise checks.)

    中文：含动量的 SGD（SGDM 优化器），按课程的形式。返回 (w_new, m_new)（公式见上）。

    学习率不计入一阶动量 m。（Keras 的 ``SGD(momentum=beta)`` 写作 m = beta*m - lr*g; w = w + m，
    PyTorch 写作 m = beta*m + g; w = w - lr*m：只是学习率换了比例，走的路径相同，但 w_new 与 m_new
    的数值不同，而本练习检查的正是这些数值。）
    """
    # BEGIN SOLUTION
    m_new = beta * m + (1 - beta) * g
    return w - lr * m_new, m_new
    # END SOLUTION


def adagrad_step(w, g, v, lr, eps=1e-7):
    """Adagrad: the squared gradients accumulate. Returns (w_new, v_new):

        v_new = v + g^2
        w_new = w - lr * g / sqrt(v_new + eps)

    The eps is inside the root; eps=0 gives the course's form.

    中文：Adagrad 优化器：二阶动量为梯度平方的累加。返回 (w_new, v_new)（公式见上）。

    eps 在根号内；eps=0 即为课程的形式。
    """
    # BEGIN SOLUTION
    v_new = v + tf.square(g)
    return w - lr * g / tf.sqrt(v_new + eps), v_new
    # END SOLUTION


def rmsprop_step(w, g, v, lr, beta=0.9, eps=1e-7):
    """RMSProp: a moving average of squared gradients. Returns (w_new, v_new):

        v_new = beta * v + (1 - beta) * g^2
        w_new = w - lr * g / sqrt(v_new + eps)

    The eps is inside the root; eps=0 gives the course's form.

    中文：RMSProp 优化器：二阶动量为梯度平方的滑动平均。返回 (w_new, v_new)（公式见上）。

    eps 在根号内；eps=0 即为课程的形式。
    """
    # BEGIN SOLUTION
    v_new = beta * v + (1 - beta) * tf.square(g)
    return w - lr * g / tf.sqrt(v_new + eps), v_new
    # END SOLUTION


def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-7):
    """Adam, step number ``t`` (1 for the first step). Returns (w_new, m_new, v_new):

        m_new = beta1 * m + (1 - beta1) * g
        v_new = beta2 * v + (1 - beta2) * g^2
        m_hat = m_new / (1 - beta1^t)          (bias correction: m and v start at 0)
        v_hat = v_new / (1 - beta2^t)
        w_new = w - lr * m_hat / (sqrt(v_hat) + eps)

    The eps is outside the root, added to sqrt(v_hat); eps=0 gives the course's form.

    Mind the dtypes when you write it in TensorFlow: ``tf.pow(beta1, t)`` is float32, so keep
    the arithmetic in the arrays' dtype (float32 here).

    中文：Adam 优化器，第 ``t`` 步（第一步为 1）。返回 (w_new, m_new, v_new)（公式见上；修正一阶动量
    和二阶动量的偏差，因为 m 和 v 从 0 开始）。

    eps 在根号外，加在 sqrt(v_hat) 上；eps=0 即为课程的形式。

    用 TensorFlow 实现时注意数据类型：``tf.pow(beta1, t)`` 是 float32，所以运算要保持数组的数据类型
    （此处为 float32）。
    """
    # BEGIN SOLUTION
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * tf.square(g)
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    return w - lr * m_hat / (tf.sqrt(v_hat) + eps), m_new, v_new
    # END SOLUTION


def tape_descent(w0=5.0, lr=0.2, epochs=40):
    """Minimise loss = (w + 1)^2 from w = w0 with tf.GradientTape; return the list of w values
    after each epoch (Python floats, ``epochs`` of them).

    Make ``w`` a tf.Variable, compute the loss inside ``with tf.GradientTape() as tape:``, take
    ``tape.gradient(loss, w)`` and update with ``w.assign_sub(lr * grad)``. From w0 = 5 with
    lr = 0.2 the course prints 2.6, 1.16, 0.296, ... approaching the minimum at w = -1.

    中文：从 w = w0 出发，用 tf.GradientTape 最小化损失函数 loss = (w + 1)^2；返回每一轮之后 w 的值
    组成的列表（Python 浮点数，共 ``epochs`` 个）。

    把 ``w`` 设为 tf.Variable，在 ``with tf.GradientTape() as tape:`` 中计算损失，用
    ``tape.gradient(loss, w)`` 求梯度，再用 ``w.assign_sub(lr * grad)`` 更新。课程中 w0 = 5、学习率
    lr = 0.2 时打印出 2.6、1.16、0.296、……，逐渐逼近 w = -1 处的最小值。
    """
    # BEGIN SOLUTION
    w = tf.Variable(float(w0), dtype=tf.float64)
    trajectory = []
    for _ in range(epochs):
        with tf.GradientTape() as tape:
            loss = tf.square(w + 1)
        w.assign_sub(lr * tape.gradient(loss, w))
        trajectory.append(float(w.numpy()))
    return trajectory
    # END SOLUTION
