"""Checks of ch2/losses.py: known values from the course, properties, stability, reference."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from grader.checks.api import as_array, exercise, expect, expect_close, same_as_reference
from grader.checks.strategies import (
    float_arrays,
    logits,
    one_hot_for,
    probability_rows,
    shapes,
    sparse_labels_for,
)

ROWS = st.sampled_from([(3,), (1, 3), (4, 2), (2, 5)])


@st.composite
def pairs(draw, low=-10.0, high=10.0):
    shape = draw(shapes(max_dims=2))
    return draw(float_arrays(shape=shape, low=low, high=high)), draw(
        float_arrays(shape=shape, low=low, high=high)
    )


@exercise("ch2.mse")
def test_mse_known_value(student):
    y_true, y_pred = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 4.0, 3.0, 2.0])
    expect_close(
        student.mse(y_true, y_pred),
        2.0,
        inputs={"y_true": y_true, "y_pred": y_pred},
        what="mse",
        hint="the mean of the squared differences, over every element: (0+4+0+4)/4 = 2",
    )


@exercise("ch2.mse")
@given(pair=pairs())
def test_mse_matches_reference(student, reference, pair):
    y_true, y_pred = pair
    same_as_reference(
        student.mse,
        reference.mse,
        {"y_true": y_true, "y_pred": y_pred},
        what="mse",
        hint="mean (not sum) of (y_true - y_pred)^2 over every element",
    )


@exercise("ch2.yoghurt_loss")
def test_yoghurt_course_costs(student):
    y_true, y_pred = np.array([10.0, 10.0]), np.array([12.0, 9.0])
    expect_close(
        student.yoghurt_loss(y_true, y_pred),
        1.0 * 2 + 99.0 * 1,
        inputs={"y_true": y_true, "y_pred": y_pred},
        what="yoghurt_loss with cost=1, profit=99",
        hint="predicting 2 too many costs cost*2; predicting 1 too few loses profit*1",
    )


@exercise("ch2.yoghurt_loss")
@given(
    pair=pairs(low=0.0, high=50.0),
    cost=st.sampled_from([1.0, 2.0, 5.0]),
    profit=st.sampled_from([1.5, 10.0, 99.0]),
)
def test_yoghurt_matches_reference(student, reference, pair, cost, profit):
    y_true, y_pred = pair
    same_as_reference(
        student.yoghurt_loss,
        reference.yoghurt_loss,
        {"y_true": y_true, "y_pred": y_pred, "cost": cost, "profit": profit},
        what="yoghurt_loss",
        hint="cost where y_pred > y_true (too many made), profit otherwise; summed",
    )


@exercise("ch2.cross_entropy")
def test_cross_entropy_course_values(student):
    y_true = np.array([[1.0, 0.0], [1.0, 0.0]])
    probs = np.array([[0.6, 0.4], [0.8, 0.2]])
    expect_close(
        student.cross_entropy(y_true, probs),
        [-np.log(0.6), -np.log(0.8)],
        inputs={"y_true": y_true, "probs": probs},
        what="cross_entropy",
        hint="one value per row: -sum(y_true * log(probs)) along the last axis (natural log)",
        rtol=1e-4,
    )


@exercise("ch2.cross_entropy")
@given(shape=ROWS, data=st.data())
def test_cross_entropy_matches_reference(student, reference, shape, data):
    probs = data.draw(probability_rows(shape))
    y_true = data.draw(one_hot_for(shape, probs.dtype))
    same_as_reference(
        student.cross_entropy,
        reference.cross_entropy,
        {"y_true": y_true, "probs": probs},
        what="cross_entropy",
    )


@exercise("ch2.cross_entropy")
def test_cross_entropy_zero_probability(student, reference):
    y_true, probs = np.array([[0.0, 1.0, 0.0]]), np.array([[0.0, 1.0, 0.0]])
    got = as_array(student.cross_entropy(y_true, probs), what="cross_entropy")
    expect(
        bool(np.all(np.isfinite(got))),
        "a probability of exactly 0 gave nan/inf: 0 * log(0) is nan",
        inputs={"y_true": y_true, "probs": probs},
        expected=reference.cross_entropy(y_true, probs),
        got=got,
        hint="clip probs to [1e-7, 1] before the log, as Keras does",
    )


@exercise("ch2.softmax")
@given(z=logits())
def test_softmax_rows_sum_to_one(student, z):
    p = as_array(student.softmax(z), what="softmax(z)", inputs={"logits": z})
    expect(p.shape == z.shape, f"softmax changed the shape {z.shape} to {p.shape}", inputs=z)
    sums = p.astype(np.float64).sum(axis=-1)
    expect(
        bool(np.all(np.abs(sums - 1) < 1e-3)),
        "rows do not sum to 1",
        inputs={"logits": z},
        expected="every row sums to 1",
        got=sums,
        hint="divide by the sum along the last axis (axis=-1, keepdims=True)",
    )
    expect(bool(np.all(p >= 0)), "some probabilities are negative", inputs={"logits": z}, got=p)


@exercise("ch2.softmax")
@given(z=logits())
def test_softmax_matches_reference(student, reference, z):
    same_as_reference(student.softmax, reference.softmax, {"logits": z}, what="softmax(z)")


@exercise("ch2.softmax")
def test_softmax_large_logits(student):
    for z in (np.array([1000.0, 1000.0]), np.array([[1000.0, 0.0, -1000.0]])):
        got = as_array(student.softmax(z), what="softmax", inputs={"logits": z})
        expect(
            bool(np.all(np.isfinite(got))),
            f"overflow: softmax({z.tolist()}) gave nan/inf — subtract the max first",
            inputs={"logits": z},
            got=got,
            hint="softmax(z) = softmax(z - max(z)): e^0 cannot overflow",
        )
    z = np.array([1000.0, 1000.0])
    expect_close(student.softmax(z), [0.5, 0.5], inputs={"logits": z}, what="softmax")


@exercise("ch2.softmax_ce")
@given(z=logits(), data=st.data())
def test_softmax_ce_matches_reference(student, reference, z, data):
    labels = data.draw(one_hot_for(z.shape, z.dtype))
    same_as_reference(
        student.softmax_cross_entropy,
        reference.softmax_cross_entropy,
        {"labels": labels, "logits": z},
        what="softmax_cross_entropy",
        hint="one value per row, like tf.nn.softmax_cross_entropy_with_logits",
    )


@exercise("ch2.softmax_ce")
def test_softmax_ce_large_logits(student, reference):
    labels, z = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[1000.0, 0.0], [50.0, -50.0]])
    got = as_array(student.softmax_cross_entropy(labels, z), what="softmax_cross_entropy")
    expect(
        bool(np.all(np.isfinite(got))),
        "log(0): a confidently wrong prediction gave inf/nan instead of a large finite loss",
        inputs={"labels": labels, "logits": z},
        expected=reference.softmax_cross_entropy(labels, z),
        got=got,
        hint="use the log-sum-exp form: logsumexp(z) - z[label], with max(z) subtracted",
    )
    expect_close(got, reference.softmax_cross_entropy(labels, z), inputs={"logits": z})


@exercise("ch2.sparse_softmax_ce")
@given(z=logits(), data=st.data())
def test_sparse_softmax_ce_matches_reference(student, reference, z, data):
    labels = data.draw(sparse_labels_for(z.shape))
    same_as_reference(
        student.sparse_softmax_cross_entropy,
        reference.sparse_softmax_cross_entropy,
        {"labels": labels, "logits": z},
        what="sparse_softmax_cross_entropy",
        hint="labels are class indices (int), one per row",
    )


@exercise("ch2.sparse_softmax_ce")
def test_sparse_softmax_ce_large_logits(student, reference):
    labels, z = np.array([1, 0]), np.array([[1000.0, 0.0], [-1000.0, 1000.0]])
    expect_close(
        student.sparse_softmax_cross_entropy(labels, z),
        reference.sparse_softmax_cross_entropy(labels, z),
        inputs={"labels": labels, "logits": z},
        what="sparse_softmax_cross_entropy for large logits",
        hint="stay in log space (log-sum-exp) instead of taking log(softmax)",
    )
