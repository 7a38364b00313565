"""Checks of ch5/shapes.py: output sizes, parameters, multiply-adds, receptive fields and the
course's two-3x3-versus-one-5x5 comparison. Every answer is an exact integer."""

import math

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from grader.i18n import N_, _
from grader.testing.api import exercise, expect


def _exact(got, expected, *, what, inputs, hint=""):
    what = _(what)
    expect(
        isinstance(got, int | np.integer) and not isinstance(got, bool) and int(got) == expected,
        _("{what} is wrong (an exact integer is expected)").format(what=what),
        inputs=inputs,
        expected=expected,
        got=got,
        hint=hint,
    )


def _size_hint(n, k, stride, padding):
    if padding.lower() == "same" and n % stride:
        return _("'same' rounds up: ceil({n}/{stride}) = {up}, not {down}").format(
            n=n, stride=stride, up=math.ceil(n / stride), down=n // stride
        )
    if padding.lower() == "same":
        return _("with zero padding the kernel size does not matter: ceil(n / stride)")
    if k > n:
        return _("a 'valid' kernel larger than the input fits nowhere: 0 output pixels")
    return _("'valid': ceil((n - k + 1) / stride), rounded up")


SIZE_EXAMPLES = [  # (n, k, stride, padding, expected): the boundaries of both formulas
    (5, 3, 1, "same", 5),  # the course's 5x5 with zero padding stays 5x5
    (5, 3, 2, "same", 3),  # 2.5 rounds up
    (5, 3, 2, "valid", 2),  # (5-3+1)/2 = 1.5 rounds up
    (6, 3, 2, "valid", 2),  # exactly 2
    (32, 5, 1, "valid", 28),  # LeNet's first layer
    (7, 7, 3, "valid", 1),  # a kernel as large as the input
    (4, 5, 1, "same", 4),  # a kernel larger than the input, padded
    (5, 3, 2, "SAME", 3),  # the padding name in capitals
    (3, 5, 1, "valid", 0),  # a kernel larger than the input leaves no output
]


@pytest.mark.visibility("public")
@exercise("ch5.conv_output_size")
def test_conv_output_size_course_examples(student):
    for n, k, stride, padding, expected in SIZE_EXAMPLES:
        _exact(
            student.conv_output_size(n, k, stride, padding),
            expected,
            what="conv_output_size",
            inputs={"n": n, "k": k, "stride": stride, "padding": padding},
            hint=_size_hint(n, k, stride, padding),
        )


@exercise("ch5.conv_output_size")
@given(
    n=st.integers(1, 64),
    k=st.integers(1, 7),
    stride=st.integers(1, 4),
    padding=st.sampled_from(["same", "valid"]),
)
def test_conv_output_size_matches_reference(student, reference, n, k, stride, padding):
    k = min(k, n) if padding == "valid" else k
    _exact(
        student.conv_output_size(n, k, stride, padding),
        reference.conv_output_size(n, k, stride, padding),
        what="conv_output_size",
        inputs={"n": n, "k": k, "stride": stride, "padding": padding},
        hint=_size_hint(n, k, stride, padding),
    )


@pytest.mark.visibility("public")
@exercise("ch5.pool_output_size")
def test_pool_output_size_examples(student):
    cases = [  # (args, expected)
        ((32, 2, 2, "valid"), 16),
        ((5, 2, None, "valid"), 2),  # the stride defaults to the pool size
        ((5, 2, None, "same"), 3),
        ((30, 3, 2, "valid"), 14),  # AlexNet's first pooling
        ((1, 2, 2, "same"), 1),  # VGG16's last pooling
    ]
    for args, expected in cases:
        _exact(
            student.pool_output_size(*args),
            expected,
            what="pool_output_size",
            inputs=dict(zip(("n", "pool_size", "stride", "padding"), args)),
            hint=_("the conv formulas with k = pool_size; stride None means stride = pool_size"),
        )
    _exact(
        student.pool_output_size(7, 3),
        2,
        what=N_("pool_output_size with the default stride and padding"),
        inputs={"n": 7, "pool_size": 3},
        hint=_("defaults: stride = pool_size, padding 'valid'"),
    )


@exercise("ch5.pool_output_size")
@given(
    n=st.integers(1, 64),
    pool=st.integers(1, 4),
    stride=st.one_of(st.none(), st.integers(1, 4)),
    padding=st.sampled_from(["same", "valid"]),
)
def test_pool_output_size_matches_reference(student, reference, n, pool, stride, padding):
    pool = min(pool, n)
    _exact(
        student.pool_output_size(n, pool, stride, padding),
        reference.pool_output_size(n, pool, stride, padding),
        what="pool_output_size",
        inputs={"n": n, "pool_size": pool, "stride": stride, "padding": padding},
    )


@exercise("ch5.conv_params")
@given(
    k=st.integers(1, 7),
    cin=st.integers(1, 512),
    filters=st.integers(1, 512),
    use_bias=st.booleans(),
)
@example(k=5, cin=3, filters=6, use_bias=True)  # the course's first summary line: 456
@example(k=3, cin=3, filters=64, use_bias=False)  # ResNet18's first convolution: 1728
@example(k=1, cin=1, filters=1, use_bias=True)
def test_conv_param_count(student, reference, k, cin, filters, use_bias):
    expected = reference.conv_param_count(k, cin, filters, use_bias)
    got = student.conv_param_count(k, cin, filters, use_bias)
    hint = (
        _("each filter also has one bias: + filters")
        if use_bias
        else _("use_bias=False: weights only, k*k*in_channels*filters")
    )
    _exact(
        got,
        expected,
        what="conv_param_count",
        inputs={"k": k, "in_channels": cin, "filters": filters, "use_bias": use_bias},
        hint=hint,
    )
    if use_bias:  # the default is with bias
        _exact(
            student.conv_param_count(k, cin, filters),
            expected,
            what=N_("conv_param_count with the default use_bias"),
            inputs={"k": k, "in_channels": cin, "filters": filters},
            hint=_("use_bias defaults to True"),
        )


