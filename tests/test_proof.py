"""grader.testing.proof both ways, in-process (fast): correct models written differently from
the reference pass (class 4 of issue 15: what is compared is what the docstring specifies,
computed on concrete inputs, never object counts or layer order of creation), and each way a
model can break its specification fails, naming what differs."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from grader.loader import import_module
from grader.paths import SOLUTIONS_DIR
from grader.testing.api import CheckFailure
from grader.testing.proof import prove_model

layers = keras.layers
BLOCKS = import_module(SOLUTIONS_DIR, "_ck_proof_blocks", "ch5.blocks")
NETWORKS = import_module(SOLUTIONS_DIR, "_ck_proof_networks", "ch5.networks")
IRIS = import_module(SOLUTIONS_DIR, "_ck_proof_iris", "ch3.iris")
X = np.random.default_rng(0).normal(size=(3, 8, 8, 4)).astype(np.float32)
IMAGES = np.random.default_rng(1).uniform(-1, 1, size=(3, 32, 32, 3)).astype(np.float32)


def _resnet_one_relu(in_channels, filters, strides=1, residual_path=False):
    """The basic block with ONE ReLU object used twice and the shortcut created first."""
    relu = layers.ReLU()
    inputs = keras.Input((None, None, in_channels))
    shortcut = inputs
    if residual_path:
        shortcut = layers.BatchNormalization()(
            layers.Conv2D(filters, 1, strides=strides, use_bias=False)(inputs)
        )
    x = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)(inputs)
    x = relu(layers.BatchNormalization()(x))
    x = layers.BatchNormalization()(layers.Conv2D(filters, 3, padding="same", use_bias=False)(x))
    return keras.Model(inputs, relu(layers.Add()([x, shortcut])))


class _ResnetSubclass(keras.Model):
    """The course's way: a subclass, the shortcut's layers declared before the main path's."""

    def __init__(self, filters, strides=1, residual_path=False):
        super().__init__()
        self.residual_path = residual_path
        if residual_path:
            self.down_c = layers.Conv2D(filters, 1, strides=strides, use_bias=False)
            self.down_b = layers.BatchNormalization()
        self.c1 = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)
        self.b1 = layers.BatchNormalization()
        self.c2 = layers.Conv2D(filters, 3, padding="same", use_bias=False)
        self.b2 = layers.BatchNormalization()

    def call(self, x, training=False):
        y = keras.ops.relu(self.b1(self.c1(x), training=training))
        y = self.b2(self.c2(y), training=training)
        shortcut = self.down_b(self.down_c(x), training=training) if self.residual_path else x
        return keras.ops.relu(y + shortcut)


@pytest.mark.parametrize("args", [(4, 4, 1, False), (4, 6, 2, True), (4, 4, 1, True)])
@pytest.mark.parametrize("style", ["one relu, shortcut first", "subclass"])
def test_correct_blocks_written_differently_pass(args, style):
    student = _resnet_one_relu(*args) if style.startswith("one") else _ResnetSubclass(*args[1:])
    proof = prove_model(student, BLOCKS.resnet_block(*args), X, what="resnet_block")
    assert proof.params == BLOCKS.resnet_block(*args).count_params()


def test_a_block_that_ignores_residual_path_at_stride_one_fails():
    """The issue's class 3 example: residual_path=True with equal channels at stride 1."""
    with pytest.raises(CheckFailure, match="weights do not fit"):
        prove_model(_resnet_one_relu(4, 4, 1, False), BLOCKS.resnet_block(4, 4, 1, True), X,
                    what="resnet_block(4, 4, 1, True)")  # fmt: skip


def _lenet5(pool=layers.MaxPool2D, extra=()):
    model = keras.Sequential(
        [keras.Input((32, 32, 3)), layers.Conv2D(6, 5, activation="sigmoid"), pool(2, strides=2),
         layers.Conv2D(16, 5, activation="sigmoid"), layers.MaxPool2D(2, strides=2),
         layers.Flatten(), layers.Dense(120, activation="sigmoid"),
         layers.Dense(84, activation="sigmoid"), layers.Dense(10, activation="softmax"), *extra]
    )  # fmt: skip
    return model


