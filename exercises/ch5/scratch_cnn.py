"""A small CNN from scratch in NumPy: forward and backward passes, then SGD on real digits.

The network (chapter 5's pieces, no Keras): a 3x3 convolution (stride 1, "valid", with bias)
-> 2x2 max pooling (stride 2) -> flatten -> a softmax output layer (dense + softmax) trained
with the mean cross-entropy of integer labels. Shapes are NHWC; a kernel is
(3, 3, in_channels, filters). Each backward function gets what its forward got plus ``dout``,
the gradient of the loss with respect to the forward's output, and returns the gradients of
the loss with respect to the forward's inputs. Arguments are never modified.
"""

import numpy as np


def conv_forward(x, w, b):
    """out[n, i, j, f] = sum_{di, dj, c} x[n, i+di, j+dj, c] * w[di, dj, c, f] + b[f]
    ("valid", stride 1: an H x W input gives (H-2) x (W-2) with a 3x3 kernel).

    中文：卷积的前向传播（公式见上；"valid"、步长 1：H x W 的输入配 3x3 卷积核得到 (H-2) x (W-2)）。
    """
    raise NotImplementedError("write your solution here")


def conv_backward(x, w, dout):
    """(dx, dw, db) of conv_forward, given dout = dL/dout (shape of the forward's output).

    dw[di, dj, c, f] = sum_{n, i, j} x[n, i+di, j+dj, c] * dout[n, i, j, f];
    db[f] = sum of dout[..., f]; dx scatters dout back through every kernel tap:
    dx[n, i+di, j+dj, c] += sum_f dout[n, i, j, f] * w[di, dj, c, f].

    中文：conv_forward 的反向传播：给定 dout = dL/dout（形状同前向传播的输出），返回 (dx, dw, db)。

    dw 与 db 的公式见上；dx 把 dout 经由卷积核的每个位置散回输入（公式见上）。
    """
    raise NotImplementedError("write your solution here")


def maxpool_forward(x):
    """2x2 max pooling, stride 2, per channel; an odd last row or column is dropped
    ("valid"): (N, H, W, C) -> (N, H // 2, W // 2, C).

    中文：2x2 最大池化，步长 2，每个通道分别进行；奇数时多出的最后一行或一列丢弃（"valid"）：(N, H,
    W, C) -> (N, H // 2, W // 2, C)。
    """
    raise NotImplementedError("write your solution here")


def maxpool_backward(x, dout):
    """dx of maxpool_forward: each window's gradient goes to the pixel that was its maximum;
    the others (and a dropped odd row or column) get 0. Where a window holds its maximum
    more than once, the first in reading order (top-left, top-right, bottom-left,
    bottom-right) takes it all, as TensorFlow does.

    中文：maxpool_forward 的 dx：每个窗口的梯度全部传给该窗口中取得最大值的像素；其他像素（以及被丢
    弃的奇数行或列）得到 0。一个窗口中最大值出现不止一次时，按阅读顺序（左上、右上、左下、右下）的第
    一个获得全部梯度，与 TensorFlow 相同。
    """
    raise NotImplementedError("write your solution here")


def softmax_forward(h, w, b, y):
    """Mean cross-entropy of softmax(h @ w + b) for integer labels y:
    loss = mean_n( -log p[n, y[n]] ), p = softmax over the classes (subtract each row's
    maximum before exp, so large scores do not overflow). h: (N, D), w: (D, K), b: (K,).

    中文：对整数标签 y，softmax(h @ w + b) 交叉熵的平均值（公式见上，p 为沿类别做的 softmax；求指数
    前先减去每行的最大值，使大的得分不会溢出）。h：(N, D)，w：(D, K)，b：(K,)。
    """
    raise NotImplementedError("write your solution here")


def softmax_backward(h, w, b, y):
    """(dh, dw, db) of softmax_forward's mean loss: with p = softmax(h @ w + b) and
    one_hot(y), dz = (p - one_hot) / N, dw = h^T dz, db = sum_n dz, dh = dz w^T.

    中文：softmax_forward 平均损失的梯度 (dh, dw, db)（公式见上，p = softmax(h @ w + b)，one_hot 为
    y 的独热码）。
    """
    raise NotImplementedError("write your solution here")


def train_step(params, x, y, lr):
    """One SGD step of the whole network on the batch (x, y).

    params: {"conv_w": (3, 3, C, F), "conv_b": (F,), "fc_w": (D, K), "fc_b": (K,)} with
    D = (H-2)//2 * (W-2)//2 * F (the pooled maps flattened in NHWC order, as Keras's
    Flatten). x: (N, H, W, C), y: (N,) integer labels. Returns (new_params, loss): a new
    dict with every parameter moved by -lr * its gradient, and the loss before the step.

    中文：在一批数据 (x, y) 上对整个网络做一步 SGD。

    params：{"conv_w": (3, 3, C, F), "conv_b": (F,), "fc_w": (D, K), "fc_b": (K,)}，其中 D =
    (H-2)//2 * (W-2)//2 * F（池化后的特征图按 NHWC 顺序拉直，与 Keras 的 Flatten 相同）。x：(N, H,
    W, C)，y：(N,) 整数标签。返回 (new_params, loss)：一个新的字典，每个参数都沿 -lr * 梯度移动（学
    习率 lr），loss 为这一步之前的损失。
    """
    raise NotImplementedError("write your solution here")
