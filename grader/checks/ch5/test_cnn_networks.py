"""Checks of ch5/networks.py: the course's five networks, by parameter count (the course's
model.summary() totals), output, layers in order and their output sizes on 32x32x3 input, and
compiled as the course compiles them; no training here. The checker builds the course's
network itself, loads weights it chose into both, and compares outputs: the model's own
description (describe()) only explains a failure."""

import numpy as np

from grader.checks.ch5.arch import expect_same_layers, tokens
from grader.i18n import N_, _
from grader.testing.api import exercise, expect, time_limit
from grader.testing.compiled import read_claim
from grader.testing.models import describe, seed
from grader.testing.oracle import random_array
from grader.testing.proof import prove_model

COURSE_PARAMS = {  # the "Total params" of the course's summaries
    "build_lenet5": 62_006,
    "build_alexnet8": 9_639_178,
    "build_vgg16": 15_262_026,
    "build_inception10": 121_418,
    "build_resnet18": 11_183_562,
}


def _check_network(student, reference, builder, *, ordered, hint):
    """The proof (the checker's own build of the course's network, loaded with the student's
    weights, computes what the student's model computes) decides; the model's description only
    explains a failure, naming the first layer that differs."""
    probe = random_array(0, (3, 32, 32, 3), np.float32)
    seed(student, 0)
    model = getattr(student, builder)()
    claim = read_claim(model)
    expected_facts = {}

    def explain():
        expected_facts.update(describe(getattr(reference, builder)(), probe))
        _explain(describe(model, probe), expected_facts, builder, ordered=ordered, hint=hint)

    proof = prove_model(
        model, getattr(reference, builder)(), probe, what=f"{builder}()", hint=hint,
        explain=explain,
    )  # fmt: skip
    # the declared input: a model built on keras.Input((33, 32, 3)) computes the same on 32x32
    # images, so only its description shows it; a description can only fail a proven model here
    mine = _weighted_shapes(describe(model, probe))
    theirs = _weighted_shapes(describe(getattr(reference, builder)(), probe))
    expect(
        mine is None or theirs is None or mine == theirs,
        _("{builder}()'s layers are not declared for the course's 32x32x3 images").format(
            builder=builder
        ),
        expected=theirs,
        got=mine,
        hint=_("start from keras.Input((32, 32, 3))"),
    )
    expect(
        proof.params == COURSE_PARAMS[builder],
        _("{builder}() has the wrong number of parameters").format(builder=builder),
        expected=_("{count:,} (the course's summary)").format(count=COURSE_PARAMS[builder]),
        got=f"{proof.params:,}",
        hint=hint,
    )
    expect(
        claim.compiled and claim.is_loss("SparseCategoricalCrossentropy") and not claim.from_logits,
        _("{builder}() does not return the model compiled as the course does").format(
            builder=builder
        ),
        expected=_("compiled with SparseCategoricalCrossentropy(from_logits=False)"),
        got=f"compiled={claim.compiled}, loss={claim.loss or None},"
        f" from_logits={claim.from_logits}",
        hint=_(
            "model.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy("
            "from_logits=False), metrics=['sparse_categorical_accuracy'])"
        ),
    )


OUTPUT_KINDS = {"probabilities": N_("probabilities"), "scores": N_("scores")}  # the worker's words


def _output_kind(kind):
    return _(OUTPUT_KINDS[kind]) if kind in OUTPUT_KINDS else kind


def _explain(got, expected, builder, *, ordered, hint):
    """What the model says of itself against the reference's description: only ever a reason
    to fail a model whose proof already failed."""
    expect(
        got.get("output_shape") == [None, 10] and got.get("output_kind") == "probabilities",
        _("{builder}() must map (N, 32, 32, 3) images to (N, 10) probabilities").format(
            builder=builder
        ),
        expected=_("output (None, 10), rows summing to 1"),
        got=_("output {shape}, {kind}").format(
            shape=got.get("output_shape"), kind=_output_kind(got.get("output_kind"))
        ),
        hint=_("end with Dense(10, activation='softmax')"),
    )
    expect_same_layers(tokens(got), tokens(expected), what=f"{builder}()", ordered=ordered)
    mine, theirs = _weighted_shapes(got), _weighted_shapes(expected)
    expect(
        mine is None or theirs is None or mine == theirs,
        _("{builder}()'s layers do not have the course's output sizes on 32x32x3 images").format(
            builder=builder
        ),
        expected=theirs,
        got=mine,
        hint=_("start from keras.Input((32, 32, 3)); {hint}").format(hint=hint),
    )


def _weighted_shapes(facts):
    """The output sizes (the batch size aside) of the top-level layers that hold weights, in
    order of size; None where a layer has no known output (a subclassed model never called):
    that model is judged by its layers and parameters alone."""
    layers = [layer for layer in facts.get("layers", []) if layer.get("params")]
    if not layers or any(layer.get("output_shape") is None for layer in layers):
        return None
    return sorted(str(layer["output_shape"][1:]) for layer in layers)  # the batch size aside


@exercise("ch5.lenet5")
@time_limit(60)
def test_lenet5(student, reference):
    _check_network(
        student,
        reference,
        "build_lenet5",
        ordered=True,
        hint=_("5x5 kernels without padding: 32 -> 28 -> 14 -> 10 -> 5, Flatten 400"),
    )


@exercise("ch5.alexnet8")
@time_limit(90)
def test_alexnet8(student, reference):
    _check_network(
        student,
        reference,
        "build_alexnet8",
        ordered=True,
        hint=_("3x3 pooling with stride 2: 30 -> 14, 12 -> 5, 5 -> 2; Flatten 1024"),
    )


@exercise("ch5.vgg16")
@time_limit(120)
def test_vgg16(student, reference):
    _check_network(student, reference, "build_vgg16", ordered=True,
                   hint=_("five groups (2, 2, 3, 3, 3 convolutions), each pooled with 'same'"
                   " padding: 32 -> 16 -> 8 -> 4 -> 2 -> 1"))  # fmt: skip


@exercise("ch5.inception10")
@time_limit(120)
def test_inception10(student, reference):
    _check_network(student, reference, "build_inception10", ordered=False,
                   hint=_("ch doubles after each block of two Inception blocks (16, then 32);"
                   " each block outputs 4 * ch channels"))  # fmt: skip


@exercise("ch5.resnet18")
@time_limit(150)
def test_resnet18(student, reference):
    _check_network(student, reference, "build_resnet18", ordered=False,
                   hint=_("the first block of groups 2, 3, 4 has stride 2 and a 1x1 projection;"
                   " the convolutions have no bias"))  # fmt: skip
