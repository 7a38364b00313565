"""Chapter 5's accuracy tier: the shipped CIFAR-10 sample, references passing the sample
profile, catalogued mistakes failing, the GPU-only check skipped elsewhere, and a budget that
is not yet calibrated reporting its accuracy without a verdict."""

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from conftest import run_cli
from grader.mistakes import build_target, read
from grader.paths import MISTAKES_DIR, SOLUTIONS_DIR

TRAINED = "lenet5_mnist,baseline_cifar,resnet_cifar,resnet18_cifar"


def test_cifar_sample_ships_balanced_and_matches_the_manifest():
    from grader.data import load
    from grader.data.builtin import bundled_path
    from grader.data.formats import content_hash
    from grader.data.manifest import get_spec

    (x_train, y_train), (x_test, y_test) = load("cifar10", sample=True)
    assert x_train.shape == (1200, 32, 32, 3) and y_train.shape == (1200, 1)
    assert x_test.shape == (500, 32, 32, 3) and y_test.shape == (500, 1)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert np.bincount(y_train.reshape(-1)).tolist() == [120] * 10
    assert np.bincount(y_test.reshape(-1)).tolist() == [50] * 10
    spec = get_spec("cifar10", sample=True)
    path = bundled_path(spec)
    assert path.stat().st_size == spec.bundled_size <= 5_000_000
    assert hashlib.sha256(path.read_bytes()).hexdigest() == spec.bundled_sha256
    assert content_hash((x_train, y_train, x_test, y_test)) == spec.content_sha256
    assert "Krizhevsky" in spec.licence
    # real photographs, not noise: the full set's channel means (125.3, 123.0, 113.9) within 5
    means = x_train.reshape(-1, 3).mean(axis=0)
    assert np.all(np.abs(means - [125.3, 123.0, 113.9]) < 5), means


def _grade(tmp: Path, *args: str) -> dict:
    out = tmp / "r.json"
    result = run_cli(
        "grade", "ch5", "--profile", "sample", "--report-dir", str(tmp / "reports"),
        "--json", str(out), *args,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def _check(data: dict, exercise: str) -> dict:
    """The exercise's training check (the exercise may also hold unit checks)."""
    checks = next(e["checks"] for e in data["exercises"] if e["id"] == exercise)
    (check,) = [c for c in checks if c["name"].endswith("_trains")]
    return check


@pytest.mark.slow  # selftest ch5 trains the references on the sample profile in CI already
def test_references_pass_the_sample_profile(tmp_path):
    data = _grade(tmp_path, "--solutions", "--only", TRAINED)
    for ex in ("ch5.lenet5_mnist", "ch5.baseline_cifar", "ch5.resnet_cifar"):
        check = _check(data, ex)
        assert check["status"] == "passed", check
        metrics = check["metrics"]
        assert metrics["accuracy"] >= metrics["threshold"] and metrics["profile"] == "sample"
        assert "sample (ships with the kit)" in metrics["dataset"]
    gpu_only = _check(data, "ch5.resnet18_cifar")
    assert gpu_only["status"] == "skipped" and "full profile only" in gpu_only["message"]


def _mistake(name: str, tmp: Path) -> Path:
    return build_target(read(MISTAKES_DIR / "ch5" / f"{name}.py"), SOLUTIONS_DIR, tmp / name)


def test_baseline_without_batch_norm_fails_before_training(tmp_path):
    target = _mistake("baseline_without_batchnorm", tmp_path)
    check = _check(_grade(tmp_path, "--target", str(target), "--only", "baseline_cifar"),
                   "ch5.baseline_cifar")  # fmt: skip
    assert check["status"] == "failed" and "198,482 parameters" in check["message"]
    assert "accuracy" not in check.get("metrics", {})  # nothing was trained


def test_mistakes_fail_on_their_size_before_training(tmp_path):
    for name, short, params in (
        ("lenet5_mnist_same_padding", "lenet5_mnist", "61,706"),
        ("resnet_block_without_shortcut", "resnet_cifar", "parameters"),
    ):
        target = _mistake(name, tmp_path)
        check = _check(_grade(tmp_path, "--target", str(target), "--only", short), f"ch5.{short}")
        assert check["status"] == "failed" and params in check["message"], check
        assert "accuracy" not in check.get("metrics", {})


def test_a_budget_not_yet_calibrated_reports_accuracy_and_gives_no_verdict(tmp_path, monkeypatch):
    from grader.checks.ch5.test_training import LENET5_MNIST
    from grader.loader import import_module
    from grader.testing.train import run_training_check

    monkeypatch.setenv("COURSEKIT_PROFILE", "sample")
    monkeypatch.setenv("COURSEKIT_REPORT_DIR", str(tmp_path))
    # a goal no model reaches: were it a threshold, the check would fail
    goal = replace(LENET5_MNIST.budgets["sample"], epochs=1, threshold=1.0, calibrated=False)
    spec = replace(LENET5_MNIST, budgets={"sample": goal})
    student = import_module(SOLUTIONS_DIR, "_ck_uncalibrated", "ch5.cifar_models")
    facts: dict = {}
    with pytest.raises(pytest.skip.Exception, match="not yet calibrated") as skip:
        run_training_check(spec, student, student, facts.__setitem__, "probe", "target")
    assert f"{facts['accuracy']:.4f}" in str(skip.value) and "goal 1.0" in str(skip.value)
    assert facts["calibrated"] is False and facts["seeds"] == [0]  # no second seed either


def test_the_worker_gets_room_for_full_datasets_beyond_the_sample_profile():
    from grader.grading import TRAINING_MEMORY_MB, worker_limits
    from grader.runner import Limits

    base = Limits(check_s=20, total_s=3600, memory_mb=4096)
    assert worker_limits(base, "sample", gpus=False).memory_mb == base.memory_mb == 4096
    assert worker_limits(base, "standard", gpus=False).memory_mb == TRAINING_MEMORY_MB
    assert worker_limits(base, "full", gpus=False).memory_mb == TRAINING_MEMORY_MB
    assert worker_limits(base, "standard", gpus=True).memory_mb == 0  # CUDA: no limit
    assert worker_limits(replace(base, memory_mb=0), "sample", gpus=False).memory_mb == 0


@pytest.mark.slow
@pytest.mark.fulldata
def test_references_train_on_full_cifar10_in_the_sandboxed_worker(tmp_path):
    """The standard profile end to end, through the worker and its memory limit (at 4 GiB the
    worker was killed training on the 50,000 images: calibration ran in-process and never
    saw it)."""
    from grader import data

    try:
        data.load("cifar10", download=False, quiet=True)
    except data.DataError:
        pytest.skip("coursekit data fetch cifar10 first")
    out = tmp_path / "r.json"
    result = run_cli(
        "grade", "ch5", "--solutions", "--profile", "standard", "--only",
        "baseline_cifar,resnet_cifar", "--report-dir", str(tmp_path), "--json", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(out.read_text(encoding="utf-8"))
    for ex in ("ch5.baseline_cifar", "ch5.resnet_cifar"):
        check = _check(found, ex)
        assert check["status"] == "passed", check
        metrics = check["metrics"]
        assert metrics["profile"] == "standard" and metrics["dataset"] == "cifar10"
