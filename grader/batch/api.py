"""The Python API behind `coursekit batch` (it owns the defaults; the CLI passes what it got)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from grader import chapters as registry
from grader.batch.ledger import Ledger, grade_key
from grader.batch.rows import Student, survey
from grader.batch.run import Event, parse_shard, run_batch
from grader.errors import UsageError
from grader.grading import CHECK_S, choose_sandbox
from grader.i18n import _
from grader.selection import Selection


@dataclass
class BatchSummary:
    students: int  # in this shard
    skipped: int  # already in the ledger (same submission, same kit)
    graded: dict[str, str] = field(default_factory=dict)  # student -> batch status
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def plan_students(submissions: Path, key: str, chapter: str, out: Path,
                  shard: str | None) -> tuple[list[Student], int]:  # fmt: skip
    """This shard's students the ledger has not graded yet, and how many it had."""
    from grader.gradebook.layouts import discover

    if not submissions.is_dir():
        raise UsageError(_("submissions folder not found: {path}").format(path=submissions))
    found = survey(discover(submissions, extract_dir=out / "unpacked"), chapter)
    part = parse_shard(shard)
    if part is not None:
        i, n = part
        found = [s for k, s in enumerate(found) if k % n == i - 1]
    ledger = Ledger(out / "ledger.sqlite")
    todo = [s for s in found if not (s.sha256 and ledger.done(s.student, s.sha256, key))]
    return todo, len(found) - len(todo)


def batch(
    *,
    submissions: Path,
    chapter: str,
    out: Path,
    jobs: int = 1,
    shard: str | None = None,
    only: Sequence[str] = (),
    check_s: float = CHECK_S,
    sandbox: str | None = None,
    warm: bool = True,
    on_event: Callable[[Event], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Grade every submission in ``submissions`` (a folder per student or a zip; also the
    layouts of a Gradescope export and of GitHub Classroom) for ``chapter``. Rows go to
    ``out/students/<student>.json``; ``out/ledger.sqlite`` makes a rerun skip what is done."""
    if chapter == "all" or chapter not in {c.id for c in registry.CHAPTERS}:
        raise UsageError(
            _("--chapter: expected one chapter (ch1 … ch6), got {chapter!r}").format(
                chapter=chapter
            )
        )
    if jobs < 1:
        raise UsageError(_("--jobs must be at least 1"))
    level = choose_sandbox(sandbox, False)
    selection = Selection.parse(registry.resolve(chapter), only)
    out.mkdir(parents=True, exist_ok=True)
    key = grade_key(chapter, selection.to_text())
    todo, skipped = plan_students(submissions, key, chapter, out, shard)
    summary = BatchSummary(len(todo) + skipped, skipped)
    if on_plan is not None:
        on_plan(len(todo))

    def take(event: Event) -> None:
        if event[0] == "done":
            summary.graded[event[1]] = event[2]
        elif event[0] == "note" and event[1] not in summary.notes:
            summary.notes.append(event[1])
        if on_event is not None:
            on_event(event)

    start = time.monotonic()
    run_batch(students=todo, chapter=chapter, out=out, sandbox=level, jobs=jobs,
              check_s=check_s, warm=warm, selection=selection, on_event=take)  # fmt: skip
    summary.seconds = time.monotonic() - start
    return summary
