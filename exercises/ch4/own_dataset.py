"""Your own dataset (chapter 4): a folder of images plus a text list of "file label" lines.

    0_5.png 5
    1_0.png 0

The course reads every image as 8-bit grey (``Image.open(path).convert("L")``), scales it to
[0, 1] and keeps the labels as int64; the first run saves the arrays as ``.npy`` files and every
later run loads them instead of decoding thousands of images again. Folders are named as in the
course, ending in "/" (``'./mnist_image_label/mnist_train_jpg_60000/'``).
"""

from pathlib import Path

import numpy as np
from PIL import Image


def generateds(image_dir, label_file):
    """Read the dataset: return ``(x, y)``, x float (n, height, width) in [0, 1] (pixel / 255),
    y integers (n,) (int64 as in the course; int32 is accepted too), in the order of the label
    file's lines (blank lines skipped).

    ``image_dir`` is a folder path ending in "/", as the course writes it, so the course's
    ``image_dir + name`` gives an image's path (so do ``os.path.join`` and ``pathlib.Path``);
    ``label_file`` is the text file's path.

    中文：读入自制数据集：返回 ``(x, y)``，x 为 [0, 1] 内的浮点数 (n, height, width)（像素 / 255），
    y 为整数 (n,)（与课程一样为 int64；int32 也接受），顺序与标签文件的行序一致（跳过空行）。

    ``image_dir`` 是以 "/" 结尾的文件夹路径，与课程写法相同，所以课程的 ``image_dir + name`` 就是图
    片的路径（``os.path.join`` 与 ``pathlib.Path`` 也可以）；``label_file`` 是标签文本文件的路径。
    """
    raise NotImplementedError("write your solution here")


def load_or_generate(image_dir, label_file, x_cache, y_cache):
    """The dataset, from the ``.npy`` cache when both cache files exist, else from the images.

    First run (a cache file missing): ``generateds(image_dir, label_file)``, then save x
    flattened to (n, height * width) in ``x_cache`` and y in ``y_cache`` (``np.save``), as the
    course does. Later runs: load both files and reshape x back to (n, height, width); a square
    image side is ``int(sqrt(height * width))``. Return ``(x, y)`` either way.

    中文：得到数据集：两个缓存文件都存在时从 ``.npy`` 缓存读入，否则从图片生成。

    第一次运行（缺少某个缓存文件）：调用 ``generateds(image_dir, label_file)``，再像课程那样把 x 拉
    直为 (n, height * width) 存入 ``x_cache``、把 y 存入 ``y_cache``（``np.save``）。以后的运行：读
    入两个文件，把 x 变回 (n, height, width)；正方形图片的边长为 ``int(sqrt(height * width))``。两种
    情况都返回 ``(x, y)``。
    """
    raise NotImplementedError("write your solution here")
