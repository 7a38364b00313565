"""Bad submissions cost only their own checks; the grader cannot be fooled or hijacked."""

import json
import textwrap
from pathlib import Path

from conftest import run_cli
from grader.chapters import chapter
from grader.paths import KIT_ROOT

CH2 = [e.id for e in chapter("ch2").exercises]


def _replace_function(path: Path, name: str, new_source: str) -> None:
    """Swap one top-level function of a module for new source."""
    import ast

    text = path.read_text(encoding="utf-8")
    node = next(
        n for n in ast.parse(text).body if isinstance(n, ast.FunctionDef) and n.name == name
    )
    lines = text.splitlines(keepends=True)
    start = node.lineno - 1 - len(node.decorator_list)
    lines[start : node.end_lineno] = [textwrap.dedent(new_source).strip() + "\n"]
    path.write_text("".join(lines), encoding="utf-8")


def _grade(target: Path, tmp_path: Path, *extra: str) -> tuple[dict, str]:
    out = tmp_path / "r.json"
    result = run_cli("grade", "ch2", "--target", str(target), "--json", str(out), *extra)
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8")), result.output


def _statuses(data: dict) -> dict[str, str]:
    return {e["id"]: e["status"] for e in data["exercises"]}


def test_each_broken_file_costs_only_its_own_checks(submission, tmp_path):
    s = submission() / "ch2"
    # an endless loop, sys.exit(), a 20 GB allocation, a deleted function, a dying process
    _replace_function(
        s / "lr_schedule.py",
        "exp_decay",
        """
        def exp_decay(base_lr, decay_rate, epoch, decay_steps, staircase=False):
            while True:
                pass
    """,
    )
    _replace_function(
        s / "complexity.py",
        "fc_param_count",
        """
        def fc_param_count(layer_sizes):
            import sys
            sys.exit(0)
    """,
    )
    _replace_function(
        s / "regularization.py",
        "l1_penalty",
        """
        def l1_penalty(w):
            import numpy as np
            return np.ones(20 * 1024**3 // 8).sum()
    """,
    )
    _replace_function(s / "optimizers.py", "sgd_step", "")
    _replace_function(
        s / "losses.py",
        "yoghurt_loss",
        """
        def yoghurt_loss(y_true, y_pred, cost=1.0, profit=99.0):
            import os
            os._exit(3)
    """,
    )
    (s / "activations.py").write_text("def sigmoid(x):\n    return 1 /\n", encoding="utf-8")
    data, out = _grade(s.parent, tmp_path, "--check-timeout", "8")
    got = _statuses(data)
    expected_bad = {
        "ch2.exp_decay": "timeout",
        "ch2.fc_complexity": "error",
        "ch2.penalties": "error",
        "ch2.regularized_loss": "error",  # it calls the student's l1_penalty
        "ch2.sgd": "error",
        "ch2.yoghurt_loss": "error",
        "ch2.sigmoid": "error",
        "ch2.tanh": "error",
        "ch2.relu": "error",
        "ch2.leaky_relu": "error",
    }
    assert {k: v for k, v in got.items() if v != "passed"} == expected_bad
    messages = {e["id"]: " ".join(c["message"] for c in e["checks"]) for e in data["exercises"]}
    assert "did not answer in time" in messages["ch2.exp_decay"]
    assert "sys.exit()" in messages["ch2.fc_complexity"]
    assert "memory" in messages["ch2.penalties"]
    assert "no function sgd_step" in messages["ch2.sgd"]
    assert "worker process ended (exit code 3)" in messages["ch2.yoghurt_loss"]
    assert "syntax error at line 2" in messages["ch2.sigmoid"]
    assert "ch2.softmax" in out and "Traceback" not in out


def test_endless_loop_at_import_costs_that_file_once(submission, tmp_path):
    s = submission()
    path = s / "ch2" / "complexity.py"
    path.write_text("while True:\n    pass\n" + path.read_text(encoding="utf-8"))
    data, _ = _grade(s, tmp_path, "--check-timeout", "12", "--only", "fc_complexity,sgd")
    checks = [c for e in data["exercises"] for c in e["checks"] if e["id"] == "ch2.fc_complexity"]
    assert [c["status"] for c in checks].count("timeout") == 1
    assert all(c["status"] in ("timeout", "error") for c in checks)
    assert "importing complexity.py did not finish in time" in checks[0]["message"]
    assert _statuses(data)["ch2.sgd"] == "passed"


