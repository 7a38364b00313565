"""How big is a fully connected network? (chapter 2)

A net is given by its layer sizes, input first: [3, 4, 2] is 3 inputs, a hidden layer of 4
neurons and 2 outputs. The input layer is not counted as a layer.
"""


def fc_param_count(layer_sizes):
    """Trainable parameters: for each layer, n_in * n_out weights plus n_out biases.

    [3, 4, 2] -> (3*4 + 4) + (4*2 + 2) = 26. Keras's ``model.count_params()`` agrees.

    中文：可训练参数个数（空间复杂度）：每层有 n_in * n_out 个权重 w，加上 n_out 个偏置 b。

    [3, 4, 2] -> (3*4 + 4) + (4*2 + 2) = 26。与 Keras 的 ``model.count_params()`` 一致。
    """
    raise NotImplementedError("write your solution here")


def fc_mult_adds(layer_sizes):
    """Multiply-adds of one forward pass: n_in * n_out per layer (biases need no multiply).

    [3, 4, 2] -> 3*4 + 4*2 = 20.

    中文：一次前向传播的乘加运算次数（时间复杂度）：每层 n_in * n_out 次（偏置无需乘法）。

    [3, 4, 2] -> 3*4 + 4*2 = 20。
    """
    raise NotImplementedError("write your solution here")
