"""The grade history: what one run stores, what the delta says, and that two grades at once or
a grade killed midway leave the file whole (every run complete, none half written)."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest
from study_helpers import report, student

from grader.study import history
from grader.study.history import db_path, last, record, runs, submission_hash

T0 = 1_800_000_000.0


def test_first_run_then_delta(tmp_path: Path) -> None:
    target = student(tmp_path)
    first = record(report("ch2", {"softmax": "failed", "adam": "passed"}), target, now=T0)
    assert [c.first for c in first.chapters] == [True]
    assert db_path(target) == target / ".coursekit" / "history.sqlite"
    second = record(report("ch2", {"softmax": "passed", "adam": "failed"}), target, now=T0 + 7200)
    (ch,) = second.chapters
    assert ch.previous_time == T0 and ch.time == T0 + 7200
    assert second.newly_passing == ["ch2.softmax"]
    assert second.regressions == ["ch2.adam"]
    assert second.streaks == {"ch2.adam": 1}
    third = record(report("ch2", {"softmax": "passed", "adam": "error"}), target, now=T0 + 9000)
    assert third.regressions == [] and third.still_failing == ["ch2.adam"]
    assert third.streaks == {"ch2.adam": 2}


def test_runs_and_last_hold_everything(tmp_path: Path) -> None:
    target = student(tmp_path)
    facts = {"accuracy": 0.91, "seeds": [1, 2], "device": "cpu", "flag": True}
    rep = report("ch3", {"mnist_mlp": "passed", "linear": "todo"}, mnist_mlp=facts)
    record(rep, target, now=T0)
    run = last(target, "ch3")
    assert run is not None and run.chapter == "ch3" and run.time == T0
    assert run.kit_version and run.submission == submission_hash(target, "ch3")
    assert run.exercises["ch3.mnist_mlp"].metrics == {"accuracy": 0.91}  # numbers only
    assert run.exercises["ch3.linear"].status == "todo"
    assert (run.earned, run.possible, run.passed) == (1.0, 2.0, 1)
    with sqlite3.connect(db_path(target)) as conn:
        assert conn.execute("SELECT name, status FROM checks ORDER BY rowid").fetchall() == [
            ("test_mnist_mlp", "passed"),
            ("test_linear", "todo"),
        ]
    assert last(target, "ch1") is None
    assert runs(tmp_path / "nowhere") == [] and not (tmp_path / "nowhere").exists()


def test_accuracy_up_and_down(tmp_path: Path) -> None:
    target = student(tmp_path)
    record(report("ch3", {"mnist_mlp": "passed"}, mnist_mlp={"accuracy": 0.91}), target)
    up = record(report("ch3", {"mnist_mlp": "passed"}, mnist_mlp={"accuracy": 0.94}), target)
    assert [(m.exercise, m.before, m.after, m.up) for m in up.accuracy_up] == [
        ("ch3.mnist_mlp", 0.91, 0.94, True)
    ]
    down = record(report("ch3", {"mnist_mlp": "failed"}, mnist_mlp={"accuracy": 0.5}), target)
    assert [m.after for m in down.accuracy_down] == [0.5]
    # an error metric is better when it goes down; epochs are not compared at all
    record(report("ch6", {"co2_lstm": "passed"}, co2_lstm={"rmse": 0.9, "epochs": 3}), target)
    better = record(
        report("ch6", {"co2_lstm": "passed"}, co2_lstm={"rmse": 0.5, "epochs": 5}), target
    )
    assert [(m.metric, m.better) for m in better.accuracy_up] == [("rmse", True)]


def test_submission_hash_follows_the_files(tmp_path: Path) -> None:
    target = student(tmp_path)
    before = submission_hash(target, "ch2")
    (target / "ch2" / ".hidden").mkdir()
    (target / "ch2" / ".hidden" / "x.py").write_text("pass\n")
    assert submission_hash(target, "ch2") == before
    (target / "ch2" / "mod.py").write_text("# changed\n")
    assert submission_hash(target, "ch2") != before


def test_only_runs_and_void_reports(tmp_path: Path) -> None:
    target = student(tmp_path)
    record(report("ch2", {"softmax": "passed", "adam": "failed"}), target)
    partial = record(report("ch2", {"adam": "passed"}), target)  # grade ch2 --only adam
    assert partial.newly_passing == ["ch2.adam"] and partial.regressions == []
    again = record(report("ch2", {"softmax": "failed", "adam": "passed"}), target)
    assert again.regressions == ["ch2.softmax"]  # softmax's latest state came from run 1
    void = replace(report("ch2", {"softmax": "passed"}), status="tampered")
    assert record(void, target).chapters == ()
    assert len(runs(target)) == 3


def test_streak_ends_at_a_pass_or_a_todo(tmp_path: Path) -> None:
    target = student(tmp_path)
    for status in ("failed", "passed", "failed", "todo", "failed", "skipped", "timeout"):
        delta = record(report("ch2", {"adam": status}), target)
    assert delta.streaks == {"ch2.adam": 2}


def _record_many(target: str, worker: int, count: int) -> None:
    for i in range(count):
        statuses = {"softmax": "passed" if (i + worker) % 2 else "failed", "adam": "todo"}
        record(report("ch2", statuses), Path(target), timeout=60.0)


def test_two_processes_at_once_give_every_run_whole(tmp_path: Path) -> None:
    target = student(tmp_path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_record_many, args=(str(target), w, 20)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(180)
    assert [p.exitcode for p in procs] == [0, 0]
    found = runs(target)
    assert len(found) == 40
    assert all(set(r.exercises) == {"ch2.softmax", "ch2.adam"} for r in found)
    with sqlite3.connect(db_path(target)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT COUNT(*) FROM checks").fetchone()[0] == 80


def _record_and_hang(target: str, inside: object) -> None:
    def pause() -> None:
        inside.set()  # type: ignore[attr-defined]
        time.sleep(120)

    history._in_transaction_hook = pause
    record(report("ch2", {"softmax": "passed", "adam": "passed", "mse": "passed"}), Path(target))


def test_a_run_killed_midway_leaves_nothing_behind(tmp_path: Path) -> None:
    target = student(tmp_path)
    record(report("ch2", {"softmax": "failed", "adam": "failed"}), target, now=T0)
    ctx = multiprocessing.get_context("spawn")
    inside = ctx.Event()
    child = ctx.Process(target=_record_and_hang, args=(str(target), inside))
    child.start()
    try:
        assert inside.wait(120), "the child never reached the middle of its transaction"
        with sqlite3.connect(db_path(target), timeout=0.1) as conn:  # it holds the write lock
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                conn.execute("BEGIN IMMEDIATE")
    finally:
        child.kill()  # SIGKILL on POSIX: no cleanup, no rollback by the child
        child.join(30)
    assert child.exitcode is not None and child.exitcode != 0
    with sqlite3.connect(db_path(target)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table in ("exercises", "checks", "metrics"):
            orphans = conn.execute(
                f"SELECT COUNT(*) FROM {table} WHERE run_id NOT IN (SELECT id FROM runs)"
            ).fetchone()[0]
            assert orphans == 0, table
    found = runs(target)
    assert [r.time for r in found] == [T0]
    assert set(found[0].exercises) == {"ch2.softmax", "ch2.adam"}
    after = record(report("ch2", {"softmax": "passed", "adam": "failed"}), target)  # not stuck
    assert after.newly_passing == ["ch2.softmax"] and len(runs(target)) == 2
