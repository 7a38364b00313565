"""after_grade: records the run, prints the delta and escalated hints, and never breaks a
grade (a locked or corrupt history is one dim line); the kit's solutions are never recorded."""

from __future__ import annotations

import sqlite3
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console
from study_helpers import report, student

from grader.paths import SOLUTIONS_DIR
from grader.study import after_grade, session
from grader.study.hints import hints
from grader.study.history import db_path, runs


@pytest.fixture(autouse=True)
def history_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kit's tests keep no history (conftest); these test the history itself."""
    monkeypatch.delenv(session.DISABLE_ENV, raising=False)


def grade_output(rep: object, target: Path | None) -> str:
    console = Console(file=StringIO(), width=100)
    after_grade(rep, target, console)  # type: ignore[arg-type]
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_records_prints_and_escalates(tmp_path: Path) -> None:
    target = student(tmp_path)
    failing = report("ch2", {"softmax": "failed", "mse": "passed"}, target=str(target))
    first = grade_output(failing, target)
    assert "first recorded run of ch2" in first and "hint for" not in first
    second = grade_output(failing, None)  # None: the folder the report names
    assert "still failing: softmax" in second
    assert f"hint for ch2.softmax (not passing 2 runs in a row): {hints('ch2.softmax')[0]}" in (
        " ".join(second.split())
    )
    third = " ".join(grade_output(failing, target).split())
    assert hints("ch2.softmax")[1] in third
    assert len(runs(target)) == 3


def test_the_kits_solutions_are_never_recorded(tmp_path: Path) -> None:
    existed = db_path(SOLUTIONS_DIR).exists()
    out = grade_output(report("ch2", {"softmax": "passed"}), SOLUTIONS_DIR)
    assert out == "" and db_path(SOLUTIONS_DIR).exists() == existed


def test_void_reports_and_the_switch_record_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    target = student(tmp_path)
    assert grade_output(replace(report("ch2", {"mse": "passed"}), status="tampered"), target) == ""
    monkeypatch.setenv(session.DISABLE_ENV, "1")
    assert grade_output(report("ch2", {"mse": "passed"}), target) == ""
    assert not db_path(target).exists()


def test_a_corrupt_history_is_one_dim_line(tmp_path: Path) -> None:
    target = student(tmp_path)
    db_path(target).parent.mkdir()
    db_path(target).write_bytes(b"this is not a database" * 100)
    out = grade_output(report("ch2", {"mse": "passed"}), target)
    assert out.count("\n") == 1 and "history not recorded" in out and "grade stands" in out


def test_a_locked_history_is_one_dim_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = student(tmp_path)
    grade_output(report("ch2", {"mse": "passed"}), target)
    monkeypatch.setattr(session, "LOCK_WAIT_S", 0.2)
    holder = sqlite3.connect(db_path(target), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another grade in the middle of its write
        out = grade_output(report("ch2", {"mse": "failed"}), target)
    finally:
        holder.close()
    assert out.count("\n") == 1 and "locked" in out
    assert len(runs(target)) == 1


def test_the_last_results_are_what_the_student_saw(tmp_path: Path) -> None:
    """Watch regrades one exercise and shows the whole chapter: `report --last` gets the
    chapter, while the history records the regrade."""
    import json

    target = student(tmp_path)
    full = report("ch2", {"softmax": "passed", "mse": "passed"}, target=str(target))
    regrade = report("ch2", {"mse": "passed"}, target=str(target))
    console = Console(file=StringIO(), width=100)
    after_grade(regrade, target, console, shown=full)
    last = json.loads((target / ".coursekit" / "last.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in last["exercises"]] == ["ch2.softmax", "ch2.mse"]
    after_grade(regrade, target, console)  # a grade --only: what was graded is what was seen
    last = json.loads((target / ".coursekit" / "last.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in last["exercises"]] == ["ch2.mse"]
