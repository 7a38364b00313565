"""Parameter export (chapter 4): every trainable variable to a text file, and back.

The course writes, for each ``v`` in ``model.trainable_variables``, its name, its shape and
``str(v.numpy())`` after ``np.set_printoptions(threshold=np.inf)``: without that setting NumPy
abbreviates big arrays with "..." and the values are lost. Here the variables come as a dict
``{name: array}`` (``{v.path: v.numpy() for v in model.trainable_variables}`` in Keras 3).

中文：参数提取（第四章）：把每个可训练变量写入文本文件，并能读回。

课程在 ``np.set_printoptions(threshold=np.inf)`` 之后，对 ``model.trainable_variables`` 中的每个
``v`` 写出它的名字、形状和 ``str(v.numpy())``：不做这个设置，NumPy 会用 "..." 省略大数组，数值就丢
了。这里的变量以字典 ``{name: array}`` 传入（Keras 3 中为 ``{v.path: v.numpy() for v in
model.trainable_variables}``）。
"""

import numpy as np


def write_parameters(params, path):
    """Write every ``name -> array`` of ``params`` to the text file ``path`` (UTF-8): its name,
    its shape and all its values, with enough digits that reading gives back the very same
    numbers (``repr`` of each value, or ``"%.9g"`` for float32 / ``"%.17g"`` for float64).

    中文：参数提取：把 ``params`` 中的每个 ``名字 -> 数组`` 写入文本文件 ``path``（UTF-8）：名字、形
    状和全部数值，数值的位数要足够，使读回时得到完全相同的数（每个值用 ``repr``，或 float32 用
    ``"%.9g"``、float64 用 ``"%.17g"``）。
    """
    raise NotImplementedError("write your solution here")


def read_parameters(path):
    """Read a file written by ``write_parameters``: return ``{name: array}`` in the file's order,
    every array with its shape and values exactly as written.

    中文：读入 ``write_parameters`` 写的文件：按文件中的顺序返回 ``{名字: 数组}``，每个数组的形状和
    数值与写入时完全相同。
    """
    raise NotImplementedError("write your solution here")
