"""A textbook convolution: the kernel is rotated by 180 degrees, which Conv2D never does."""

import numpy as np

MODULE = "ch5.conv_numpy"
LOSES = ["ch5.conv2d"]


def conv2d(x, w, b=None, stride=1, padding="valid"):
    x, w = np.asarray(x), np.asarray(w)[::-1, ::-1]
    kh, kw = w.shape[:2]
    sh, sw = (stride, stride) if np.ndim(stride) == 0 else stride
    if padding.lower() == "same":
        pads = (same_padding(x.shape[1], kh, sh), same_padding(x.shape[2], kw, sw))
        x = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)))
    out_h, out_w = (x.shape[1] - kh) // sh + 1, (x.shape[2] - kw) // sw + 1
    out = np.zeros((x.shape[0], out_h, out_w, w.shape[3]))
    for i in range(out_h):
        for j in range(out_w):
            window = x[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :]
            out[:, i, j, :] = np.tensordot(window, w, axes=([1, 2, 3], [0, 1, 2]))
    return out if b is None else out + b
