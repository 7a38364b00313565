"""Letters for a recurrent network: one-hot codes, embedding ids, and the abcde tasks (chapter 6).

The course's vocabulary is "abcde": a -> 0, b -> 1, ..., e -> 4. The tasks: read one letter
(or four) and predict the letter that comes next, cyclically (e is followed by a).
A one-hot model reads [samples, steps, 5] codes; an Embedding model reads [samples, steps] ids.
"""

import keras
import numpy as np

VOCABULARY = "abcde"


def letter_ids(text, vocabulary=VOCABULARY):
    """The id of every letter: its position in ``vocabulary``. "bad" -> [1, 0, 3] (int array).

    中文：每个字母的编号：它在 ``vocabulary`` 中的位置。"bad" -> [1, 0, 3]（整数数组）。
    """
    raise NotImplementedError("write your solution here")


def one_hot_letters(text, vocabulary=VOCABULARY):
    """One row per letter, len(vocabulary) columns, a 1.0 in the letter's id column.

    "ba" -> [[0, 1, 0, 0, 0], [1, 0, 0, 0, 0]] (floats, float32 or float64, shape
    [len(text), len(vocabulary)]).

    中文：独热码：每个字母一行，共 len(vocabulary) 列，该字母编号所在的列为 1.0。

    "ba" -> [[0, 1, 0, 0, 0], [1, 0, 0, 0, 0]]（浮点数，float32 或 float64，形状 [len(text),
    len(vocabulary)]）。
    """
    raise NotImplementedError("write your solution here")


def next_letter_data(steps, vocabulary=VOCABULARY):
    """The course's samples: every ``steps`` consecutive letters (going round the end) and the
    id of the letter after them, one sample per starting letter, in vocabulary order.

    steps=1: a -> b, b -> c, ..., e -> a. steps=4: abcd -> e, bcde -> a, cdea -> b, deab -> c,
    eabc -> d. Returns ``(x_ids, y_ids)``: int arrays [len(vocabulary), steps] and
    [len(vocabulary)].

    中文：课程的样本：每 ``steps`` 个连续的字母（到末尾后绕回开头）以及紧随其后那个字母的编号；每个
    起始字母一个样本，按词表顺序排列。

    steps=1：a -> b，b -> c，……，e -> a。steps=4：abcd -> e，bcde -> a，cdea -> b，deab -> c，eabc
    -> d。返回 ``(x_ids, y_ids)``：整数数组 [len(vocabulary), steps] 和 [len(vocabulary)]。
    """
    raise NotImplementedError("write your solution here")


def _compile(model):
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False),
        metrics=["sparse_categorical_accuracy"],
    )
    return model


def build_letter_rnn_onehot(steps):
    """A compiled model for one-hot input [samples, steps, 5]: SimpleRNN(3) -> Dense(5, softmax),
    27 + 20 = 47 parameters. Compile with Adam(learning_rate=0.01), sparse categorical
    cross-entropy (from_logits=False: the output is already a probability) and
    metrics=["sparse_categorical_accuracy"], as the course does.

    中文：一个编译好的模型，输入为独热码 [samples, steps, 5]：SimpleRNN(3) -> Dense(5, softmax)，27
    + 20 = 47 个参数。与课程一样，用 Adam(learning_rate=0.01)、稀疏类别交叉熵（from_logits=False：输
    出已经是概率分布）和 metrics=["sparse_categorical_accuracy"] 编译。
    """
    raise NotImplementedError("write your solution here")


def build_letter_rnn_embedding(steps):
    """A compiled model for id input [samples, steps]: Embedding(5, 2) -> SimpleRNN(3) ->
    Dense(5, softmax), 10 + 18 + 20 = 48 parameters, compiled like the one-hot model.

    中文：一个编译好的模型，输入为编号 [samples, steps]：Embedding(5, 2) -> SimpleRNN(3) -> Dense(5,
    softmax)，10 + 18 + 20 = 48 个参数，编译方式同独热码模型。
    """
    raise NotImplementedError("write your solution here")
