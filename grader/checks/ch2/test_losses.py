"""Checks of ch2/losses.py: known values from the course, properties, stability, reference."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from grader.i18n import N_, _
from grader.testing.api import exercise, expect
from grader.testing.compare import as_array, call_unchanged, expect_close, same_as_reference
from grader.testing.strategies import (
    THREE_D_LOGITS,
    float_arrays,
    logits,
    logits_any_rank,
    mixed_scale_rows,
    one_hot_for,
    probability_rows,
    shapes,
    sparse_labels_for,
)

# one row, batches of rows, batches of sequences of rows: classes are always the last axis
ROWS = st.sampled_from([(3,), (1, 3), (4, 2), (2, 5), (2, 3, 4), (3, 1, 2)])
LAST_AXIS_HINT = N_(
    "work along the last axis (axis=-1): on a (batch, steps, classes) input axis=1 is the"
    " steps, not the classes"
)


def last_axis_examples():
    """The explicit 3-D example (both float dtypes) on which axis=1 and axis=-1 differ."""
    return [THREE_D_LOGITS.astype(dtype) for dtype in (np.float32, np.float64)]


@st.composite
def pairs(draw, low=-10.0, high=10.0):
    shape = draw(shapes(max_dims=3))
    return draw(float_arrays(shape=shape, low=low, high=high)), draw(
        float_arrays(shape=shape, low=low, high=high)
    )


@pytest.mark.visibility("public")
@exercise("ch2.mse")
def test_mse_known_value(student):
    y_true, y_pred = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 4.0, 3.0, 2.0])
    expect_close(
        call_unchanged(student.mse, {"y_true": y_true, "y_pred": y_pred}),
        2.0,
        inputs={"y_true": y_true, "y_pred": y_pred},
        what="mse",
        hint=_("the mean of the squared differences, over every element: (0+4+0+4)/4 = 2"),
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
        hint=_("mean (not sum) of (y_true - y_pred)^2 over every element"),
    )


@pytest.mark.visibility("public")
@exercise("ch2.yoghurt_loss")
def test_yoghurt_course_costs(student):
    y_true, y_pred = np.array([10.0, 10.0]), np.array([12.0, 9.0])
    expect_close(
        call_unchanged(student.yoghurt_loss, {"y_true": y_true, "y_pred": y_pred}),
        1.0 * 2 + 99.0 * 1,
        inputs={"y_true": y_true, "y_pred": y_pred},
        what=N_("yoghurt_loss with cost=1, profit=99"),
        hint=_("predicting 2 too many costs cost*2; predicting 1 too few loses profit*1"),
    )


@exercise("ch2.yoghurt_loss")
def test_yoghurt_boundary_and_sides(student, reference):
    """Exactly right costs nothing; one too many costs ``cost``, one too few ``profit``."""
    for y_pred, label in (([10.0], "y_pred = y_true"), ([11.0], "y_pred > y_true"),
                          ([9.0], "y_pred < y_true")):  # fmt: skip
        args = {"y_true": np.array([10.0]), "y_pred": np.array(y_pred), "cost": 2.0,
                "profit": 7.0}  # fmt: skip
        same_as_reference(
            student.yoghurt_loss,
            reference.yoghurt_loss,
            args,
            what=_("yoghurt_loss where {label}").format(label=label),
            hint={
                "y_pred = y_true": _("a perfect prediction loses nothing"),
                "y_pred > y_true": _("too many made: each extra yoghurt costs `cost`"),
                "y_pred < y_true": _("too few made: each missing yoghurt loses `profit`"),
            }[label],
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
        hint=_("cost where y_pred > y_true (too many made), profit otherwise; summed"),
    )


@pytest.mark.visibility("public")
@exercise("ch2.cross_entropy")
def test_cross_entropy_course_values(student):
    y_true = np.array([[1.0, 0.0], [1.0, 0.0]])
    probs = np.array([[0.6, 0.4], [0.8, 0.2]])
    expect_close(
        call_unchanged(student.cross_entropy, {"y_true": y_true, "probs": probs}),
        [-np.log(0.6), -np.log(0.8)],
        inputs={"y_true": y_true, "probs": probs},
        what="cross_entropy",
        hint=_("one value per row: -sum(y_true * log(probs)) along the last axis (natural log)"),
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
def test_cross_entropy_along_the_last_axis_of_3d_input(student, reference):
    for z in last_axis_examples():
        probs = np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)
        y_true = np.eye(z.shape[-1], dtype=z.dtype)[np.arange(6).reshape(2, 3) % 4]
        same_as_reference(
            student.cross_entropy,
            reference.cross_entropy,
            {"y_true": y_true, "probs": probs.astype(z.dtype)},
            what=N_("cross_entropy of a (batch, steps, classes) input"),
            hint=_(LAST_AXIS_HINT) + _("; the result has shape (batch, steps)"),
        )


@exercise("ch2.cross_entropy")
def test_cross_entropy_zero_probability(student, reference):
    """The clip's boundaries: a probability of exactly 0 (for a wrong class, and for the true
    class: -log(1e-7) = 16.118) and exactly 1. Capping at 1 - 1e-7 (Keras) or at 1 both pass."""
    y_true = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    probs = np.array([[0.0, 1.0, 0.0], [0.0, 0.5, 0.5]])
    args = {"y_true": y_true, "probs": probs}
    got = as_array(call_unchanged(student.cross_entropy, args), what="cross_entropy")
    expect(
        bool(np.all(np.isfinite(got))),
        _("a probability of exactly 0 gave nan/inf: 0 * log(0) is nan"),
        inputs=args,
        expected=reference.cross_entropy(y_true, probs),
        got=got,
        hint=_("clip probs to [1e-7, 1] before the log, as Keras does"),
    )
    expect_close(
        got,
        reference.cross_entropy(y_true, probs),
        inputs=args,
        what=N_("cross_entropy at probabilities of exactly 0 and 1"),
        hint=_(
            "clip to 1e-7 exactly (not another epsilon): -log(1e-7) = 16.118 for a true class"
            " given probability 0"
        ),
        atol=1e-6,
    )


@pytest.mark.visibility("public")
@exercise("ch2.softmax")
@given(z=logits_any_rank())
def test_softmax_rows_sum_to_one(student, z):
    p = as_array(call_unchanged(student.softmax, {"logits": z}), what="softmax(z)", inputs=z)
    expect(
        p.shape == z.shape,
        _("softmax changed the shape {before} to {after}").format(before=z.shape, after=p.shape),
        inputs=z,
    )
    sums = p.astype(np.float64).sum(axis=-1)
    expect(
        bool(np.all(np.abs(sums - 1) < 1e-3)),
        _("rows do not sum to 1"),
        inputs={"logits": z},
        expected=_("every row sums to 1"),
        got=sums,
        hint=_("divide by the sum along the last axis (axis=-1, keepdims=True)"),
    )
    expect(bool(np.all(p >= 0)), _("some probabilities are negative"), inputs={"logits": z}, got=p)


@exercise("ch2.softmax")
@given(z=logits_any_rank())
def test_softmax_matches_reference(student, reference, z):
    same_as_reference(student.softmax, reference.softmax, {"logits": z}, what="softmax(z)")


@exercise("ch2.softmax")
def test_softmax_along_the_last_axis_of_3d_input(student, reference):
    for z in last_axis_examples():
        same_as_reference(
            student.softmax,
            reference.softmax,
            {"logits": z},
            what=N_("softmax of a (batch, steps, classes) input"),
            hint=_(LAST_AXIS_HINT),
        )


@exercise("ch2.softmax")
@given(z=mixed_scale_rows())
def test_softmax_rows_of_different_scales(student, reference, z):
    """One extreme row among ordinary ones: each row is shifted and normalised on its own."""
    same_as_reference(
        student.softmax,
        reference.softmax,
        {"logits": z},
        what=N_("softmax(z) of a batch whose rows differ by orders of magnitude"),
        hint=_(
            "take the max and the sum of each row (axis=-1, keepdims=True), not of the whole"
            " batch: one extreme row must not change the others"
        ),
    )


@pytest.mark.visibility("public")
@exercise("ch2.softmax")
def test_softmax_large_logits(student):
    for z in (np.array([1000.0, 1000.0]), np.array([[1000.0, 0.0, -1000.0]])):
        got = as_array(call_unchanged(student.softmax, {"logits": z}), what="softmax", inputs=z)
        expect(
            bool(np.all(np.isfinite(got))),
            _("overflow: softmax({logits}) gave nan/inf — subtract the max first").format(
                logits=z.tolist()
            ),
            inputs={"logits": z},
            got=got,
            hint=_("softmax(z) = softmax(z - max(z)): e^0 cannot overflow"),
        )
    z = np.array([1000.0, 1000.0])
    got = call_unchanged(student.softmax, {"logits": z})
    expect_close(got, [0.5, 0.5], inputs={"logits": z}, what="softmax")


@exercise("ch2.softmax_ce")
@given(z=logits_any_rank(), data=st.data())
def test_softmax_ce_matches_reference(student, reference, z, data):
    labels = data.draw(one_hot_for(z.shape, z.dtype))
    same_as_reference(
        student.softmax_cross_entropy,
        reference.softmax_cross_entropy,
        {"labels": labels, "logits": z},
        what="softmax_cross_entropy",
        hint=_("one value per row, like tf.nn.softmax_cross_entropy_with_logits"),
    )


@exercise("ch2.softmax_ce")
@given(z=mixed_scale_rows(), data=st.data())
def test_softmax_ce_rows_of_different_scales(student, reference, z, data):
    labels = data.draw(one_hot_for(z.shape, z.dtype))
    same_as_reference(
        student.softmax_cross_entropy,
        reference.softmax_cross_entropy,
        {"labels": labels, "logits": z},
        what=N_("softmax_cross_entropy of a batch whose rows differ by orders of magnitude"),
        hint=_("the max and the log-sum-exp belong to each row (axis=-1, keepdims=True)"),
    )


@exercise("ch2.softmax_ce")
@given(z=logits_any_rank(max_dims=2), data=st.data())
def test_softmax_ce_soft_labels(student, reference, z, data):
    """Labels that are a distribution, not one-hot: every class's log-probability counts."""
    labels = data.draw(probability_rows(z.shape))
    same_as_reference(
        student.softmax_cross_entropy,
        reference.softmax_cross_entropy,
        {"labels": labels, "logits": z},
        what=N_("softmax_cross_entropy with labels that are not one-hot"),
        hint=_(
            "-sum_k labels[k] * log_softmax(logits)[k]: weigh every class by its label, do not"
            " pick the logit of the largest label"
        ),
    )


