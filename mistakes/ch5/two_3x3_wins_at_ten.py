"""Two 3x3 convolutions declared the winner at x = 10, where both cost 900 multiply-adds."""

MODULE = "ch5.shapes"
LOSES = ["ch5.stacked_3x3"]


def prefer_two_3x3(x):
    return stacked_conv_cost(x, 3, 2)[1] <= stacked_conv_cost(x, 5, 1)[1]
