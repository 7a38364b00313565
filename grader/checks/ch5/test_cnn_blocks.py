"""Checks of ch5/blocks.py, through grader.testing.models only: each block proven to compute
what the reference's block computes with the same (chosen) weights, on probe batches of more
than one shape, and behaviour with chosen weights."""

import numpy as np
import pytest

from grader.checks.ch5.arch import expect_same_layers, tokens
from grader.i18n import N_, _
from grader.testing.api import exercise, expect, time_limit
from grader.testing.compare import expect_close
from grader.testing.models import call, describe, get_weights, seed, set_weights
from grader.testing.oracle import random_array, tf_conv2d
from grader.testing.proof import prove_model


def _prove_block(student, reference, builder, args, probe, *, ordered, hint, inputs):
    """The student's block computes what the reference's block, built by the same call,
    computes with the same weights (weights the checker chose, on both). Its description
    (layers, shape, size) only explains a failure."""
    seed(student, 0)
    block, spec = getattr(student, builder)(*args), getattr(reference, builder)(*args)

    def explain():
        got, expected = describe(block, probe), describe(reference_copy(), probe)
        _expect_shape_and_size(got, expected, what=f"{builder}{args}", inputs=inputs, hint=hint)
        expect_same_layers(tokens(got), tokens(expected), what=builder, ordered=ordered)

    def reference_copy():
        return getattr(reference, builder)(*args)

    return prove_model(block, spec, probe, what=f"{builder}{args}", hint=hint, explain=explain)


def _expect_shape_and_size(got, expected, *, what, inputs, hint):
    expect(
        got.get("output_shape") == expected["output_shape"],
        _("{what} gives the wrong output shape").format(what=what),
        inputs=inputs,
        expected=expected["output_shape"],
        got=got.get("output_shape"),
        hint=hint,
    )
    expect(
        got.get("params") == expected["params"],
        _("{what} has the wrong number of parameters").format(what=what),
        inputs=inputs,
        expected=expected["params"],
        got=got.get("params"),
        hint=_("compare every layer with the course: filters, kernel size, use_bias"),
    )


@exercise("ch5.cbapd")
@time_limit(60)
def test_cbapd_block_layers_and_shape(student, reference):
    for args, probe_shape in (((6,), (2, 32, 32, 3)), ((4, 3, 0.3), (3, 7, 9, 2))):
        probe = random_array(1, probe_shape, np.float32)
        inputs = {"args": args, _("input shape"): probe_shape}
        _prove_block(student, reference, "cbapd_block", args, probe, ordered=True, inputs=inputs,
                     hint=_("conv 'same', then 2x2 max pooling with stride 2, 'same'"))  # fmt: skip


@exercise("ch5.cbapd")
@time_limit(60)
def test_cbapd_block_computes_like_the_course(student, reference):
    """With the same (random) weights, inference outputs agree with the reference block."""
    x = random_array(2, (2, 9, 9, 3), np.float32)
    seed(student, 0)
    block, ref = student.cbapd_block(5, 3, 0.5), reference.cbapd_block(5, 3, 0.5)
    describe(block, x[:1]), describe(ref, x[:1])
    rng = np.random.default_rng(3)
    weights = [
        rng.normal(size=np.shape(w)) if np.ndim(w) > 1 else rng.uniform(0.5, 1.5, np.shape(w))
        for w in get_weights(ref)
    ]
    expect(
        [np.shape(w) for w in get_weights(block)] == [w.shape for w in weights],
        _("cbapd_block's weights are not those of Conv2D then BatchNormalization"),
        expected=[w.shape for w in weights],
        got=[np.shape(w) for w in get_weights(block)],
    )
    set_weights(block, weights), set_weights(ref, weights)
    expect_close(
        call(block, x, training=False),
        call(ref, x, training=False),
        inputs={"x": x, "filters": 5, "kernel_size": 3},
        what=N_("cbapd_block(x) in inference mode"),
        hint=_("Conv -> BatchNorm -> ReLU -> MaxPool -> Dropout, in that order"),
    )


