"""Loss functions and softmax (chapter 2).

``y_true`` / ``labels`` are the answers, ``y_pred`` / ``probs`` / ``logits`` what the network
gave. Batches run along the first axis and classes along the last. Return tensors or arrays.
"""

import tensorflow as tf


def mse(y_true, y_pred):
    """Mean squared error: MSE = mean((y_true - y_pred)^2) over every element; a scalar.

    (``tf.reduce_mean(tf.square(y_true - y_pred))``, or ``keras.losses.MeanSquaredError()``.)

    中文：均方误差损失函数（公式见上），对所有元素求平均；结果是一个标量。

    （``tf.reduce_mean(tf.square(y_true - y_pred))``，或 ``keras.losses.MeanSquaredError()``。）
    """
    # BEGIN SOLUTION
    y_true = tf.convert_to_tensor(y_true)
    y_pred = tf.cast(tf.convert_to_tensor(y_pred), y_true.dtype)
    return tf.reduce_mean(tf.square(y_true - y_pred))
    # END SOLUTION


def yoghurt_loss(y_true, y_pred, cost=1.0, profit=99.0):
    """The course's asymmetric loss for predicting yoghurt sales, summed over every element:

        loss = sum( cost * (y_pred - y_true)    where y_pred > y_true   (made too many)
                    profit * (y_true - y_pred)  otherwise                (sold out: lost profit) )

    Each yoghurt costs ``cost`` to make and earns ``profit`` when sold, so predicting too low
    hurts more. In TensorFlow: ``tf.reduce_sum(tf.where(tf.greater(y_pred, y_true), ..., ...))``.

    中文：课程中预测酸奶销量的自定义损失函数，不对称，对所有元素求和（公式见上：预测多了，损失为成
    本；预测少了、卖断货，损失为少赚的利润）。

    每个酸奶的成本为 ``cost``，卖出后利润为 ``profit``，所以预测少了损失更大。TensorFlow 写法：
    ``tf.reduce_sum(tf.where(tf.greater(y_pred, y_true), ..., ...))``。
    """
    # BEGIN SOLUTION
    y_true = tf.convert_to_tensor(y_true)
    y_pred = tf.cast(tf.convert_to_tensor(y_pred), y_true.dtype)
    over = (y_pred - y_true) * cost
    under = (y_true - y_pred) * profit
    return tf.reduce_sum(tf.where(tf.greater(y_pred, y_true), over, under))
    # END SOLUTION


def cross_entropy(y_true, probs):
    """Cross-entropy H(y_true, probs) = -sum_k y_true[k] * log(probs[k]), one value per row.

    The classes are the last axis, whatever the rank: (classes,) gives a scalar, (batch,
    classes) gives (batch,), (batch, steps, classes) gives (batch, steps). ``probs`` are
    probabilities (each row sums to 1). Log(0) is -inf, and 0 * -inf is nan: clip probs to
    [1e-7, 1] first, as Keras does (``keras.losses.categorical_crossentropy``). Example from
    the course: y_true = [1, 0], probs [0.6, 0.4] -> 0.511, [0.8, 0.2] -> 0.223.

    中文：交叉熵损失函数（公式见上），每行一个值。

    类别总在最后一个轴，秩不限：(classes,) 得到标量，(batch, classes) 得到 (batch,)，(batch, steps,
    classes) 得到 (batch, steps)。``probs`` 是概率（每行之和为 1）。log(0) 为 -inf，而 0 * -inf 为
    nan：先把 probs 裁剪到 [1e-7, 1]，与 Keras 相同（``keras.losses.categorical_crossentropy``）。课
    程示例：y_true = [1, 0]，probs 为 [0.6, 0.4] -> 0.511，[0.8, 0.2] -> 0.223。
    """
    # BEGIN SOLUTION
    y_true = tf.convert_to_tensor(y_true)
    probs = tf.cast(tf.convert_to_tensor(probs), y_true.dtype)
    probs = tf.clip_by_value(probs, 1e-7, 1.0)
    return -tf.reduce_sum(y_true * tf.math.log(probs), axis=-1)
    # END SOLUTION


