"""The parameter count forgets the biases."""

MODULE = "ch2.complexity"
LOSES = ["ch2.fc_complexity"]


def fc_param_count(layer_sizes):
    return sum(a * b for a, b in zip(layer_sizes, layer_sizes[1:]))
