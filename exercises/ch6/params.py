"""How many parameters does a recurrent layer have? (chapter 6)

``units`` is the number of memory cells, ``input_dim`` the features per time step. Every count
equals Keras's ``layer.count_params()`` once the layer is built on that input. The course's
stock model, LSTM(80, return_sequences=True) -> Dropout -> LSTM(100) -> Dropout -> Dense(1) on
one feature per step, has 26,240 + 72,400 + 101 = 98,741.
"""


def simple_rnn_params(units, input_dim):
    """Wxh [input_dim, units] + Whh [units, units] + bh [units].

    SimpleRNN(3) on one-hot letters (5 features): 15 + 9 + 3 = 27.

    中文：SimpleRNN 循环核的参数个数：Wxh [input_dim, units] + Whh [units, units] + bh [units]。

    SimpleRNN(3) 用于独热码表示的字母（5 个特征）：15 + 9 + 3 = 27。
    """
    raise NotImplementedError("write your solution here")


def lstm_params(units, input_dim):
    """Four gates (i, f, c, o), each a SimpleRNN-sized set: 4 · (units·(input_dim + units) + units).

    LSTM(80) on 1 feature: 26,240.

    中文：四个门（i 输入门、f 遗忘门、c 候选态、o 输出门），每个都有一组与 SimpleRNN 同样多的参数（
    公式见上）。

    LSTM(80) 用于 1 个特征：26,240。
    """
    raise NotImplementedError("write your solution here")


def gru_params(units, input_dim, reset_after=True):
    """Three gates (z, r, h): 3 · units·(input_dim + units) weights, plus 3·units biases, twice
    as many with ``reset_after=True`` (Keras's default: one bias for the input part, one for the
    recurrent part). GRU(80) on 1 feature: 19,920 (reset_after=True), 19,680 (False).

    中文：三组（z 更新门、r 重置门、h 候选隐藏层）：3 · units·(input_dim + units) 个权重，加上 3·
    units 个偏置；``reset_after=True`` 时偏置加倍（Keras 的默认值：输入部分一个偏置，循环部分一个偏
    置）。GRU(80) 用于 1 个特征：19,920（reset_after=True），19,680（False）。
    """
    raise NotImplementedError("write your solution here")


def embedding_params(input_dim, output_dim):
    """A trainable table of one vector per word: input_dim (vocabulary size) · output_dim.

    Embedding(5, 2): 10.

    中文：Embedding 编码：一张可训练的表，每个单词一个向量：input_dim（词汇量）· output_dim（
    编码维度）。

    Embedding(5, 2)：10。
    """
    raise NotImplementedError("write your solution here")
