"""The course's own code earns full marks (issue 15, "Proven").

tests/fixtures/course_student/chN holds, for every exercise the course defines, the course's
own code for it adapted only in its glue (its README says, per chapter, where each function
comes from and what changed). Each chapter is graded on it with the CLI, as a student's folder
would be: every graded exercise must pass. A training exercise may be skipped only where the
sample profile cannot train it here (its full data is not on this machine, or it needs a GPU),
and the skip must say so.

(Chapter 2's proof lives in tests/test_verdicts.py and grades every profile's default.)
"""

from __future__ import annotations

import json
import sys

import pytest

from conftest import FIXTURES, run_cli

COURSE = FIXTURES / "course_student"

# The exercises each chapter's fixture defines (all of the chapter's, see the fixture README).
EXERCISES = {
    "ch1": "constant,fill,random,cast,reduce,arithmetic,one_hot_argmax,where,shapes,standardize,"
    "batches,iris_forward,iris_split,iris_step,iris_loop,neuron,neuron_trains,mlp,mlp_trains",
    "ch3": "linear,shuffle,iris_sequential,iris_subclass,normalize,mnist_compile,mnist_mlp,"
    "fashion_mlp,accuracy_stop",
    "ch4": "generateds,cache,augment,checkpoint,export,curves,predict",
    "ch5": "conv_output_size,pool_output_size,conv_params,conv_mult_adds,receptive_field,"
    "stacked_3x3,conv2d,pooling,batch_norm,scratch_cnn,cbapd,inception_block,resnet_block,"
    "lenet5,alexnet8,vgg16,inception10,resnet18,lenet5_mnist,baseline_cifar,resnet_cifar,"
    "resnet18_cifar",
    "ch6": "rnn_cell,lstm_cell,gru_cell,rnn_params,encodings,letter_models,letter_training,"
    "windows,scaling,metrics,co2_lstm,co2_gru",
}

# Why a skipped check is allowed: the sample profile leaves it to data or hardware not here.
ALLOWED_SKIPS = ("needs the full data", "GPU")


def _chapter(chapter: str, marks=()):
    return pytest.param(chapter, id=chapter, marks=marks)


CHAPTERS = [
    _chapter("ch1"),
    _chapter("ch3"),
    _chapter("ch4"),
    # its CIFAR-10 / MNIST training included: ~80 s here (sample profile); in `make test-full`
    _chapter("ch5", marks=pytest.mark.slow),
    _chapter("ch6", marks=pytest.mark.slow),  # ~45 s: in `make test-full` (CI's 20 min)
]


@pytest.mark.skipif(sys.platform == "win32", reason="one grading run is enough on CI's Linux")
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_course_code_scores_full_marks(chapter, tmp_path):
    out = tmp_path / "r.json"
    result = run_cli(
        "grade", chapter, "--target", str(COURSE), "--profile", "sample",
        "--only", EXERCISES[chapter], "--json", str(out), "--report-dir", str(tmp_path / "rep"),
        "--check-timeout", "300",  # the first check also waits for the worker's TensorFlow
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    graded = {e["id"].partition(".")[2]: e for e in data["exercises"]}
    assert sorted(graded) == sorted(EXERCISES[chapter].split(",")), result.output
    failing, skipped = {}, {}
    for short, e in graded.items():
        for check in e["checks"]:
            if check["status"] == "skipped":
                skipped[short] = check["message"]
            elif check["status"] != "passed":
                failing.setdefault(short, []).append(check)
    assert not failing, failing
    unexplained = {k: m for k, m in skipped.items() if not any(w in m for w in ALLOWED_SKIPS)}
    assert not unexplained, unexplained
    # Per exercise (the report's total is void when the kit's own files change mid-grade, as
    # they may while other work goes on in this checkout; the exercises' records still stand).
    short_of_full = {
        short: (e["earned"], e["possible"])
        for short, e in graded.items()
        if short not in skipped and e["earned"] != e["possible"]
    }
    assert not short_of_full, result.output
