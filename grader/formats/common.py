"""What every report format shares: the Format record, clean text and each check's points.

Two rules live here so that no format can drift from them:
- text that came from a submission (a message, the shrunk input, expected and got, a hint, a metric)
  passes through ``results.clean`` before any format sees it, whatever the format escapes itself;
- a check's points are the kit's own split (``ExerciseResult.earned``): an exercise's points
  shared evenly over its checks that ran, a skipped check worth nothing, nothing earned when void.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from grader.i18n import N_, _
from grader.results import (
    OK_STATUSES,
    ChapterResult,
    CheckResult,
    ExerciseResult,
    GradeReport,
    clean,
)

METRIC_KEY_LIMIT = 100  # the runner's own cap on a metric's name
# the labels of a failure's feedback, as the student reads them (the field names stay English)
DETAIL_LABELS = (
    ("inputs", N_("input")),
    ("expected", N_("expected")),
    ("got", N_("got")),
    ("hint", N_("hint")),
    ("rerun", N_("rerun")),
)


@dataclass(frozen=True)
class Format:
    """One report format: its registry name, a line for ``--help``, the usual file suffix and the
    function that turns a report into the file's whole content (text, or bytes for a binary one)."""

    name: str
    description: str  # marked with N_: translate with _() where it is shown
    suffix: str
    render: Callable[[GradeReport], str | bytes]


def scrubbed(check: CheckResult) -> CheckResult:
    """The check with every text field cleaned. The runner cleans what it reads from the checker, so
    for its records this changes nothing; a record built anywhere else is made safe here too."""
    return replace(
        check,
        name=clean(check.name),
        message=clean(check.message),
        inputs=clean(check.inputs),
        expected=clean(check.expected),
        got=clean(check.got),
        hint=clean(check.hint),
        rerun=clean(check.rerun),
        metrics=clean_metrics(check.metrics),
    )


def clean_metrics(metrics: dict[str, Any]) -> dict[str, Any]:
    """Metric names and text values cleaned; numbers and flags kept as they are."""
    return {
        clean(key, METRIC_KEY_LIMIT): clean(value) if isinstance(value, str) else value
        for key, value in metrics.items()
    }


def detail_lines(check: CheckResult) -> list[str]:
    """The feedback a student reads under a failure: input, expected, got, hint, how to rerun."""
    return [
        f"{_(label)}: {getattr(check, field)}"
        for field, label in DETAIL_LABELS
        if getattr(check, field)
    ]


def rows(report: GradeReport) -> Iterator[tuple[ChapterResult, ExerciseResult, CheckResult]]:
    """Every check of the report in order, with its chapter and exercise, already scrubbed."""
    for chapter in report.chapters:
        for exercise in chapter.exercises:
            for check in exercise.checks:
                yield chapter, exercise, scrubbed(check)


def check_points(
    report: GradeReport, exercise: ExerciseResult, check: CheckResult
) -> tuple[float, float]:
    """(earned, possible) of one check, so that an exercise's checks add up to its ``earned`` and
    ``possible`` (up to the kit's rounding to 4 places). Unrounded: a format rounds if it must."""
    ran = sum(c.status != "skipped" for c in exercise.checks)
    if check.status == "skipped" or not ran:
        return 0.0, 0.0
    share = exercise.possible / ran
    earned = share if check.status == "passed" and not report.void else 0.0
    return earned, share


def is_ok(report: GradeReport, check: CheckResult) -> bool:
    """Whether a platform that knows only pass and fail should show the check as passed: it passed
    (or was skipped, which is not the student's failing) and the grade is not void."""
    return not report.void and check.status in OK_STATUSES


def void_text(report: GradeReport) -> str:
    """Why a void grade is void, with the files that changed (empty for a grade that stands)."""
    if not report.void:
        return ""
    lines = [
        _("the grade is void ({status}): {reason}").format(
            status=report.status, reason=clean(report.reason)
        )
    ]
    lines += [_("changed: {files}").format(files=clean(path)) for path in report.changed_files]
    return "\n".join(lines)


def summary(report: GradeReport) -> str:
    """One line per chapter and a total: what a student reads first on a grading platform."""
    lines = [
        _("{chapter} ({target}): {earned} / {possible} points").format(
            chapter=ch.chapter,
            target=clean(ch.target),
            earned=f"{0.0 if report.void else ch.earned:g}",
            possible=f"{ch.possible:g}",
        )
        for ch in report.chapters
    ]
    lines.append(
        _("total: {earned} / {possible} points ({percent} %)").format(
            earned=f"{report.earned:g}",
            possible=f"{report.possible:g}",
            percent=f"{report.percent:.1f}",
        )
    )
    if report.void:
        lines.append(void_text(report))
    return "\n".join(lines)