@exercise("ch5.conv_mult_adds")
@given(
    n=st.integers(1, 40),
    k=st.integers(1, 5),
    cin=st.integers(1, 16),
    filters=st.integers(1, 16),
    stride=st.integers(1, 3),
    padding=st.sampled_from(["same", "valid"]),
)
@example(n=5, k=3, cin=1, filters=1, stride=1, padding="valid")  # 81
@example(n=32, k=5, cin=3, filters=6, stride=1, padding="same")
@example(n=7, k=3, cin=2, filters=3, stride=2, padding="same")  # 'same' rounds up
def test_conv_mult_adds(student, reference, n, k, cin, filters, stride, padding):
    k = min(k, n)
    args = {"n": n, "k": k, "in_channels": cin, "filters": filters, "stride": stride}
    _exact(
        student.conv_mult_adds(*args.values(), padding),
        reference.conv_mult_adds(*args.values(), padding),
        what="conv_mult_adds",
        inputs={**args, "padding": padding},
        hint=_("out*out output pixels per filter, each k*k*in_channels multiply-adds"),
    )


@pytest.mark.visibility("public")
@exercise("ch5.conv_mult_adds")
def test_conv_mult_adds_default_padding_is_valid(student):
    _exact(
        student.conv_mult_adds(5, 3, 1, 1),
        81,
        what=N_("conv_mult_adds(5, 3, 1, 1) with the defaults (stride 1, 'valid')"),
        inputs={"n": 5, "k": 3, "in_channels": 1, "filters": 1},
        hint=_("3x3 output pixels, 9 multiply-adds each"),
    )


@pytest.mark.visibility("public")
@exercise("ch5.receptive_field")
def test_receptive_field_course_examples(student):
    cases = [([3], None, 3), ([3, 3], None, 5), ([5], None, 5), ([], None, 1)]
    cases += [([3, 3], [2, 1], 7), ([2, 3], [2, 1], 6), ([3, 3, 3], [1, 2, 2], 9)]
    for kernels, strides, expected in cases:
        args = (kernels,) if strides is None else (kernels, strides)
        _exact(
            student.receptive_field(*args),
            expected,
            what="receptive_field",
            inputs={"kernel_sizes": kernels, "strides": strides},
            hint=_(
                "each layer adds (k - 1) times the product of the strides of the layers before"
                " it (not its own stride)"
            ),
        )


@exercise("ch5.receptive_field")
@given(layers=st.lists(st.tuples(st.integers(1, 7), st.integers(1, 3)), min_size=1, max_size=6))
def test_receptive_field_matches_reference(student, reference, layers):
    kernels, strides = [k for k, _ in layers], [s for _, s in layers]
    _exact(
        student.receptive_field(kernels, strides),
        reference.receptive_field(kernels, strides),
        what="receptive_field",
        inputs={"kernel_sizes": kernels, "strides": strides},
        hint=_("rf = 1 + sum_i (k_i - 1) * s_1 * ... * s_(i-1)"),
    )


@exercise("ch5.stacked_3x3")
@given(x=st.integers(5, 300))
@example(x=10)  # equal cost: 900
@example(x=11)
def test_two_3x3_against_one_5x5(student, reference, x):
    for n, layers in ((3, 2), (5, 1)):
        got = student.stacked_conv_cost(x, n, layers)
        expected = reference.stacked_conv_cost(x, n, layers)
        inputs = {"x": x, "n": n, "layers": layers}
        expect(
            isinstance(got, tuple | list) and len(got) == 2,
            _("stacked_conv_cost must return (parameters, multiply-adds)"),
            inputs=inputs,
            got=got,
        )
        _exact(got[0], expected[0], what=N_("the parameter count"), inputs=inputs,
               hint=_("n*n weights per layer, no bias"))  # fmt: skip
        _exact(got[1], expected[1], what=N_("the multiply-adds"), inputs=inputs,
               hint=_("layer i outputs (x - i(n-1))^2 pixels, n^2 multiply-adds each"))  # fmt: skip
    wins = student.prefer_two_3x3(x)
    expect(
        isinstance(wins, bool | np.bool_) and bool(wins) == (x > 10),
        _("prefer_two_3x3 gives the wrong verdict"),
        inputs={"x": x},
        expected=x > 10,
        got=wins,
        hint=_("two 3x3 win only when strictly cheaper; at x = 10 both cost 900"),
    )


@exercise("ch5.stacked_3x3")
@given(extra=st.integers(1, 200), n=st.integers(1, 7), layers=st.integers(1, 4))
def test_stacked_conv_cost_general(student, reference, extra, n, layers):
    x = layers * (n - 1) + extra  # every layer keeps at least one output pixel
    inputs = {"x": x, "n": n, "layers": layers}
    got, expected = (
        student.stacked_conv_cost(x, n, layers),
        reference.stacked_conv_cost(x, n, layers),
    )
    expect(
        isinstance(got, tuple | list) and [int(v) for v in got] == list(expected),
        _("stacked_conv_cost is wrong"),
        inputs=inputs,
        expected=expected,
        got=got,
        hint=_("n^2 (x-(n-1))^2 + n^2 (x-2(n-1))^2 + ... : one term per layer"),
    )