@exercise("ch5.inception_block")
@time_limit(60)
def test_conv_bn_relu(student, reference):
    for args, shape in (((4, 3, 2), (2, 7, 7, 3)), ((3, 1, 1), (3, 5, 6, 2))):
        probe = random_array(4, shape, np.float32)
        _prove_block(student, reference, "conv_bn_relu", args, probe, ordered=True,
                     inputs={_("input shape"): shape}, hint=_("padding 'same'"))  # fmt: skip


@exercise("ch5.inception_block")
@time_limit(90)
def test_inception_block_concatenates_channels(student, reference):
    for args, probe_shape in (((5, 3, 1), (2, 8, 8, 5)), ((5, 4, 2), (2, 7, 7, 5))):
        probe = random_array(5, probe_shape, np.float32)
        inputs = {"in_channels, ch, strides": args, _("input shape"): probe_shape}
        _prove_block(student, reference, "inception_block", args, probe, ordered=False,
                     inputs=inputs, hint=_("the four branches are stacked on the channel axis"
                     " (-1): 4 * ch channels, the height and width of one branch"))  # fmt: skip


def _residual_zeroed(block, x):
    """Zero the 3x3 kernels (the residual branch F); keep the 1x1 projection. Returns the
    block's output and the projection kernel (None for an identity shortcut)."""
    weights = get_weights(block)
    projection = [w for w in weights if np.ndim(w) == 4 and np.shape(w)[:2] == (1, 1)]
    zeroed = [np.zeros_like(w) if np.ndim(w) == 4 and np.shape(w)[:2] == (3, 3) else w
              for w in weights]  # fmt: skip
    set_weights(block, zeroed)
    return np.asarray(call(block, x, training=False), np.float64), (projection or [None])[0]


RESNET_CASES = [  # (in_channels, filters, strides, residual_path), input shape
    ((4, 4, 1, False), (2, 6, 6, 4)),
    ((3, 6, 2, True), (2, 6, 6, 3)),
    ((4, 4, 2, True), (2, 7, 7, 4)),  # stride 2, same depth: still a projection
    ((4, 4, 1, True), (3, 5, 6, 4)),  # stride 1, same depth: residual_path still projects
]


@exercise("ch5.resnet_block")
@time_limit(90)
def test_resnet_block_shapes(student, reference):
    for args, probe_shape in RESNET_CASES:
        probe = random_array(6, probe_shape, np.float32)
        inputs = {
            "in_channels, filters, strides, residual_path": args,
            _("input shape"): probe_shape,
        }
        _prove_block(student, reference, "resnet_block", args, probe, ordered=False,
                     inputs=inputs, hint=_("with residual_path the shortcut is a 1x1 conv with"
                     " the block's stride (no bias) and batch norm"))  # fmt: skip


@pytest.mark.visibility("public")
@exercise("ch5.resnet_block")
@time_limit(90)
def test_resnet_block_without_residual_is_relu_of_shortcut(student):
    for args, probe_shape in RESNET_CASES:
        x = random_array(7, probe_shape, np.float32)
        seed(student, 0)
        block = student.resnet_block(*args)
        describe(block, x[:1])
        got, projection = _residual_zeroed(block, x)
        strides, residual_path = args[2], args[3]
        shortcut = np.asarray(x, np.float64)
        if residual_path:
            expect(
                projection is not None,
                _("resnet_block has no 1x1 projection kernel"),
                inputs={"args": args},
                hint=_("residual_path: Conv2D(filters, 1, strides)"),
            )
            # batch norm at its initial state in inference mode: x / sqrt(1 + epsilon)
            shortcut = tf_conv2d(x, projection, None, strides, "same") / np.sqrt(1 + 1e-3)
        expected = np.maximum(shortcut, 0)
        hint = _("with F(x) = 0 the block must give relu(shortcut)")
        if np.shape(got) == shortcut.shape and np.allclose(got, shortcut, atol=1e-4):
            hint = _("the ReLU comes after the sum: relu(F(x) + shortcut), not relu(F(x)) + x")
        expect_close(
            got,
            expected,
            inputs={"in_channels, filters, strides, residual_path": args, "x": x},
            what=N_("resnet_block with its 3x3 kernels set to zero"),
            hint=hint,
            rtol=1e-4,
            atol=1e-4,
        )
