"""The results JSON: the kit's own stable interface (README, "Results JSON"), read by CI systems and
gradebooks. Its layout must not change: tests/fixtures/formats/*.json hold what the kit wrote before
this module existed, and tests/test_formats.py proves every byte still matches.

``report_dict`` is the one place that knows the layout (batch rows use it too): one object per
chapter (or ``{"chapters": [...]}`` for ``grade all``), a score block, a
``status`` that says whether the score stands.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from grader import __version__, edition
from grader.formats.common import Format, scrubbed
from grader.i18n import N_
from grader.results import (
    ChapterResult,
    CheckResult,
    ExerciseResult,
    GradeReport,
    clean,
    score_summary,
)

# the exercise id is the enclosing object's; a check's visibility is for Gradescope (formats/
# gradescope.py), and the JSON layout is a stable interface (tests/fixtures/formats)
_NOT_IN_JSON = ("exercise", "visibility")


def check_dict(check: CheckResult) -> dict[str, Any]:
    """Every field but the exercise id (the enclosing object says it); ``metrics`` only when a check
    recorded some (training checks), so the common row stays short."""
    data = {k: v for k, v in asdict(scrubbed(check)).items() if k not in _NOT_IN_JSON}
    if not check.metrics:
        del data["metrics"]
    return data


def exercise_dict(exercise: ExerciseResult) -> dict[str, Any]:
    return {
        "id": exercise.id,
        "title": exercise.title,
        "status": exercise.status,
        "earned": exercise.earned,
        "possible": exercise.possible,
        "checks": [check_dict(c) for c in exercise.checks],
    }


def chapter_dict(chapter: ChapterResult) -> dict[str, Any]:
    """``hidden_checks`` only in the student edition (grader.edition): how many checks
    of these exercises run when the instructor grades; the instructor's JSON is unchanged."""
    data = {
        "kit_version": __version__,
        "chapter": chapter.chapter,
        "target": chapter.target,
        "profile": chapter.profile,
        "profile_reason": chapter.profile_reason,
        "hardware": chapter.hardware,
        "sandbox": chapter.sandbox,
        "score": score_summary(chapter.earned, chapter.possible),
        "exercises": [exercise_dict(e) for e in chapter.exercises],
    }
    ids = [e.id for e in chapter.exercises]
    if edition.hidden_total(ids):
        data["hidden_checks"] = {
            "count": edition.hidden_total(ids),
            "note": edition.hidden_note(ids),
        }
    return data


def report_dict(report: GradeReport) -> dict[str, Any]:
    """One chapter's object as is, or every chapter under ``chapters`` for ``grade all``; a void
    grade scores nothing and says why (``reason``, ``changed_files``)."""
    status: dict[str, Any] = {"status": report.status}
    if report.void:
        status.update(
            reason=clean(report.reason), changed_files=[clean(f) for f in report.changed_files]
        )
    if not report.all_chapters and len(report.chapters) == 1:
        data = chapter_dict(report.chapters[0])
        if report.void:
            data["score"] = score_summary(0.0, report.possible)
        return {**data, **status}
    return {
        "kit_version": __version__,
        "chapters": [chapter_dict(c) for c in report.chapters],
        "score": score_summary(report.earned, report.possible),
        **status,
    }


def render(report: GradeReport) -> str:
    # ensure_ascii=False: titles and messages stay readable (UTF-8 on disk, whatever the console)
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"


FORMAT = Format(
    name="json",
    description=N_("the kit's results JSON (a stable interface, documented in README)"),
    suffix=".json",
    render=render,
)
