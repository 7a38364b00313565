"""The iris network by hand (chapter 1): one layer w, b trained with GradientTape.

Four measurements in, three species out: ``y = softmax(x @ w + b)`` with w of shape (4, 3) and
b of shape (3,). The course shuffles the 150 flowers with seed 116, keeps the last 30 for the
test, feeds batches of 32, and trains 500 epochs with MSE on one-hot labels at lr = 0.1.
"""

import numpy as np
import tensorflow as tf


def forward(x, w, b):
    """Class probabilities of a batch x (n, 4): ``tf.nn.softmax(tf.matmul(x, w) + b)``, shape
    (n, 3); each row sums to 1. The course: x = [[5.8, 4.0, 1.2, 0.2]] with its w1, b1 gives
    [[0.2563381, 0.69540703, 0.04825489]].

    中文：一批输入 x (n, 4) 的各类别概率：``tf.nn.softmax(tf.matmul(x, w) + b)``，形状 (n, 3)；每行
    之和为 1。课程示例：x = [[5.8, 4.0, 1.2, 0.2]] 配上课程的 w1、b1，得到 [[0.2563381, 0.69540703,
    0.04825489]]。
    """
    # BEGIN SOLUTION
    return tf.nn.softmax(tf.matmul(x, w) + b)
    # END SOLUTION


def shuffle_split(x, y, seed=116, n_test=30):
    """Shuffle features and labels in the same order, then split: the last ``n_test`` rows are
    the test set, whatever the number of rows (150 for the whole of iris). Return
    ``(x_train, y_train, x_test, y_test)``.

    The order is the course's: ``np.random.seed(seed); np.random.shuffle(x)``, then the same
    for y with the same seed, which is the permutation
    ``np.random.RandomState(seed).permutation(len(x))`` applied to both. Shuffle *before* the
    split (iris comes sorted by species), and leave the caller's arrays unchanged
    (``np.random.shuffle`` works in place: shuffle copies).

    中文：以相同的顺序打乱输入特征和标签，然后切分：最后 ``n_test`` 行为测试集，行数不限（整个鸢尾花
    数据集为 150 行）。返回 ``(x_train, y_train, x_test, y_test)``。

    打乱顺序与课程相同：``np.random.seed(seed); np.random.shuffle(x)``，再用同一个种子对 y 做同样的
    操作，这相当于把排列 ``np.random.RandomState(seed).permutation(len(x))`` 作用于两者。要在切分*之
    前*打乱（鸢尾花数据按品种排好了序），并保持调用者的数组不变（``np.random.shuffle`` 是原地操作：
    先复制再打乱）。
    """
    # BEGIN SOLUTION
    order = np.random.RandomState(seed).permutation(len(x))
    x, y = np.asarray(x)[order], np.asarray(y)[order]
    return x[:-n_test], y[:-n_test], x[-n_test:], y[-n_test:]
    # END SOLUTION


def batch_pairs(x, y, batch_size):
    """Pair features with labels and cut them into batches, in order:
    ``tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)``. The first axis of x and y
    is the samples; x's other axes are free ((n,), (n, 4), (n, height, width)). Return the list of
    ``(x_batch, y_batch)`` pairs; the last batch is smaller when the sizes do not divide
    (120 flowers in batches of 32: 32, 32, 32, 24).

    中文：把输入特征与标签配对，按顺序切分成批：``tf.data.Dataset.from_tensor_slices((x,
    y)).batch(batch_size)``。x 与 y 的第一维是样本；x 的其余维度不限（(n,)、(n, 4)、(n, height,
    width)）。返回 ``(x_batch, y_batch)`` 对的列表；数量不能整除时最后一批较小（120 朵花、每批 32：
    32、32、32、24）。
    """
    # BEGIN SOLUTION
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)
    return [(xb.numpy(), yb.numpy()) for xb, yb in dataset]
    # END SOLUTION


