"""coursekit progress / show / next, on a typer app of their own (no grading, no TF)."""

from __future__ import annotations

from pathlib import Path

import typer
from study_helpers import report, student
from typer.testing import CliRunner

from grader import chapters as registry
from grader.study.commands import register
from grader.study.history import record
from grader.study.show import checks, find_exercise

app = typer.Typer()
register(app)


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_show_softmax() -> None:
    out = run("show", "ch2.softmax")
    assert "ch2.softmax" in out and "exercises/ch2/losses.py:" in out
    assert "Softmax along the last axis" in out  # the docstring
    assert "grader/checks/ch2/test_losses.py" in out
    assert "mistakes/ch2/softmax_max_of_whole_batch.py" in out
    assert run("show", "softmax") == out  # a short name that only ch2 has


def test_show_refuses_unknown_and_ambiguous_names() -> None:
    shorts = [e.short for ch in registry.CHAPTERS for e in ch.exercises]
    twice = next((s for s in shorts if shorts.count(s) > 1), None)
    result = CliRunner().invoke(app, ["show", "nothing_like_this"])
    assert result.exit_code == 2 and "no exercise" in result.output
    if twice:
        result = CliRunner().invoke(app, ["show", twice])
        assert result.exit_code == 2 and "more than one chapter" in result.output


def test_every_exercise_has_hidden_checks() -> None:
    for ch in registry.CHAPTERS:
        for e in ch.exercises:
            assert checks(e.id), e.id
    assert {c.path.name for c in checks("ch3.shuffle")} >= {"test_data_prep.py"}
    assert find_exercise("adam").id == "ch2.adam"


def test_progress_and_plot(tmp_path: Path) -> None:
    target = student(tmp_path)
    empty = run("progress", "--target", str(target))
    assert "never" in empty and "no grades recorded yet" in empty
    record(report("ch2", {"softmax": "failed", "mse": "passed"}), target, now=1.8e9)
    record(report("ch2", {"softmax": "passed"}), target, now=1.8e9 + 60)  # --only softmax
    png = tmp_path / "plots" / "progress.png"
    out = run("progress", "--target", str(target), "--plot", str(png))
    points = registry.chapter("ch2").points  # the helper's exercises are worth 1 point each
    assert f"2/{points:g}" in out and "2/20" in out  # softmax's latest state is run 2's
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_next(tmp_path: Path) -> None:
    target = student(tmp_path)
    out = run("next", "--target", str(target))
    assert "next: ch1.constant" in out and "not graded yet" in out and "hint:" in out
    ch1 = {e.short: "passed" for e in registry.chapter("ch1").exercises}
    record(report("ch1", ch1), target)
    record(report("ch2", {"sigmoid": "passed", "tanh": "failed"}), target)
    out = run("next", "--target", str(target))
    assert "next: ch2.tanh" in out and "(failed)" in out and "ch2/activations.py" in out
