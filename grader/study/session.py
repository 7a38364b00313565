"""After a grade: record the run, print what changed, offer the next hint where an exercise
keeps failing. Nothing here may break a grade: any trouble with the history is one dim line."""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console
from rich.text import Text

from grader import protocol
from grader.i18n import _
from grader.paths import SOLUTIONS_DIR
from grader.results import GradeReport

LOCK_WAIT_S = 5.0  # how long a grade waits for another grade's write before giving up on it
MAX_HINTS = 5  # hints printed after one grade; more would bury the scorecard
DISABLE_ENV = protocol.NO_HISTORY  # set (to anything but "" or "0") to record nothing


def is_kit_solutions(target: Path) -> bool:
    """The kit's own references: never a student's history."""
    try:
        resolved = target.resolve()
        return resolved == SOLUTIONS_DIR.resolve() or SOLUTIONS_DIR.resolve() in resolved.parents
    except OSError:
        return False


def after_grade(
    report: GradeReport, target: Path | None, console: Console, shown: GradeReport | None = None
) -> None:
    """Record ``report`` in ``target``'s history, print the delta and escalated hints.

    ``target`` is the graded folder (the one holding ch1 … ch6); None means the folder the
    report names. The kit's solutions/, a void report or COURSEKIT_NO_HISTORY records nothing.
    """
    try:
        if report.void or not report.chapters:
            return
        if os.environ.get(DISABLE_ENV, "") not in ("", "0"):
            return
        folder = Path(target) if target is not None else Path(report.chapters[0].target)
        if is_kit_solutions(folder) or not folder.is_dir():
            return
        from grader.study.history import record

        delta = record(report, folder, timeout=LOCK_WAIT_S)
        from grader.formats import write

        # coursekit report --last: what the student last saw (watch: the whole chapter, merged)
        write(shown or report, "json", folder / ".coursekit" / "last.json")
    except Exception as exc:  # noqa: BLE001 - a history problem must never break a grade
        _dim(
            console,
            _("history not recorded ({error}); the grade stands").format(
                error=f"{type(exc).__name__}: {exc}"
            ),
        )
        return
    try:
        from grader.study.delta import DeltaPanel
        from grader.study.hints import hint_for

        console.print(DeltaPanel(delta))
        offered = 0
        for exercise_id, failures in delta.streaks.items():
            hint = hint_for(exercise_id, failures)
            if hint is None:
                continue
            if offered == MAX_HINTS:
                _dim(console, _("more hints: coursekit show <exercise>, or fix one at a time"))
                break
            offered += 1
            line = Text.assemble(
                (_("hint for {exercise}").format(exercise=exercise_id), "bold cyan"),
                (_(" (not passing {count} runs in a row): ").format(count=failures), "dim"),
                hint,
            )
            console.print(line)
    except Exception as exc:  # noqa: BLE001
        _dim(
            console,
            _("progress not shown ({error})").format(error=f"{type(exc).__name__}: {exc}"),
        )


def _dim(console: Console, message: str) -> None:
    console.print(Text(message, style="dim"))
