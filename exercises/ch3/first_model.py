"""The first model of every course: one neuron learns y = 3x + 1 from six points (chapter 3).

Keras 3 note: ``input_shape=[1]`` on a layer is gone; start the model with ``keras.Input((1,))``.

中文：每门课的第一个模型：一个神经元从六个点学出 y = 3x + 1（第三章）。

Keras 3 注意：层上的 ``input_shape=[1]`` 已不再支持；模型要以 ``keras.Input((1,))`` 开头。
"""

import keras


def build_linear_model():
    """A compiled model of one Dense neuron, one input: y = w * x + b (2 parameters).

    Compile it with stochastic gradient descent and mean squared error:
    ``model.compile(optimizer="sgd", loss="mean_squared_error")``. The grader trains it on
    xs = [-1, 0, 1, 2, 3, 4], ys = 3 * xs + 1 for 500 epochs; ``model.predict`` of 10 must then
    land within 0.5 of 31.

    中文：一个编译好的模型，只有一个 Dense 神经元、一个输入：y = w * x + b（2 个参数）。

    用随机梯度下降和均方误差编译：``model.compile(optimizer="sgd", loss="mean_squared_error")``。评
    分程序在 xs = [-1, 0, 1, 2, 3, 4]、ys = 3 * xs + 1 上训练它 500 轮；之后 ``model.predict`` 对 10
    的预测必须落在 31 的 0.5 以内。
    """
    raise NotImplementedError("write your solution here")