@exercise("ch2.softmax_ce")
def test_softmax_ce_along_the_last_axis_of_3d_input(student, reference):
    for z in last_axis_examples():
        labels = np.eye(z.shape[-1], dtype=z.dtype)[np.arange(z[..., 0].size).reshape(2, 3) % 4]
        same_as_reference(
            student.softmax_cross_entropy,
            reference.softmax_cross_entropy,
            {"labels": labels, "logits": z},
            what=N_("softmax_cross_entropy of a (batch, steps, classes) input"),
            hint=_(LAST_AXIS_HINT) + _("; the result has shape (batch, steps)"),
        )


@exercise("ch2.softmax_ce")
def test_softmax_ce_large_logits(student, reference):
    labels, z = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[1000.0, 0.0], [50.0, -50.0]])
    args = {"labels": labels, "logits": z}
    got = as_array(
        call_unchanged(student.softmax_cross_entropy, args), what="softmax_cross_entropy"
    )
    expect(
        bool(np.all(np.isfinite(got))),
        _("log(0): a confidently wrong prediction gave inf/nan instead of a large finite loss"),
        inputs={"labels": labels, "logits": z},
        expected=reference.softmax_cross_entropy(labels, z),
        got=got,
        hint=_("use the log-sum-exp form: logsumexp(z) - z[label], with max(z) subtracted"),
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
        hint=_("labels are class indices (int), one per row"),
    )


@exercise("ch2.sparse_softmax_ce")
@given(z=mixed_scale_rows(), data=st.data())
def test_sparse_softmax_ce_rows_of_different_scales(student, reference, z, data):
    labels = data.draw(sparse_labels_for(z.shape))
    same_as_reference(
        student.sparse_softmax_cross_entropy,
        reference.sparse_softmax_cross_entropy,
        {"labels": labels, "logits": z},
        what=N_("sparse_softmax_cross_entropy of a batch whose rows differ by orders of magnitude"),
        hint=_("the max and the log-sum-exp belong to each row (axis=-1, keepdims=True)"),
    )


@exercise("ch2.sparse_softmax_ce")
def test_sparse_softmax_ce_large_logits(student, reference):
    labels, z = np.array([1, 0]), np.array([[1000.0, 0.0], [-1000.0, 1000.0]])
    expect_close(
        call_unchanged(student.sparse_softmax_cross_entropy, {"labels": labels, "logits": z}),
        reference.sparse_softmax_cross_entropy(labels, z),
        inputs={"labels": labels, "logits": z},
        what=N_("sparse_softmax_cross_entropy for large logits"),
        hint=_("stay in log space (log-sum-exp) instead of taking log(softmax)"),
    )
