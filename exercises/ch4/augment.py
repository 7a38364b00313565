"""Data augmentation (chapter 4) with Keras preprocessing layers.

The course configures ``ImageDataGenerator(rescale=1., rotation_range=45, width_shift_range=.15,
height_shift_range=.15, horizontal_flip=False, zoom_range=0.5)``. ImageDataGenerator is gone from
Keras 3; its layers do the same, inside the model, only while training:

    rotation_range=45        -> RandomRotation(45 / 360)        (a factor is a fraction of 2*pi)
    width/height_shift .15   -> RandomTranslation(0.15, 0.15)
    zoom_range=0.5           -> RandomZoom(0.5)                 (zoom in or out by up to 50 %)
    horizontal_flip=False    -> no RandomFlip (digits must not be mirrored)

ImageDataGenerator fills the uncovered border with the nearest pixel: ``fill_mode="nearest"``.

中文：用 Keras 预处理层做数据增强（第四章）。

课程配置的是 ``ImageDataGenerator(...)``（参数见上）。Keras 3 中已没有 ImageDataGenerator；它的各个
层能做同样的事，放在模型里面，且只在训练时起作用（对应关系见上：旋转的 factor 是 2*pi 的比例；缩放最
多放大或缩小 50 %；不用 RandomFlip，因为数字不能镜像）。

ImageDataGenerator 用最近的像素填补空出的边缘：``fill_mode="nearest"``。
"""

import keras


def build_augmentation():
    """A ``keras.Sequential`` of the three layers above for (n, 28, 28, 1) images in [0, 1].

    Called with ``training=True`` it transforms each image at random (and keeps values within
    the input's range); with ``training=False`` it returns the images unchanged, so the same
    model can be evaluated on clean test images.

    中文：由上面三个层组成的 ``keras.Sequential``（数据增强），输入为 [0, 1] 内的 (n, 28,
    28, 1) 图片。

    以 ``training=True`` 调用时随机变换每张图片（取值保持在输入的范围内）；以 ``training=False`` 调
    用时原样返回图片，这样同一个模型可以在未经变换的测试图片上评估。
    """
    raise NotImplementedError("write your solution here")
