"""How many parameters does a recurrent layer have? (chapter 6)

``units`` is the number of memory cells, ``input_dim`` the features per time step. Every count
equals Keras's ``layer.count_params()`` once the layer is built on that input. The course's
stock model, LSTM(80, return_sequences=True) -> Dropout -> LSTM(100) -> Dropout -> Dense(1) on
one feature per step, has 26,240 + 72,400 + 101 = 98,741.
"""


def simple_rnn_params(units, input_dim):
    """Wxh [input_dim, units] + Whh [units, units] + bh [units].

    SimpleRNN(3) on one-hot letters (5 features): 15 + 9 + 3 = 27.
    """
    raise NotImplementedError("write your solution here")


def lstm_params(units, input_dim):
    """Four gates (i, f, c, o), each a SimpleRNN-sized set: 4 · (units·(input_dim + units) + units).

    LSTM(80) on 1 feature: 26,240.
    """
    raise NotImplementedError("write your solution here")


def gru_params(units, input_dim, reset_after=True):
    """Three gates (z, r, h): 3 · units·(input_dim + units) weights, plus 3·units biases, twice
    as many with ``reset_after=True`` (Keras's default: one bias for the input part, one for the
    recurrent part). GRU(80) on 1 feature: 19,920 (reset_after=True), 19,680 (False).
    """
    raise NotImplementedError("write your solution here")


def embedding_params(input_dim, output_dim):
    """A trainable table of one vector per word: input_dim (vocabulary size) · output_dim.

    Embedding(5, 2): 10.
    """
    raise NotImplementedError("write your solution here")