def test_importing_the_reference_does_not_pass(submission, tmp_path):
    """The worker has no view of the kit (bwrap, Landlock): the import itself fails."""
    s = submission()
    (s / "ch2" / "losses.py").write_text(
        f"import sys\nsys.path.insert(0, {str(KIT_ROOT)!r})\nfrom solutions.ch2.losses import *\n",
        encoding="utf-8",
    )
    data, _ = _grade(s, tmp_path, "--only", "softmax,mse")
    assert set(_statuses(data).values()) == {"error"}
    assert data["score"]["earned"] == 0
    assert "importing losses.py raised" in data["exercises"][0]["checks"][0]["message"]


def test_a_conftest_in_the_student_folder_changes_nothing(submission, tmp_path):
    s = submission()
    evil = (
        "import pytest\n"
        "@pytest.hookimpl(wrapper=True)\n"
        "def pytest_runtest_makereport(item, call):\n"
        "    report = yield\n"
        "    report.outcome = 'passed'\n"
        "    return report\n"
    )
    for folder in (s, s / "ch2"):
        (folder / "conftest.py").write_text(evil, encoding="utf-8")
    stubbed = s / "ch2" / "activations.py"
    _replace_function(stubbed, "relu", "def relu(x):\n    return x\n")
    (s / "sitecustomize.py").write_text("raise SystemExit('hijacked')\n", encoding="utf-8")
    data, _ = _grade(s, tmp_path, "--only", "relu,sgd")
    assert _statuses(data) == {"ch2.relu": "failed", "ch2.sgd": "passed"}


def test_same_submission_same_score_every_run(submission, tmp_path):
    s = submission()
    _replace_function(
        s / "ch2" / "losses.py",
        "softmax",
        """
        def softmax(logits):
            import numpy as np
            e = np.exp(logits)
            return e / e.sum(axis=-1, keepdims=True)
    """,
    )
    first, _ = _grade(s, tmp_path, "--only", "softmax,sgdm")
    second, _ = _grade(s, tmp_path, "--only", "softmax,sgdm")
    strip = [
        [(c["name"], c["status"], c["message"], c["inputs"], c["got"]) for c in e["checks"]]
        for e in first["exercises"]
    ]
    again = [
        [(c["name"], c["status"], c["message"], c["inputs"], c["got"]) for c in e["checks"]]
        for e in second["exercises"]
    ]
    assert strip == again
    assert first["score"] == second["score"]


def test_endless_import_of_kit_code_costs_that_file_once(submission):
    """The kit's own targets (mistakes, mutants) import in the checker: a mutant that loops at
    import is stopped by the parent's watchdog, and the restarted checker reports the file as
    broken instead of importing it again for each of its checks."""
    from grader.runner import Limits, TargetSpec, run_checks
    from grader.selection import Selection

    s = submission()
    path = s / "ch2" / "complexity.py"
    path.write_text("while True:\n    pass\n" + path.read_text(encoding="utf-8"))
    outcome = run_checks(
        chapters=["ch2"],
        targets=[TargetSpec("mutant", s, trusted=True)],
        selection=Selection(("fc_complexity", "sgd")),
        limits=Limits(check_s=3, total_s=3600, memory_mb=4096),
    )
    results = outcome.results["mutant"]
    mine = [r for r in results if r.exercise == "ch2.fc_complexity"]
    assert len(mine) > 1
    assert [r.status for r in mine].count("timeout") == 1
    assert all(r.status in ("timeout", "error") for r in mine)
    assert all("complexity" in r.message for r in mine)
    assert all(r.status == "passed" for r in results if r.exercise == "ch2.sgd")


def test_nothing_the_submission_wrote_outlives_the_grade(submission, tmp_path, monkeypatch):
    """The worker's cell (its copy of the target, its scratch folder) is removed with it."""
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    s = submission()
    path = s / "ch2" / "activations.py"
    path.write_text("open('left-behind.txt', 'w').write('x')\n" + path.read_text(encoding="utf-8"))
    data, _ = _grade(s, tmp_path, "--only", "sigmoid")
    assert _statuses(data)["ch2.sigmoid"] == "passed"
    assert list(temp.iterdir()) == []


def test_files_a_check_shares_with_the_kits_own_code_are_removed_too(tmp_path, monkeypatch):
    """selftest runs the references and the mistakes in the checker's process: the folders a
    ch4 check writes their inputs into go with the checker's working folder, not into the
    system's temporary folder for good."""
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    result = run_cli("selftest", "ch4", "--only", "cache")
    assert result.exit_code == 0, result.output
    assert list(temp.iterdir()) == []