def train_step(w, b, x, y, lr):
    """One step of gradient descent on a batch; return ``(w_new, b_new, loss)``.

    w (4, k), b (k,) and x (n, 4) are arrays of one float dtype, y (n,) class numbers 0..k-1:
    k classes, w's width (iris has k = 3). Make ``tf.Variable``s of w and b, then, as the
    course does for k = 3::

        with tf.GradientTape() as tape:
            probs = softmax(x @ w + b)
            loss = mean((one_hot(y, k) - probs)^2)       # MSE over every element
        grads = tape.gradient(loss, [w, b])
        w.assign_sub(lr * grads[0]); b.assign_sub(lr * grads[1])

    ``loss`` is the loss of the batch before the update.

    中文：在一批数据上做一步梯度下降；返回 ``(w_new, b_new, loss)``。

    w (4, k)、b (k,) 与 x (n, 4) 是同一种浮点类型的数组，y (n,) 是 0..k-1 的类别编号：共 k 类，即 w
    的宽度（鸢尾花 k = 3）。先用 w 和 b 建立 ``tf.Variable``，然后按课程在 k = 3 时的写法计算（代码
    见上，损失函数为对所有元素求平均的均方误差）。

    ``loss`` 是这批数据在参数更新之前的损失。
    """
    # BEGIN SOLUTION
    w, b = tf.Variable(w), tf.Variable(b)
    with tf.GradientTape() as tape:
        probs = tf.nn.softmax(tf.matmul(x, w) + b)
        target = tf.one_hot(y, depth=w.shape[1], dtype=probs.dtype)
        loss = tf.reduce_mean(tf.square(target - probs))
    grads = tape.gradient(loss, [w, b])
    w.assign_sub(lr * grads[0])
    b.assign_sub(lr * grads[1])
    return w, b, loss
    # END SOLUTION


def train_iris(x_train, y_train, x_test, y_test, epochs=500, lr=0.1, batch_size=32):
    """The course's whole loop; return ``(w, b, test_accuracy)``.

    Start from the course's seeds: ``tf.random.set_seed(116)``, then
    ``w = tf.random.truncated_normal([4, 3], stddev=0.1, seed=1)`` and
    ``b = tf.random.truncated_normal([3], stddev=0.1, seed=1)``. Cast x to float32. Each epoch
    runs ``train_step`` on every batch of ``batch_pairs(x_train, y_train, batch_size)`` in
    order. ``test_accuracy`` is the share of test flowers whose most probable class (argmax of
    ``forward``) is their label, computed with the final w and b.

    中文：课程的完整训练循环；返回 ``(w, b, test_accuracy)``。

    从课程的随机数种子开始：``tf.random.set_seed(116)``，然后 ``w = tf.random.truncated_normal([4,
    3], stddev=0.1, seed=1)``，``b = tf.random.truncated_normal([3], stddev=0.1, seed=1)``。把 x 转
    换为 float32。每一轮（epoch）按顺序对 ``batch_pairs(x_train, y_train, batch_size)`` 的每一批运行
    ``train_step``。``test_accuracy`` 是测试集中最可能类别（``forward`` 的 argmax）等于其标签的花所
    占的比例，用最终的 w 和 b 计算。
    """
    # BEGIN SOLUTION
    tf.random.set_seed(116)
    w = tf.random.truncated_normal([4, 3], stddev=0.1, seed=1)
    b = tf.random.truncated_normal([3], stddev=0.1, seed=1)
    batches = batch_pairs(np.asarray(x_train, np.float32), np.asarray(y_train), batch_size)
    for _ in range(epochs):
        for xb, yb in batches:
            w, b, _loss = train_step(w, b, xb, yb, lr)
    probs = forward(np.asarray(x_test, np.float32), w, b)
    predicted = tf.argmax(probs, axis=1).numpy()
    accuracy = float(np.mean(predicted == np.asarray(y_test)))
    return w, b, accuracy
    # END SOLUTION
