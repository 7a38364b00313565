"""Chapter 5's references agree with TensorFlow / Keras and with the numbers the course prints."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from grader.loader import import_module
from grader.paths import SOLUTIONS_DIR


def ref(module: str):
    return import_module(SOLUTIONS_DIR, "_ck_test_reference_ch5", module)


shapes, conv, scratch = ref("ch5.shapes"), ref("ch5.conv_numpy"), ref("ch5.scratch_cnn")
RNG = np.random.default_rng(5)


@pytest.mark.parametrize("padding", ["same", "valid"])
@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize(("n", "k"), [(5, 3), (6, 3), (7, 5), (32, 5), (9, 1), (4, 4)])
def test_sizes_and_parameters_match_conv2d(n, k, stride, padding):
    layer = keras.layers.Conv2D(4, k, strides=stride, padding=padding)
    out = layer.compute_output_shape((1, n, n, 3))
    assert out[1] == shapes.conv_output_size(n, k, stride, padding)
    layer.build((1, n, n, 3))
    assert layer.count_params() == shapes.conv_param_count(k, 3, 4)
    pool = keras.layers.MaxPool2D(k, strides=stride, padding=padding)
    assert pool.compute_output_shape((1, n, n, 3))[1] == shapes.pool_output_size(
        n, k, stride, padding
    )


def test_course_numbers():
    assert shapes.conv_param_count(5, 3, 6) == 456  # the Baseline's first layer
    assert shapes.conv_param_count(3, 3, 1) - 1 == 27  # a 3x3x3 kernel: 27 weights + 1 bias
    assert shapes.receptive_field([3, 3]) == shapes.receptive_field([5]) == 5
    assert shapes.stacked_conv_cost(10, 3, 2) == (18, 900)
    assert shapes.stacked_conv_cost(10, 5, 1) == (25, 900)
    assert [x for x in range(5, 40) if shapes.prefer_two_3x3(x)] == list(range(11, 40))


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("stride", [1, 2, (2, 1)])
def test_conv_pool_bn_match_tensorflow(padding, stride):
    x, w, b = RNG.normal(size=(2, 7, 6, 3)), RNG.normal(size=(3, 2, 3, 4)), RNG.normal(size=4)
    expected = tf.nn.conv2d(x, w, stride, padding).numpy() + b
    np.testing.assert_allclose(conv.conv2d(x, w, b, stride, padding), expected, rtol=1e-10)
    s = stride if isinstance(stride, int) else 2
    np.testing.assert_allclose(
        conv.max_pool2d(x, 3, s, padding), tf.nn.max_pool2d(x, 3, s, padding)
    )
    np.testing.assert_allclose(
        conv.avg_pool2d(x, 3, s, padding), tf.nn.avg_pool2d(x, 3, s, padding), rtol=1e-12
    )
    layer = keras.layers.BatchNormalization(dtype="float64")
    layer.build(x.shape)
    gamma, beta = RNG.uniform(0.5, 2, 3), RNG.normal(size=3)
    layer.set_weights([gamma, beta, np.zeros(3), np.ones(3)])
    np.testing.assert_allclose(
        conv.batch_norm(x, gamma, beta), layer(x, training=True).numpy(), rtol=1e-9, atol=1e-12
    )


def test_scratch_backward_matches_gradient_tape():
    x, w, b = RNG.normal(size=(2, 6, 5, 2)), RNG.normal(size=(3, 3, 2, 3)), RNG.normal(size=3)
    dout = RNG.normal(size=(2, 4, 3, 3))
    xs, ws, bs = tf.Variable(x), tf.Variable(w), tf.Variable(b)
    with tf.GradientTape() as tape:
        total = tf.reduce_sum((tf.nn.conv2d(xs, ws, 1, "VALID") + bs) * dout)
    for got, want in zip(scratch.conv_backward(x, w, dout), tape.gradient(total, [xs, ws, bs])):
        np.testing.assert_allclose(got, want.numpy(), rtol=1e-10)
    conv_out = scratch.conv_forward(x, w, b)
    pooled_grad = RNG.normal(size=(2, 2, 1, 3))
    cv = tf.Variable(conv_out)
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(tf.nn.max_pool2d(cv, 2, 2, "VALID") * pooled_grad)
    np.testing.assert_allclose(
        scratch.maxpool_backward(conv_out, pooled_grad), tape.gradient(total, cv).numpy()
    )


NETWORKS = {
    "build_lenet5": 62_006,
    "build_alexnet8": 9_639_178,
    "build_vgg16": 15_262_026,
    "build_inception10": 121_418,
    "build_resnet18": 11_183_562,
}


@pytest.mark.parametrize(("builder", "params"), NETWORKS.items())
def test_networks_have_the_course_parameter_counts(builder, params):
    model = getattr(ref("ch5.networks"), builder)()
    assert model.count_params() == params  # Keras's count = the course's summary total
    assert model(np.zeros((1, 32, 32, 3), np.float32)).shape == (1, 10)


def test_blocks_shapes():
    blocks = ref("ch5.blocks")
    x = np.zeros((2, 7, 7, 3), np.float32)
    assert blocks.cbapd_block(6)(x).shape == (2, 4, 4, 6)
    assert blocks.inception_block(3, 5, 2)(x).shape == (2, 4, 4, 20)
    assert blocks.resnet_block(3, 8, 2, True)(x).shape == (2, 4, 4, 8)
    assert blocks.resnet_block(3, 3)(x).shape == (2, 7, 7, 3)
