"""The SGD step edits the caller's parameter arrays in place (params[k] -= lr * grad) and
returns the same dict, where the docstring asks for a new dict and leaves the arguments alone."""

import numpy as np

MODULE = "ch5.scratch_cnn"
LOSES = ["ch5.scratch_cnn"]


def train_step(params, x, y, lr):
    conv = conv_forward(x, params["conv_w"], params["conv_b"])
    pooled = maxpool_forward(conv)
    flat = pooled.reshape(len(pooled), -1)
    loss = softmax_forward(flat, params["fc_w"], params["fc_b"], y)
    dflat, dfc_w, dfc_b = softmax_backward(flat, params["fc_w"], params["fc_b"], y)
    dconv = maxpool_backward(conv, dflat.reshape(pooled.shape))
    _, dconv_w, dconv_b = conv_backward(x, params["conv_w"], dconv)
    grads = {"conv_w": dconv_w, "conv_b": dconv_b, "fc_w": dfc_w, "fc_b": dfc_b}
    for k in grads:
        params[k] -= np.asarray(lr * grads[k], dtype=params[k].dtype)
    return params, loss
