"""Forecasting the Mauna Loa CO2 series one week ahead with an LSTM and a GRU (chapter 6).

``from grader.data import load; (x_train, y_train), (x_test, y_test) = load("co2")`` gives
windows of 52 weekly values -> the next week, in ppm, the last 20 % of the weeks as the test
part. The grader scales them with the training part's minimum and maximum (your
``scale_train_test``), trains your model with its own fixed recipe (Adam, mean squared error),
predicts the test windows, and compares the RMSE in ppm with the naive forecast
"next week = this week", which your model must beat.

Keras 3 and the course differ in one design choice here: the course's stock model
(LSTM(80) -> LSTM(100) -> Dense(1)) predicts the level itself. CO2 rises year after year, so
the test part lies above the training range (scaled, above 1): a model that predicts levels
must extrapolate and lags behind. These models predict the *change* from the last value
instead: the recurrent layer reads the window relative to its last value, and the output is
that last value plus the predicted change.

中文：用 LSTM 和 GRU 预测莫纳罗亚（Mauna Loa）CO2 序列下一周的值（第六章）。

``from grader.data import load; (x_train, y_train), (x_test, y_test) = load("co2")`` 给出 52 个周值
组成的窗口 -> 下一周的值，单位 ppm，最后 20 % 的周作为测试部分。评分程序用训练部分的最小值和最大值对
它们归一化（你的 ``scale_train_test``），用它自己固定的配置（Adam、均方误差）训练你的模型，预测测试
窗口，并把以 ppm 计的 RMSE 与朴素预测“下周 = 本周”比较，你的模型必须胜过它。

Keras 3 与课程在这里有一处设计上的不同：课程的股票模型（LSTM(80) -> LSTM(100) -> Dense(1)）直接预测
数值本身。CO2 逐年上升，因此测试部分高于训练范围（归一化后大于 1）：预测数值本身的模型必须外推，会滞
后。这里的模型改为预测相对最后一个值的*变化*：循环层读入相对于窗口最后一个值的序列，输出为最后一个值
加上预测的变化。
"""

import keras


def build_co2_lstm(steps):
    """A compiled regressor for windows [samples, steps, 1] -> [samples, 1]:

        inputs (steps, 1) -> relative = inputs - inputs[:, -1:, :] -> LSTM(16) -> Dense(1)
        -> output = inputs[:, -1, :] + that Dense output

    (the functional API: ``keras.Model(inputs, outputs)``). 1,152 + 17 = 1,169 parameters.
    Compile with Adam and loss="mean_squared_error" (the grader keeps the loss, uses its own
    optimizer settings).

    中文：一个编译好的回归模型，把窗口 [samples, steps, 1] 映射为 [samples, 1]（结构见上：先减去窗口
    的最后一个值，经 LSTM(16) 和 Dense(1) 后再加回去）。

    （用函数式 API：``keras.Model(inputs, outputs)``。）1,152 + 17 = 1,169 个参数。用 Adam 和
    loss="mean_squared_error" 编译（评分程序保留损失函数，优化器用它自己的设置）。
    """
    raise NotImplementedError("write your solution here")


def build_co2_gru(steps):
    """The same with GRU(16) (Keras's default reset_after=True): 912 + 17 = 929 parameters.

    中文：同样的模型，换成 GRU(16)（Keras 默认 reset_after=True）：912 + 17 = 929 个参数。
    """
    raise NotImplementedError("write your solution here")