def test_lenet5_functional_with_separate_activations_passes():
    inputs = keras.Input((32, 32, 3))
    x = layers.Activation("sigmoid")(layers.Conv2D(6, 5)(inputs))
    x = layers.MaxPool2D(2, strides=2)(x)
    x = layers.MaxPool2D(2, strides=2)(layers.Activation("sigmoid")(layers.Conv2D(16, 5)(x)))
    x = layers.Dense(120, activation="sigmoid")(layers.Flatten()(x))
    x = layers.Softmax()(layers.Dense(10)(layers.Dense(84, activation="sigmoid")(x)))
    prove_model(keras.Model(inputs, x), NETWORKS.build_lenet5(), IMAGES, what="build_lenet5()")


@pytest.mark.parametrize(
    ("student", "message"),
    [
        (lambda: _lenet5(extra=(layers.Softmax(),)), "softmax twice"),
        (lambda: _lenet5(pool=layers.AveragePooling2D), r"at its layer 2 \(MaxPooling2D\)"),
        (lambda: keras.Sequential([keras.Input((32, 32, 3)), layers.Flatten(),
                                   layers.Dense(10, activation="softmax")]), "do not fit"),
    ],
    ids=["softmax twice", "average pooling", "another network"],
)  # fmt: skip
def test_networks_that_break_the_spec_fail_saying_how(student, message):
    with pytest.raises(CheckFailure, match=message):
        prove_model(student(), NETWORKS.build_lenet5(), IMAGES, what="build_lenet5()")


def test_batch_norm_frozen_in_inference_fails_in_training_mode():
    class Frozen(keras.Model):
        def __init__(self):
            super().__init__()
            self.inner = BLOCKS.conv_bn_relu(3, 3, 1)

        def call(self, x, training=False):
            return self.inner(x, training=False)

    with pytest.raises(CheckFailure, match="in training mode"):
        prove_model(Frozen(), BLOCKS.conv_bn_relu(3, 3, 1), X, what="conv_bn_relu(3, 3, 1)")


def test_a_missing_kernel_penalty_fails():
    bare = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="softmax")])
    x = np.random.default_rng(2).normal(size=(5, 4)).astype(np.float32)
    with pytest.raises(CheckFailure, match="regularisation loss"):
        prove_model(bare, IRIS.build_iris_sequential(), x, what="build_iris_sequential()")
    prove_model(IRIS.build_iris_subclass(), IRIS.build_iris_sequential(), x, what="subclass")


def test_logits_accepted_only_where_the_exercise_allows_them():
    logits = _lenet5()
    logits.layers[-1].activation = keras.activations.linear
    proof = prove_model(logits, NETWORKS.build_lenet5(), IMAGES, what="m", allow_logits=True)
    assert proof.variant == "logits"
    with pytest.raises(CheckFailure, match="raw scores"):
        prove_model(_as_logits(), NETWORKS.build_lenet5(), IMAGES, what="m")


def _as_logits():
    model = _lenet5()
    model.layers[-1].activation = keras.activations.linear
    return model


def _cbapd(filters, kernel, rate):
    return keras.Sequential(
        [layers.Conv2D(filters, kernel, padding="same"), layers.BatchNormalization(),
         layers.Activation("relu"), layers.MaxPool2D(2, strides=2, padding="same"),
         layers.Dropout(rate)]
    )  # fmt: skip


@pytest.mark.parametrize(("rate", "passes"), [(0.3, True), (0.0, False), (0.6, False)])
def test_dropout_rates_are_proven_by_the_spread_of_training_outputs(rate, passes):
    """Dropout is invisible in inference mode: its rate shows in training mode's spread."""
    spec = BLOCKS.cbapd_block(5, 3, 0.3)
    if passes:
        prove_model(_cbapd(5, 3, rate), spec, X, what="cbapd_block(5, 3, 0.3)")
        return
    with pytest.raises(CheckFailure, match="not as random while training"):
        prove_model(_cbapd(5, 3, rate), spec, X, what="cbapd_block(5, 3, 0.3)")
