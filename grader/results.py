"""Result records and scoring: what a grade found, per check, exercise, chapter and report.

The records are plain dataclasses: the scorecard renders them, and ``grader.formats`` writes them
(one module per format: the results JSON, JUnit, Gradescope, GitHub Classroom, CSV); the records
know no format, so nothing here imports upward. The JSON layout is a stable interface,
documented in README.md.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Worst first: an exercise takes the worst status of its checks.
STATUS_ORDER = ("error", "timeout", "failed", "todo", "skipped", "passed")


OK_STATUSES = ("passed", "skipped")  # a check that did not pass, fail or err

# Who sees a check's outcome before the due date: Gradescope's words ("visible" is shown
# at once, "after_due_date" once the assignment closes, "hidden" to the instructor only).
# A check says which with @pytest.mark.visibility("public" | "hidden" | "after_due_date");
# "public" also means it ships in the student edition (it needs no reference solution).
VISIBILITIES = ("visible", "hidden", "after_due_date")
_MARKER_VISIBILITY = {
    "public": "visible",
    "visible": "visible",
    "hidden": "hidden",
    "after_due_date": "after_due_date",
}


def visibility_of(marker_value: object) -> str:
    """A check's visibility marker as one of VISIBILITIES; anything else (absent, a typo, a
    value a checker made up) is "hidden": nothing is ever revealed by mistake."""
    if not isinstance(marker_value, str):
        return "hidden"
    return _MARKER_VISIBILITY.get(marker_value, "hidden")


def worst(statuses: list[str]) -> str:
    if not statuses:
        return "todo"
    return min(statuses, key=STATUS_ORDER.index)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
TEXT_LIMIT = 4000


def clean(text: object, limit: int = TEXT_LIMIT) -> str:
    """Text that came from a submission, safe for a terminal and for XML: no control characters
    (escape sequences, NUL, bells), no lone surrogates, and a bounded length."""
    out = _CONTROL.sub("", str(text))
    return out if len(out) <= limit else out[: limit - 1] + "…"


def write_atomically(path: Path, text: str | bytes) -> None:
    """A reader sees the old file or the new one, never half of one. Text is written as UTF-8
    with the newlines it has (``\n`` stays ``\n`` on Windows too); bytes as they are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as fb:
                fb.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class CheckResult:
    exercise: str
    name: str
    status: str
    message: str = ""
    duration_s: float = 0.0
    inputs: str = ""  # the (shrunk) input that broke it, already abridged for display
    expected: str = ""
    got: str = ""
    hint: str = ""
    rerun: str = ""  # the command that reruns just this check
    metrics: dict[str, Any] = field(default_factory=dict)  # e.g. accuracy, time, seed (training)
    visibility: str = "hidden"  # one of VISIBILITIES (the check's marker, see visibility_of)


@dataclass(frozen=True)
class ExerciseResult:
    id: str
    title: str
    possible: float
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def status(self) -> str:
        return worst([c.status for c in self.checks])

    @property
    def graded(self) -> bool:
        """False when every check was skipped (a tier this hardware or data cannot run)."""
        return any(c.status != "skipped" for c in self.checks)

    @property
    def earned(self) -> float:
        ran = [c for c in self.checks if c.status != "skipped"]
        if not ran:
            return 0.0
        passed = sum(c.status == "passed" for c in ran)
        return round(self.possible * passed / len(ran), 4)


def score_summary(earned: float, possible: float) -> dict[str, float]:
    """The score block of every report: earned and percent rounded the one way the kit rounds."""
    percent = 100.0 * earned / possible if possible else 0.0
    return {"earned": round(earned, 4), "possible": possible, "percent": round(percent, 2)}


@dataclass(frozen=True)
class ChapterResult:
    chapter: str
    title: str
    target: str
    exercises: list[ExerciseResult]
    profile: str = "sample"
    profile_reason: str = ""
    hardware: dict[str, Any] = field(default_factory=lambda: {"gpus": [], "cpu_cores": 0})
    notes: list[str] = field(default_factory=list)  # grader-level events (restarts, timeouts)
    sandbox: str = ""  # the worker's cell level: bwrap, landlock, uid or plain

    @property
    def earned(self) -> float:
        return sum(e.earned for e in self.exercises)

    @property
    def possible(self) -> float:
        """Points of the exercises that were graded (fully skipped ones do not count)."""
        return sum(e.possible for e in self.exercises if e.graded)

    @property
    def percent(self) -> float:
        return score_summary(self.earned, self.possible)["percent"]


@dataclass(frozen=True)
class GradeReport:
    """What one `coursekit grade` produced: one or more chapters."""

    chapters: list[ChapterResult]
    all_chapters: bool = False
    # "ok"; "tampered": the kit's grading files changed during the grade (the score is void);
    # "grader-error": the grader itself failed (``reason`` says why)
    status: str = "ok"
    reason: str = ""
    changed_files: list[str] = field(default_factory=list)

    @property
    def void(self) -> bool:
        return self.status != "ok"

    @property
    def earned(self) -> float:
        return 0.0 if self.void else sum(c.earned for c in self.chapters)

    @property
    def possible(self) -> float:
        return sum(c.possible for c in self.chapters)

    @property
    def percent(self) -> float:
        return score_summary(self.earned, self.possible)["percent"]


def failed_report(chapter: str, target: str, reason: str) -> GradeReport:
    """What is written when the grader itself could not finish: no score, and why."""
    return GradeReport(
        [ChapterResult(chapter, "", target, [])], status="grader-error", reason=clean(reason)
    )
