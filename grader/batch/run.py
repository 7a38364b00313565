"""`coursekit batch`: grade a class, one results JSON per student, resumable through a ledger.

A job is one process with one checker (TensorFlow imported once) that grades its share of the
class one target after another, each target's worker forked from the warm zygote
(grader.warm), and writes a student's JSON and ledger row as soon as that student's last check
reports. A broken, empty, looping or hostile submission is a row with its status, never a
stopped batch.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader import hardware, protocol
from grader.batch.ledger import Ledger, grade_key
from grader.batch.rows import Student, write_row
from grader.errors import UsageError
from grader.grading import MEMORY_MB, RunFacts
from grader.i18n import _
from grader.results import CheckResult
from grader.runner import Limits, TargetSpec, run_checks
from grader.selection import EVERY_CHECK, Selection

Event = tuple[Any, ...]  # ("done", student, status, percent, seconds) | ("note", text)


@dataclass(frozen=True)
class BatchPlan:
    chapter: str
    out: Path
    limits: Limits
    sandbox: str
    warm: bool
    selection: Selection = EVERY_CHECK

    @property
    def key(self) -> str:
        """What the ledger says was graded (grader.batch.ledger.grade_key)."""
        return grade_key(self.chapter, self.selection.to_text())


def parse_shard(text: str | None) -> tuple[int, int] | None:
    """``i/n`` (1-based): this run grades every n-th student, starting at the i-th."""
    if not text:
        return None
    try:
        i, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise UsageError(
            _("--shard expects i/n such as 2/4, got {text!r}").format(text=text)
        ) from None
    if not 1 <= i <= n:
        raise UsageError(_("--shard {text}: expected 1 <= i <= n").format(text=text))
    return i, n


def _job(plan: BatchPlan, students: list[Student], events: Any) -> None:
    """One job's process: a checker for its share; each row written as its student finishes."""
    from grader.warm import WarmPool, unavailable

    ledger = Ledger(plan.out / "ledger.sqlite")
    facts = RunFacts("sample", "", hardware.detect(), plan.sandbox)
    by_label = {s.label: s for s in students}
    clock = {"since": time.monotonic()}

    def finish(label: str, checks: list[CheckResult], note: str = "") -> None:
        student = by_label.pop(label, None)
        if student is None:
            return
        seconds = time.monotonic() - clock["since"]
        clock["since"] = time.monotonic()
        status, percent = write_row(plan.out, plan.chapter, facts, student, checks, note,
                                    plan.selection)  # fmt: skip
        ledger.record(student.student, student.sha256, plan.key, status, percent, seconds)
        events.put(("done", student.student, status, percent, seconds))

    pool, why = None, unavailable(plan.sandbox) if plan.warm else "--cold"
    if not why:
        try:
            pool = WarmPool.start()
        except OSError as exc:
            why = str(exc)
    if why:
        cold = _("each worker starts cold (TensorFlow imported per student): {why}")
        events.put(("note", cold.format(why=why)))
    try:
        outcome = run_checks(
            chapters=[plan.chapter],
            targets=[TargetSpec(s.label, s.path) for s in students],
            limits=plan.limits,
            selection=plan.selection,
            env={protocol.PROFILE: "sample", protocol.REPORT_DIR: str(plan.out / "reports")},
            sandbox=plan.sandbox,
            warm=pool,
            on_target=finish,
        )
        for label, checks in outcome.results.items():
            finish(label, checks, "; ".join(n.splitlines()[0] for n in outcome.notes[:3]))
    finally:
        if pool is not None:
            pool.close()
    for label in list(by_label):  # the grade itself failed: a row that says so
        finish(label, [], _("the grader stopped before this submission was graded"))


def run_batch(
    *,
    students: Sequence[Student],
    chapter: str,
    out: Path,
    sandbox: str,
    check_s: float,
    jobs: int = 1,
    total_s: float = 6 * 3600.0,
    warm: bool = True,
    selection: Selection = EVERY_CHECK,
    on_event: Callable[[Event], None] | None = None,
) -> None:
    """Grade ``students`` (those the ledger lacks) in ``jobs`` processes; rows without code to
    grade (empty, broken) are written here at once."""
    plan = BatchPlan(chapter, out, Limits(check_s, total_s, MEMORY_MB), sandbox, warm, selection)
    ledger = Ledger(out / "ledger.sqlite")
    facts = RunFacts("sample", "", {}, sandbox)
    gradable = []
    for s in students:
        if s.problem:
            status, percent = write_row(out, chapter, facts, s, [])
            ledger.record(s.student, s.sha256, plan.key, status, percent, 0.0)
            if on_event is not None:
                on_event(("done", s.student, status, percent, 0.0))
        else:
            gradable.append(s)
    shares = [gradable[i::jobs] for i in range(jobs)]
    # fork: the parent holds no TensorFlow; each job imports it once in its checker
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    events = context.Queue()
    procs = [
        context.Process(target=_job, args=(plan, share, events))  # type: ignore[attr-defined]
        for share in shares
        if share
    ]
    for p in procs:
        p.start()
    while any(p.is_alive() for p in procs) or not events.empty():
        try:
            event = events.get(timeout=0.2)
        except queue.Empty:
            continue
        if on_event is not None:
            on_event(event)
    for p in procs:
        p.join()
