"""A convolution written for the course's square pictures: the output side, the padding and
the stride all come from the height and the kernel's height, used for the width too."""

import numpy as np

MODULE = "ch5.conv_numpy"
LOSES = ["ch5.conv2d"]


def conv2d(x, w, b=None, stride=1, padding="valid"):
    x, w = np.asarray(x), np.asarray(w)
    k = w.shape[0]
    s = stride if np.ndim(stride) == 0 else stride[0]
    if padding.lower() == "same":
        pad = same_padding(x.shape[1], k, s)
        x = np.pad(x, ((0, 0), pad, pad, (0, 0)))
    out = (x.shape[1] - k) // s + 1
    result = np.zeros((x.shape[0], out, out, w.shape[3]), dtype=np.result_type(x, w))
    for i in range(out):
        for j in range(out):
            patch = x[:, i * s : i * s + k, j * s : j * s + k]  # (batch, k, k, in_ch)
            result[:, i, j] = np.tensordot(patch, w[:k, :k], axes=([1, 2, 3], [0, 1, 2]))
    return result if b is None else result + np.asarray(b)
