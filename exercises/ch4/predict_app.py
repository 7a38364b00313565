"""The predict app (chapter 4): a photo of a handwritten digit -> the network's input.

MNIST digits are white ink on black, 28 x 28; a photo is dark ink on white paper of any size.
The course: resize to 28 x 28 with an antialiasing filter, convert to 8-bit grey, then make a
high-contrast image that is also inverted: a pixel darker than 200 becomes 255 (ink), every
other 0 (paper); divide by 255; add a batch axis. Pillow 10 removed ``Image.ANTIALIAS``: its
name today is ``Image.LANCZOS``.
"""

import numpy as np
from PIL import Image


def prepare_photo(path):
    """The image file at ``path`` as the model's input: float array (1, 28, 28) of 0.0 and 1.0.

    img = Image.open(path).resize((28, 28), Image.LANCZOS).convert("L")
    pixel < 200 -> 1.0 (ink), else 0.0 (paper)        # invert + threshold, then / 255

    中文：给图识物：把 ``path`` 处的图片文件变成模型的输入：由 0.0 和 1.0 组成的浮点数组 (1, 28,
    28)（做法见上：先转为灰度图，再反色并二值化——像素 < 200 为 1.0（笔迹），否则为 0.0（纸），然后
    除以 255）。
    """
    raise NotImplementedError("write your solution here")
