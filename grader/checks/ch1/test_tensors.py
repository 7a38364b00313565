"""Checks of ch1/tensors.py: creating, casting, reducing, arithmetic, one-hot, argmax, where."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.i18n import N_, _
from grader.testing.api import exercise, expect, time_limit, unpack
from grader.testing.compare import as_array, expect_close
from grader.testing.strategies import float_arrays, shapes


def _exact(got, expected, *, what, inputs=None, hint=""):
    """Same shape, same dtype, same values (for integer and exact results)."""
    g = as_array(got, what=what, inputs=inputs)
    e = np.asarray(expected)
    expect(
        g.shape == e.shape,
        _("{what} has shape {shape}; expected {expected}").format(
            what=what, shape=g.shape, expected=e.shape
        ),
        inputs=inputs,
        expected=e,
        got=g,
        hint=hint,
    )
    expect(
        g.dtype == e.dtype,
        _("{what} has dtype {dtype}; expected {expected}").format(
            what=what, dtype=g.dtype, expected=e.dtype
        ),
        inputs=inputs,
        expected=e,
        got=g,
        hint=hint,
    )
    expect(
        bool(np.array_equal(g, e)),
        _("{what} holds the wrong values").format(what=what),
        inputs=inputs,
        expected=e,
        got=g,
        hint=hint,
    )
    return g


# values of any rank: a number, a list, a list of lists (rows of one length)
VALUES = st.one_of(
    st.integers(-1000, 1000),
    st.lists(st.integers(-1000, 1000), min_size=1, max_size=6),
    st.integers(1, 3).flatmap(
        lambda cols: st.lists(
            st.lists(st.integers(-1000, 1000), min_size=cols, max_size=cols),
            min_size=1,
            max_size=4,
        )
    ),
)


@exercise("ch1.constant")
@given(values=VALUES, dtype=st.sampled_from(["int32", "int64", "float32", "float64"]))
def test_constant(student, values, dtype):
    inputs = {"values": values, "dtype": dtype}
    _exact(
        student.constant(values, dtype),
        np.array(values, dtype=dtype),
        what="constant(values, dtype)",
        inputs=inputs,
        hint=_("pass the dtype on: tf.constant(values, dtype=dtype)"),
    )


@exercise("ch1.constant")
def test_constant_of_a_number_and_a_matrix(student):
    """The explicit examples of the free rank: a plain number and a list of lists."""
    for values, dtype in ((7, "int64"), ([[1, 2, 3], [4, 5, 6]], "float32")):
        _exact(
            student.constant(values, dtype),
            np.array(values, dtype=dtype),
            what=f"constant({values!r}, {dtype!r})",
            inputs={"values": values, "dtype": dtype},
            hint=_("tf.constant(values, dtype=dtype) keeps the shape of values, whatever its rank"),
        )


@pytest.mark.visibility("public")
@exercise("ch1.constant")
def test_constant_course_example(student):
    _exact(
        student.constant([1, 5], "int64"),
        np.array([1, 5], dtype=np.int64),
        what="constant([1, 5], 'int64')",
        hint=_("without dtype= TensorFlow makes int32; tf.constant(values, dtype=dtype)"),
    )


@pytest.mark.visibility("public")
@exercise("ch1.fill")
@given(
    shape=st.one_of(st.integers(1, 5), st.lists(st.integers(1, 4), min_size=1, max_size=3)),
    value=st.one_of(st.integers(-9, 9), st.floats(-9, 9, allow_nan=False, width=32)),
)
def test_zeros_ones_fill(student, shape, value):
    inputs = {"shape": shape, "value": value}
    dims = (shape,) if isinstance(shape, int) else tuple(shape)
    got = unpack(
        student.zeros_ones_fill(shape, value),
        3,
        what="zeros_ones_fill",
        names="zeros, ones, filled",
        inputs=inputs,
    )
    for label, item, fill in zip(("zeros", "ones", "filled"), got, (0, 1, value)):
        arr = as_array(item, what=label, inputs=inputs)
        expect(
            arr.shape == dims,
            _("{label} has shape {shape}; expected {dims}").format(
                label=label, shape=arr.shape, dims=dims
            ),
            inputs=inputs,
            hint=_("an int is the length of a 1-D tensor; a list gives the size of each axis"),
        )
        expect_close(arr, np.full(dims, fill, dtype=np.float64), inputs=inputs, what=label)
    for label, item in zip(("zeros", "ones"), got[:2]):
        arr = as_array(item, what=label, inputs=inputs)
        expect(
            arr.dtype == np.float32,
            _("{label} has dtype {dtype}; expected float32").format(label=label, dtype=arr.dtype),
            inputs=inputs,
            hint=_("tf.zeros and tf.ones make float32; np.zeros and np.ones make float64"),
        )
    filled = as_array(got[2], what="filled")
    want = "i" if isinstance(value, int) else "f"
    expect(
        filled.dtype.kind == want,
        _("filled has dtype {dtype}: tf.fill keeps the type of the value ({value})").format(
            dtype=filled.dtype, value=_("an integer") if want == "i" else _("a float")
        ),
        inputs=inputs,
        hint=_("tf.fill(shape, value), not tf.ones(shape) * value (always floats)"),
    )


# --- random tensors: shapes, dtypes and statistics, never exact values -----------------------

BIG = [200, 100]  # 20,000 draws: the mean is known to within ~0.01 standard deviations


def _draw(student, name, *args):
    inputs = dict(zip(("shape", "a", "b", "seed"), args))
    arr = as_array(getattr(student, name)(*args), what=f"{name}(...)", inputs=inputs)
    expect(
        arr.shape == tuple(args[0]),
        _("{name} returned shape {shape}; expected {expected}").format(
            name=name, shape=arr.shape, expected=tuple(args[0])
        ),
        inputs=inputs,
    )
    expect(
        arr.dtype.kind == "f",
        _("{name} returned dtype {dtype}; expected floats").format(name=name, dtype=arr.dtype),
    )
    return arr.astype(np.float64), inputs


def _reproducible(student, name, a, b):
    first, inputs = _draw(student, name, [3, 4], a, b, 7)
    again, _unused = _draw(student, name, [3, 4], a, b, 7)
    other, _unused = _draw(student, name, [3, 4], a, b, 8)
    expect(
        bool(np.array_equal(first, again)),
        _("{name}: the same seed gave two different tensors").format(name=name),
        inputs=inputs,
        hint=_(
            "an op seed alone does not repeat in eager mode: draw from"
            " tf.random.Generator.from_seed(seed) (or call tf.random.set_seed(seed) first)"
        ),
    )
    expect(
        not np.array_equal(first, other),
        _("{name}: seeds 7 and 8 gave the same tensor").format(name=name),
    )


RANDOM_ARGS = {"normal": (0.0, 1.0), "truncated_normal": (0.0, 1.0), "uniform": (0.0, 1.0)}


@pytest.mark.visibility("public")
@time_limit(90)
@exercise("ch1.random")
def test_random_any_shape(student):
    """The shape is free: one axis, a matrix, three axes; every maker gives floats (float32 as
    tf.random does, or float64 as NumPy's generators do)."""
    for name, (a, b) in RANDOM_ARGS.items():
        for shape in ([7], [2, 5], [2, 3, 4]):
            inputs = {"shape": shape, "seed": 1}
            arr = as_array(getattr(student, name)(shape, a, b, 1), what=name, inputs=inputs)
            expect(
                arr.shape == tuple(shape),
                _("{name} returned shape {shape}; expected {expected}").format(
                    name=name, shape=arr.shape, expected=tuple(shape)
                ),
                inputs=inputs,
                hint=_("pass the whole shape list on: it may have any number of axes"),
            )
            expect(
                arr.dtype.kind == "f",
                _("{name} returned dtype {dtype}; expected floats").format(
                    name=name, dtype=arr.dtype
                ),
                inputs=inputs,
            )


@time_limit(90)
@exercise("ch1.random")
def test_normal(student):
    for mean, std in ((0.5, 1.0), (-3.0, 0.2)):
        x, inputs = _draw(student, "normal", BIG, mean, std, 1)
        expect(
            abs(x.mean() - mean) < 0.05 * std and abs(x.std() - std) < 0.05 * std,
            _("normal: the draws do not have the asked mean and standard deviation"),
            inputs=inputs,
            expected=_("mean {mean}, std {std}").format(mean=mean, std=std),
            got=_("mean {mean:.4f}, std {std:.4f}").format(mean=x.mean(), std=x.std()),
        )
        outside = float(np.mean(np.abs(x - mean) > 2 * std))
        expect(
            0.03 < outside < 0.065,
            _(
                "normal: {outside:.2%} of the draws lie beyond 2 standard deviations; a normal"
                " distribution has about 4.6% there"
            ).format(outside=outside),
            inputs=inputs,
            hint=_("tf.random.normal, not truncated_normal"),
        )
    _reproducible(student, "normal", 0.5, 1.0)


@time_limit(90)
@exercise("ch1.random")
def test_truncated_normal(student):
    for mean, std in ((0.5, 1.0), (-3.0, 0.2)):
        x, inputs = _draw(student, "truncated_normal", BIG, mean, std, 1)
        expect(
            bool(np.all(np.abs(x - mean) <= 2 * std * (1 + 1e-6))),
            _("truncated_normal: a value lies beyond 2 standard deviations of the mean"),
            inputs=inputs,
            expected=_("every value in [{low}, {high}]").format(
                low=mean - 2 * std, high=mean + 2 * std
            ),
            got=_("from {min:.4f} to {max:.4f}").format(min=x.min(), max=x.max()),
            hint=_("tf.random.truncated_normal redraws anything outside (mean ± 2 std)"),
        )
        expect(
            abs(x.mean() - mean) < 0.05 * std and abs(x.std() - 0.8796 * std) < 0.05 * std,
            _("truncated_normal: the draws do not have the asked mean and spread"),
            inputs=inputs,
            expected=_("mean {mean}, std {std:.4f} (0.88 of the untruncated std)").format(
                mean=mean, std=0.8796 * std
            ),
            got=_("mean {mean:.4f}, std {std:.4f}").format(mean=x.mean(), std=x.std()),
        )
    _reproducible(student, "truncated_normal", 0.5, 1.0)


@time_limit(90)
@exercise("ch1.random")
def test_uniform(student):
    for low, high in ((0.0, 1.0), (-5.0, 3.0)):
        x, inputs = _draw(student, "uniform", BIG, low, high, 1)
        expect(
            bool(np.all((x >= low) & (x <= high))),
            _("uniform: a value lies outside [minval, maxval)"),
            inputs=inputs,
            got=_("from {min:.4f} to {max:.4f}").format(min=x.min(), max=x.max()),
        )
        width = high - low
        expect(
            abs(x.mean() - (low + high) / 2) < 0.02 * width
            and abs(x.std() - width / np.sqrt(12)) < 0.02 * width,
            _("uniform: the draws are not spread evenly over [minval, maxval)"),
            inputs=inputs,
            expected=_("mean {mean}, std {std:.4f}").format(
                mean=(low + high) / 2, std=width / np.sqrt(12)
            ),
            got=_("mean {mean:.4f}, std {std:.4f}").format(mean=x.mean(), std=x.std()),
        )
    _reproducible(student, "uniform", 0.0, 1.0)


@pytest.mark.visibility("public")
@exercise("ch1.cast")
def test_cast_course_and_negative_examples(student):
    _exact(
        student.cast(np.array([1.0, 2.0, 3.0]), "int32"),
        np.array([1, 2, 3], np.int32),
        what="cast([1., 2., 3.], 'int32')",
    )
    _exact(
        student.cast(np.array([-1.7, 2.9, -0.5, 0.5]), "int64"),
        np.array([-1, 2, 0, 0], np.int64),
        what="cast([-1.7, 2.9, -0.5, 0.5], 'int64')",
        hint=_("a cast drops the fraction (towards zero); it does not round"),
    )


@exercise("ch1.cast")
@given(
    x=float_arrays(low=-1000, high=1000),
    dtype=st.sampled_from(["int32", "int64", "float32", "float64"]),
)
def test_cast(student, x, dtype):
    _exact(student.cast(x, dtype), x.astype(dtype), what=f"cast(x, {dtype!r})", inputs={"x": x})


@time_limit(90)
@exercise("ch1.reduce")
@given(data=st.data())
def test_reduce_stats(student, reference, data):
    x = data.draw(float_arrays(shape=shapes(min_dims=2, max_dims=3), low=-100, high=100))
    axis = data.draw(st.sampled_from([None, *range(x.ndim), -1]))
    inputs = {"x": x, "axis": axis}
    got = unpack(
        student.reduce_stats(x, axis),
        4,
        what="reduce_stats",
        names=_("minimum, maximum, mean, sum"),
        inputs=inputs,
    )
    expected = reference.reduce_stats(x, axis)
    labels = (N_("the minimum"), N_("the maximum"), N_("the mean"), N_("the sum"))
    for label, g, e in zip(labels, got, expected):
        expect_close(
            g,
            e,
            inputs=inputs,
            what=label,
            input_arrays=(x,),
            hint=_("reduce along the given axis (None: over everything)"),
        )


@pytest.mark.visibility("public")
@exercise("ch1.reduce")
def test_reduce_course_example(student):
    x = np.array([[1.0, 2.0, 3.0], [2.0, 2.0, 3.0]])
    for axis, sums in ((1, [6.0, 7.0]), (0, [3.0, 4.0, 6.0]), (None, 13.0)):
        got = unpack(
            student.reduce_stats(x, axis), 4, what="reduce_stats", names=_("min, max, mean, sum")
        )
        expect_close(
            got[3],
            np.array(sums),
            inputs={"x": x, "axis": axis},
            what=N_("the sum"),
            hint=_("axis=1 sums each row, axis=0 each column"),
        )


@st.composite
def same_shape_pair(draw):
    shape = draw(shapes(max_dims=2))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    a = draw(float_arrays(shape=shape, dtype=dtype))
    b = draw(float_arrays(shape=shape, dtype=dtype, min_magnitude=0.5))
    return a, b


@exercise("ch1.arithmetic")
@given(ab=same_shape_pair())
def test_arithmetic(student, ab):
    a, b = ab
    inputs = {"a": a, "b": b}
    got = unpack(
        student.arithmetic(a, b),
        4,
        what="arithmetic",
        names=_("sum, difference, product, quotient"),
        inputs=inputs,
    )
    for label, g, e in zip(("a + b", "a - b", "a * b", "a / b"), got, (a + b, a - b, a * b, a / b)):
        expect_close(g, e, inputs=inputs, what=label, input_arrays=(a, b))


@exercise("ch1.arithmetic")
@given(data=st.data())
def test_matmul(student, data):
    n, k, m = (data.draw(st.integers(1, 5)) for _ in range(3))
    dtype = data.draw(st.sampled_from([np.float32, np.float64]))
    a = data.draw(float_arrays(shape=(n, k), dtype=dtype, low=-5, high=5))
    b = data.draw(float_arrays(shape=(k, m), dtype=dtype, low=-5, high=5))
    expect_close(
        student.matmul(a, b),
        a @ b,
        inputs={"a": a, "b": b},
        what="matmul(a, b)",
        hint=_("tf.matmul: rows of a times columns of b, shape (n, m)"),
    )


@pytest.mark.visibility("public")
@exercise("ch1.arithmetic")
def test_matmul_course_example(student):
    a, b = np.ones((3, 2), np.float32), np.full((2, 3), 3.0, np.float32)
    expect_close(
        student.matmul(a, b),
        np.full((3, 3), 6.0),
        inputs={"a": a, "b": b},
        what="matmul(ones(3, 2), fill([2, 3], 3.))",
    )


@pytest.mark.visibility("public")
@exercise("ch1.one_hot_argmax")
def test_one_hot_course_and_missing_class(student):
    for labels, depth in (([1, 0, 2], 3), ([1, 0, 1], 3), ([0, 0], 4)):
        got = as_array(student.one_hot(np.array(labels), depth), what="one_hot")
        expect_close(
            got,
            np.eye(depth)[labels],
            inputs={"labels": labels, "depth": depth},
            what="one_hot(labels, depth)",
            hint=_("depth is the number of classes, not the largest label + 1"),
        )


@exercise("ch1.one_hot_argmax")
@given(
    labels=hnp.arrays(
        np.int64, shapes(min_dims=0, max_dims=2, max_side=8), elements=st.integers(0, 5)
    ),
    depth=st.integers(6, 9),
)
def test_one_hot(student, labels, depth):
    """Labels of any shape: a single label, a batch (n,), a batch of sequences (n, steps)."""
    inputs = {"labels": labels, "depth": depth}
    got = as_array(student.one_hot(labels, depth), what="one_hot(labels, depth)", inputs=inputs)
    expect_close(
        got,
        np.eye(depth)[labels],
        inputs=inputs,
        what="one_hot(labels, depth)",
        hint=_("the result has shape labels.shape + (depth,): tf.one_hot(labels, depth=depth)"),
    )
    expect(
        got.dtype == np.float32,
        _("one_hot returned dtype {dtype}; expected float32").format(dtype=got.dtype),
        inputs=inputs,
        hint=_("tf.one_hot gives float32; np.eye gives float64"),
    )


@exercise("ch1.one_hot_argmax")
def test_one_hot_of_one_label_and_of_sequences(student):
    """The explicit examples of the free shape: one label, and a (2, 3) batch of sequences."""
    for labels, depth in ((np.int64(2), 4), (np.array([[0, 1, 2], [2, 2, 0]]), 3)):
        inputs = {"labels": labels, "depth": depth}
        expect_close(
            student.one_hot(labels, depth),
            np.eye(depth)[labels],
            inputs=inputs,
            what="one_hot(labels, depth)",
            hint=_("the result has shape labels.shape + (depth,): tf.one_hot(labels, depth=depth)"),
        )


@pytest.mark.visibility("public")
@exercise("ch1.one_hot_argmax")
def test_argmax_course_example(student):
    test = np.array([[1, 2, 3], [2, 3, 4], [5, 4, 3], [8, 7, 2]])
    for axis, want in ((0, [3, 3, 1]), (1, [2, 2, 0, 0])):
        got = as_array(student.argmax(test, axis), what=f"argmax(test, axis={axis})")
        expect(
            got.shape == (len(want),) and bool(np.array_equal(got, want)),
            _("argmax(test, axis={axis}) is wrong").format(axis=axis),
            inputs={"test": test, "axis": axis},
            expected=np.array(want),
            got=got,
            hint=_(
                "axis=0: the row of the largest value in each column; axis=1: the column in"
                " each row"
            ),
        )


@exercise("ch1.one_hot_argmax")
@given(x=float_arrays(shape=shapes(min_dims=2, max_dims=3)), data=st.data())
def test_argmax(student, x, data):
    x = x + np.arange(x.size).reshape(x.shape) * 1e-3  # no ties
    axis = data.draw(st.integers(0, x.ndim - 1))
    got = as_array(student.argmax(x, axis), what="argmax(x, axis)")
    expect(
        got.shape == np.argmax(x, axis).shape and bool(np.array_equal(got, np.argmax(x, axis))),
        _("argmax(x, axis) is wrong"),
        inputs={"x": x, "axis": axis},
        expected=np.argmax(x, axis),
        got=got,
    )


@pytest.mark.visibility("public")
@exercise("ch1.where")
def test_where_course_example(student):
    a, b = np.array([1, 2, 3, 1, 1]), np.array([0, 1, 3, 4, 5])
    got = as_array(student.where_greater(a, b), what="where_greater(a, b)")
    expect(
        bool(np.array_equal(got, [1, 2, 3, 4, 5])),
        _("where_greater(a, b) is wrong"),
        inputs={"a": a, "b": b},
        expected=np.array([1, 2, 3, 4, 5]),
        got=got,
        hint=_("tf.where(condition, a, b) takes from a where the condition holds, else from b"),
    )


@exercise("ch1.where")
@given(ab=same_shape_pair())
def test_where_greater(student, ab):
    a, b = ab
    expect_close(
        student.where_greater(a, b),
        np.where(a > b, a, b),
        inputs={"a": a, "b": b},
        what="where_greater(a, b)",
    )
