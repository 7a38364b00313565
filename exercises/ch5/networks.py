"""The course's five classic networks for 32x32x3 images (CIFAR-10), ten classes.

Each builder returns a model on keras.Input((32, 32, 3)) ending in Dense(10, softmax),
compiled as the course does: optimizer "adam",
SparseCategoricalCrossentropy(from_logits=False), metrics ["sparse_categorical_accuracy"].
The parameter counts are the course's model.summary() totals (Keras counts the batch-norm
moving statistics too).
"""

import keras
from keras import layers

from .blocks import conv_bn_relu, inception_block, resnet_block


def _compiled(model):
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=False)
    model.compile(optimizer="adam", loss=loss, metrics=["sparse_categorical_accuracy"])
    return model


def build_lenet5():
    """LeNet5: C(6 5x5 valid, sigmoid) P(max 2x2 /2) C(16 5x5 valid, sigmoid) P(max 2x2 /2)
    -> Flatten -> Dense(120, sigmoid) -> Dense(84, sigmoid) -> Dense(10, softmax).
    No batch norm, no dropout. 62,006 parameters.

    中文：LeNet5（结构见上：C 卷积、P 池化）。不用批标准化，不用舍弃。62,006 个参数。
    """
    raise NotImplementedError("write your solution here")


def build_alexnet8():
    """AlexNet8: C(96 3x3 valid) B A(relu) P(max 3x3 /2); C(256 3x3 valid) B A(relu)
    P(max 3x3 /2); C(384 3x3 same, relu); C(384 3x3 same, relu); C(256 3x3 same, relu)
    P(max 3x3 /2) -> Flatten -> Dense(2048, relu) D(0.5) Dense(2048, relu) D(0.5)
    Dense(10, softmax). 9,639,178 parameters.

    中文：AlexNet8（结构见上：C 卷积、B 批标准化、A 激活、P 池化、D 舍弃）。9,639,178 个参数。
    """
    raise NotImplementedError("write your solution here")


def build_vgg16():
    """VGG16: 13 convolutions (3x3, padding same), each C B A(relu), in five groups of
    2, 2, 3, 3, 3 layers with 64, 128, 256, 512, 512 filters; every group ends in
    P(max 2x2 /2, padding same) and Dropout(0.2). Then Flatten -> Dense(512, relu) D(0.2)
    Dense(512, relu) D(0.2) Dense(10, softmax). 15,262,026 parameters.

    中文：VGG16：13 个卷积（3x3，全零填充），每个都是 C B A(relu)，分为五组，每组 2、2、3、3、3 层，
    卷积核个数分别为 64、128、256、512、512；每组以 P(max 2x2 /2, padding same) 和 Dropout(0.2) 结
    束。然后 Flatten -> Dense(512, relu) D(0.2) Dense(512, relu) D(0.2) Dense(10, softmax)。
    15,262,026 个参数。
    """
    raise NotImplementedError("write your solution here")


def build_inception10(num_blocks=2, num_classes=10, init_ch=16):
    """Inception10: conv_bn_relu(init_ch) (3x3, stride 1), then num_blocks blocks of two
    Inception blocks each (the first with strides 2, the second with strides 1) whose ch
    starts at init_ch and doubles after every block, then GlobalAveragePooling2D ->
    Dense(num_classes, softmax). With the defaults: 121,418 parameters.

    中文：Inception10：conv_bn_relu(init_ch)（3x3，步长 1），然后 num_blocks 个块，每块两个
    Inception 结构块（第一个步长 2，第二个步长 1），ch 从 init_ch 开始、每过一个块翻倍，然后
    GlobalAveragePooling2D -> Dense(num_classes, softmax)。默认参数下：121,418 个参数。
    """
    raise NotImplementedError("write your solution here")


def build_resnet18(block_list=(2, 2, 2, 2), initial_filters=64):
    """ResNet18: Conv2D(initial_filters, 3x3, same, no bias) B A(relu), then for each entry
    of block_list that many ResNet blocks; the first block of every group but the first has
    strides 2 and a projection shortcut (residual_path), the others keep the size; filters
    double from group to group. Then GlobalAveragePooling2D -> Dense(10, softmax,
    kernel_regularizer=l2). With the defaults: 11,183,562 parameters.

    中文：ResNet18：Conv2D(initial_filters, 3x3, same, 无偏置) B A(relu)，然后 block_list 的每一项对
    应该数目的 ResNet 块；除第一组外，每组的第一个块步长为 2 并带投影的 shortcut（residual_path），
    其余块保持尺寸；卷积核个数逐组翻倍。然后 GlobalAveragePooling2D -> Dense(10, softmax,
    kernel_regularizer=l2)。默认参数下：11,183,562 个参数。
    """
    raise NotImplementedError("write your solution here")
