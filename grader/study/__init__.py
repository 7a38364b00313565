"""The self-learner's tools: history, what changed, progress, show, next, hints, watch.

The grade command calls ``after_grade(report, target, console)`` after the scorecard.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from grader.results import GradeReport


def after_grade(
    report: GradeReport, target: Path | None, console: Console, shown: GradeReport | None = None
) -> None:
    """Record the run, print what changed and escalated hints (see grader.study.session);
    ``shown`` is what the student saw, kept for ``coursekit report --last`` (watch: the whole
    chapter, where ``report`` is the regrade)."""
    from grader.study.session import after_grade as run

    run(report, target, console, shown)
