"""sigmoid_grad applies f(1 - f) to x itself instead of to sigmoid(x)."""

MODULE = "ch2.activations"
LOSES = ["ch2.sigmoid"]


def sigmoid_grad(x):
    return x * (1 - x)