def softmax(logits):
    """Softmax along the last axis: softmax(z)_k = e^(z_k) / sum_j e^(z_j).

    ``logits`` may have any rank, the classes always last: (classes,), (batch, classes),
    (batch, steps, classes); the result has the shape of ``logits``. Each row (each vector
    along the last axis) becomes positive and sums to 1. The exponential e^1000 overflows to
    inf, so subtract each row's maximum first: softmax(z) = softmax(z - max(z)), which changes
    nothing mathematically.

    中文：沿最后一个轴计算 softmax（公式见上）。

    ``logits`` 的秩不限，类别总在最后：(classes,)、(batch, classes)、(batch, steps, classes)；结果与
    ``logits`` 形状相同。每一行（沿最后一个轴的每个向量）变为正数且和为 1。指数 e^1000 会溢出为
    inf，所以先减去每行的最大值：softmax(z) = softmax(z - max(z))，数学上结果不变。
    """
    # BEGIN SOLUTION
    logits = tf.convert_to_tensor(logits)
    shifted = logits - tf.reduce_max(logits, axis=-1, keepdims=True)
    e = tf.exp(shifted)
    return e / tf.reduce_sum(e, axis=-1, keepdims=True)
    # END SOLUTION


def softmax_cross_entropy(labels, logits):
    """Softmax, then cross-entropy, in one stable step; one value per row (per vector along
    the last axis, the classes): (batch, classes) gives (batch,), (batch, steps, classes)
    gives (batch, steps).

        loss = -sum_k labels[k] * log(softmax(logits)[k])
             = logsumexp(logits) - sum_k labels[k] * logits[k]      (when labels sum to 1)

    ``labels`` are one-hot (or any distribution) rows. Taking log(softmax(...)) literally gives
    log(0) = -inf for large logits; use the log-sum-exp form with the row maximum subtracted.
    Same as ``tf.nn.softmax_cross_entropy_with_logits(labels, logits)``.

    中文：先 softmax 再求交叉熵，一步完成且数值稳定；每行（沿最后一个轴、即类别轴的每个向量）一个
    值：(batch, classes) 得到 (batch,)，(batch, steps, classes) 得到 (batch, steps)。（公式见上。）

    ``labels`` 的每一行是独热码（或任意概率分布）。照字面计算 log(softmax(...)) 时，logits 很大会得
    到 log(0) = -inf；应改用 log-sum-exp 形式，并减去每行的最大值。与
    ``tf.nn.softmax_cross_entropy_with_logits(labels, logits)`` 相同。
    """
    # BEGIN SOLUTION
    logits = tf.convert_to_tensor(logits)
    labels = tf.cast(tf.convert_to_tensor(labels), logits.dtype)
    top = tf.reduce_max(logits, axis=-1, keepdims=True)
    log_sum = tf.math.log(tf.reduce_sum(tf.exp(logits - top), axis=-1, keepdims=True)) + top
    return -tf.reduce_sum(labels * (logits - log_sum), axis=-1)
    # END SOLUTION


def sparse_softmax_cross_entropy(labels, logits):
    """The same loss with integer class labels: loss = logsumexp(logits) - logits[label].

    ``labels`` has one integer class index per row (shape (batch,)), ``logits`` shape
    (batch, classes). Same as ``tf.nn.sparse_softmax_cross_entropy_with_logits``.

    中文：同一个损失函数，标签为整数类别编号（公式见上）。

    ``labels`` 每行一个整数类别索引（形状 (batch,)），``logits`` 形状为 (batch, classes)。与
    ``tf.nn.sparse_softmax_cross_entropy_with_logits`` 相同。
    """
    # BEGIN SOLUTION
    logits = tf.convert_to_tensor(logits)
    labels = tf.convert_to_tensor(labels)
    one_hot = tf.one_hot(tf.cast(labels, tf.int32), tf.shape(logits)[-1], dtype=logits.dtype)
    return softmax_cross_entropy(one_hot, logits)
    # END SOLUTION
