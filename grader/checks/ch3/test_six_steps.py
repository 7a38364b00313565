"""Checks of chapter 3's small pieces: the first model, shuffling, normalising, compiling, and
the accuracy callback."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.checks.ch3.test_training import MLP_ARCH
from grader.i18n import N_, _
from grader.testing import models
from grader.testing.api import CheckFailure, exercise, expect, time_limit
from grader.testing.compare import as_array, call_unchanged, expect_close
from grader.testing.compiled import compile_like, read_claim, require_compiled, training_with
from grader.testing.proof import SOFTMAX_TWICE
from grader.testing.train import build_spec, check_architecture, seed_everything
from grader.training import Architecture
from grader.worker import objects


@exercise("ch3.linear")
@time_limit(120)
def test_linear_learns_3x_plus_1(student, reference):
    xs = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0], dtype=np.float32).reshape(-1, 1)
    ys = 3 * xs + 1
    models.seed(student, 0)
    model = student.build_linear_model()
    claim = read_claim(model)
    require_compiled(claim)
    check_architecture(
        model,
        Architecture(2, (None, 1), ("Dense",), hint=_("one Dense(units=1) on one input")),
        np.array([[-2.0], [0.5], [3.0], [7.0]], np.float32),
        spec_model=build_spec(reference, "build_linear_model"),
        what="build_linear_model()",
    )
    # the course's 500 epochs of full-batch SGD (one step each), run as 5 x 100 steps with the
    # student's own optimizer and loss, on the checker's own Dense(1) (proven to be theirs)
    seed_everything(0)
    own = compile_like(build_spec(reference, "build_linear_model"), claim, None)
    with training_with(claim):
        objects.fit(own, xs, ys, batch_size=6, epochs=5, steps_per_epoch=100, shuffle_seed=None)
    got = float(np.asarray(objects.predict(own, np.array([[10.0]]))).reshape(-1)[0])
    expect(
        abs(got - 31) < 0.5,
        _("after 500 steps the model does not predict y = 3x + 1"),
        inputs={"x": 10.0, "optimizer": claim.optimizer, "loss": claim.loss},
        expected=_("31 ± 0.5"),
        got=got,
        hint=_('compile with optimizer="sgd" and loss="mean_squared_error"'),
    )


@st.composite
def features_and_labels(draw):
    n = draw(st.integers(10, 60))
    x = draw(hnp.arrays(np.float64, (n, 4), elements=st.floats(0, 10)))
    return x + np.arange(n)[:, None] * 100, np.arange(n) % 3  # distinct rows, so pairs are known


def _shuffled(student, args):
    got = call_unchanged(student.shuffle_together, args)
    expect(
        isinstance(got, tuple | list) and len(got) == 2,
        _("shuffle_together must return (x_shuffled, y_shuffled)"),
        inputs=args,
        got=got,
    )
    return as_array(got[0], what="x_shuffled", inputs=args), as_array(
        got[1], what="y_shuffled", inputs=args
    )


@pytest.mark.visibility("public")
@exercise("ch3.shuffle")
@given(xy=features_and_labels(), seed=st.integers(0, 1000))
def test_shuffle_keeps_pairs(student, xy, seed):
    x, y = xy
    args = {"x": x, "y": y, "seed": seed}
    xs, ys = _shuffled(student, args)
    expect(
        xs.shape == x.shape and ys.shape == y.shape,
        _("the shapes changed"),
        inputs=args,
        expected=(x.shape, y.shape),
        got=(xs.shape, ys.shape),
    )
    order = np.argsort(xs[:, 0])
    expect(
        bool(np.array_equal(xs[order], x)) and bool(np.array_equal(ys[order], y)),
        _("a feature row lost its label: x and y were not shuffled with the same permutation"),
        inputs={"n": len(x), "seed": seed},
        hint=_("draw one permutation and index both arrays with it"),
    )
    expect(
        not np.array_equal(xs, x),
        _("nothing moved: the data is not shuffled"),
        inputs={"seed": seed},
    )


@pytest.mark.visibility("public")
@exercise("ch3.shuffle")
def test_shuffle_is_reproducible(student):
    x, y = np.arange(40.0).reshape(20, 2), np.arange(20)
    first = _shuffled(student, {"x": x, "y": y, "seed": 116})[0]
    again = _shuffled(student, {"x": x, "y": y, "seed": 116})[0]
    other = _shuffled(student, {"x": x, "y": y, "seed": 7})[0]
    expect(
        bool(np.array_equal(first, again)),
        _("the same seed gave two different orders"),
        inputs={"seed": 116},
        hint=_("seed the generator with the seed argument (np.random.default_rng(seed))"),
    )
    expect(
        not np.array_equal(first, other),
        _("different seeds gave the same order"),
        inputs={"seeds": [116, 7]},
        hint=_("seed the generator with the seed argument, not a constant"),
    )


@exercise("ch3.shuffle")
def test_shuffle_leaves_the_callers_arrays(student):
    """The docstring promises the inputs stay unchanged: an in-place shuffle edits them."""
    x, y = np.arange(24.0).reshape(12, 2), np.arange(12)
    _shuffled(student, {"x": x, "y": y, "seed": 3})


@exercise("ch3.normalize")
@given(x=hnp.arrays(np.uint8, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6)))
def test_normalize(student, x):
    args = {"x": x}
    got = as_array(call_unchanged(student.normalize, args), what="normalize(x)", inputs=args)
    expect(
        got.dtype.kind == "f",
        _("normalize returned dtype {dtype}; expected floats").format(dtype=got.dtype),
        inputs=args,
        hint=_("convert before dividing: x.astype('float32') / 255"),
    )
    expect_close(got, x.astype(np.float64) / 255, inputs=args, what="normalize(x)", rtol=1e-6)


@pytest.mark.visibility("public")
@exercise("ch3.normalize")
def test_normalize_bounds(student):
    """Black is 0 and white is exactly 1, whatever else the batch holds (a dark image too)."""
    for x in (np.array([[0, 255], [128, 1]], np.uint8), np.array([[0, 10], [100, 37]], np.uint8)):
        args = {"x": x}
        expect_close(
            call_unchanged(student.normalize, args),
            x.astype(np.float64) / 255,
            inputs=args,
            what="normalize(x)",
            hint=_("divide by 255, the largest possible pixel, not by this batch's maximum"),
            rtol=1e-6,
        )


@exercise("ch3.mnist_compile")
def test_mnist_compiled_consistently(student, reference):
    models.seed(student, 0)
    model = student.build_mnist_mlp()
    claim = read_claim(model)
    if not claim.compiled:
        raise CheckFailure(
            _("build_mnist_mlp returned a model that is not compiled"),
            hint=_("model.compile(optimizer='adam', loss=..., metrics=[...]) before returning it"),
        )
    expect(
        claim.is_loss("SparseCategoricalCrossentropy"),
        _(
            "the loss is {loss!r}: labels are class numbers 0..9, so use sparse categorical"
            " cross-entropy"
        ).format(loss=claim.loss),
        got=claim.loss,
        expected="sparse_categorical_crossentropy",
    )
    # behaviour, not names: the checker's own MLP with chosen weights must compute what the
    # student's model computes, ending in softmax (probabilities) or not (raw scores). A model
    # of another architecture loses ch3.mnist_mlp for it; here only its outputs on chosen
    # images say whether it ends in softmax (a softmax makes rows that sum to 1)
    probe = np.random.default_rng(0).random((6, 28, 28)).astype(np.float32)
    try:
        proof = check_architecture(
            model, MLP_ARCH, probe, spec_model=build_spec(reference, "build_mnist_mlp"),
            allow_logits=True, what="build_mnist_mlp()",
        )  # fmt: skip
        probabilities = proof.variant == "as specified"
    except CheckFailure as failure:
        if getattr(failure, "cause", "") == SOFTMAX_TWICE:  # in every language
            raise
        out = as_array(models.call(model, probe), what=N_("the model's output"))
        probabilities = bool(
            out.ndim == 2 and np.all(out >= 0) and np.allclose(out.sum(axis=-1), 1, atol=1e-4)
        )
    expect(
        claim.from_logits != probabilities,
        _(
            "softmax twice: the model already outputs probabilities, but the loss was told"
            " from_logits=True"
        )
        if probabilities
        else _(
            "the model outputs raw scores (no softmax), but the loss was told from_logits=False"
        ),
        expected=f"from_logits={not probabilities}",
        got=f"from_logits={claim.from_logits}",
        hint=_("from_logits=False after a softmax; True when the last layer has no activation"),
    )
    expect(
        any("accuracy" in m for m in claim.metrics),
        _("no accuracy metric: add metrics=['sparse_categorical_accuracy']"),
        got=list(claim.metrics),
    )


@exercise("ch3.accuracy_stop")
@given(
    accuracies=st.lists(st.floats(0, 1), min_size=1, max_size=12),
    target=st.sampled_from([0.6, 0.9, 0.95]),
    key=st.sampled_from(["sparse_categorical_accuracy", "accuracy"]),
)
def test_accuracy_stop_stops_at_the_right_epoch(student, accuracies, target, key):
    _expect_stop(student, accuracies, target, key)


@pytest.mark.visibility("public")
@exercise("ch3.accuracy_stop")
def test_accuracy_stop_exceeds_not_reaches(student):
    """The boundary the docstring fixes: an accuracy equal to the target does not stop."""
    for key in ("sparse_categorical_accuracy", "accuracy"):
        _expect_stop(student, [0.5, 0.9, 0.9, 0.91, 0.99], 0.9, key)
        _expect_stop(student, [0.95, 0.95], 0.95, key)


def _expect_stop(student, accuracies, target, key):
    inputs = {"accuracies": accuracies, "target": target, _("logs key"): key}
    callback = call_unchanged(student.AccuracyStop, {"target": target})
    got = models.drive_callback(callback, [{key: a, "loss": 1 - a} for a in accuracies])
    expected = next((i for i, a in enumerate(accuracies) if a > target), None)
    tie = got is not None and got != expected and accuracies[got] == target
    expect(
        got == expected,
        _("the callback stopped at the wrong epoch")
        if got is not None
        else _("the callback never stopped training"),
        inputs=inputs,
        expected=_("stop after epoch {epoch}").format(epoch=expected)
        if expected is not None
        else _("never stop"),
        got=_("stopped after epoch {epoch}").format(epoch=got)
        if got is not None
        else _("never stopped"),
        hint=_(
            "an accuracy equal to the target ({target}) does not stop: it must exceed it (>)"
        ).format(target=target)
        if tie
        else _(
            "in on_epoch_end: if logs[...] > self.target: self.model.stop_training = True"
            " (logs holds {key!r} here)"
        ).format(key=key),
    )
    if expected is not None:
        recorded = models.attribute(callback, "stopped_epoch")
        expect(
            recorded == expected,
            _("self.stopped_epoch does not hold the epoch training stopped after"),
            inputs=inputs,
            expected=expected,
            got=recorded,
            hint=_("set self.stopped_epoch = epoch (0-based) when you stop"),
        )
