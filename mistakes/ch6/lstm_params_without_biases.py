"""An LSTM's parameters counted as 4·h·(h + x): the biases are forgotten."""

MODULE = "ch6.params"
LOSES = ["ch6.rnn_params"]


def lstm_params(units, input_dim):
    return 4 * units * (units + input_dim)
