"""Gradescope's autograder ``results.json`` (written to /autograder/results/results.json).

The fields are Gradescope's "Autograder Specifications" (gradescope-autograders.readthedocs.io,
/en/latest/specs/; the source is gradescope/autograder_samples, docs/specs.md): top-level
``score``, ``output``, ``output_format``, ``visibility``, ``stdout_visibility`` and ``tests``; each
test ``score``, ``max_score``, ``name``, ``number``, ``output``, ``output_format``, ``tags``,
``visibility`` and ``status`` ("passed" or "failed"). Only those keys are written.

How the kit maps onto it, and why:
- one test per check, with the kit's points (an exercise's points shared evenly over its checks
  that ran), so Gradescope shows the same partial credit as the scorecard; a skipped check is a test
  worth 0 of 0, which Gradescope counts as passed (it is not the student's failing);
- the top-level ``score`` is the kit's own total: the specification lets it override the sum of
  the tests, so rounding in the per-check shares can never move a grade;
- ``output_format`` is "text" everywhere: outputs carry a submission's own text (messages, got
  values), which must never be rendered as Markdown or HTML on Gradescope's page;
- a test's ``visibility`` is the check record's ``visibility`` (its marker; the record's default
  is "hidden"), "visible" for a record without one; a value outside Gradescope's set is written as
  "hidden" (never reveal by mistake);
- ``stdout_visibility`` is "hidden": the grader's console is for the instructor;
- a void grade (tampered, or the grader failed) scores 0: a first test says why, and every check's
  test is failed at 0.
"""

from __future__ import annotations

import json
from typing import Any

from grader.formats.common import (
    Format,
    check_points,
    detail_lines,
    is_ok,
    rows,
    summary,
    void_text,
)
from grader.i18n import N_, status_word
from grader.results import CheckResult, GradeReport, score_summary

VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
OUTPUT_FORMAT = "text"


def visibility(check: CheckResult) -> str:
    """The check's own visibility where its record carries one, else visible."""
    value = getattr(check, "visibility", None) or "visible"
    return value if value in VISIBILITIES else "hidden"


def check_output(check: CheckResult) -> str:
    """What a student reads when they open the test: the outcome, then the feedback."""
    word = status_word(check.status)  # the test's "status" field keeps Gradescope's words
    head = word if not check.message else f"{word}: {check.message}"
    lines = [head, *detail_lines(check)]
    lines += [f"{key}: {value}" for key, value in check.metrics.items()]
    return "\n".join(lines)


def _void_test(report: GradeReport) -> dict[str, Any]:
    return {
        "score": 0.0,
        "max_score": 0.0,
        "name": f"coursekit: {report.status}",
        "number": "0",
        "output": void_text(report),
        "output_format": OUTPUT_FORMAT,
        "tags": ["coursekit"],
        "visibility": "visible",
        "status": "failed",
    }


def results(report: GradeReport) -> dict[str, Any]:
    """The results.json object."""
    tests: list[dict[str, Any]] = [_void_test(report)] if report.void else []
    exercise_numbers: dict[str, int] = {}  # exercise id -> its number in the report, from 1
    check_counts: dict[str, int] = {}
    for chapter, exercise, check in rows(report):
        ex_no = exercise_numbers.setdefault(exercise.id, len(exercise_numbers) + 1)
        check_no = check_counts[exercise.id] = check_counts.get(exercise.id, 0) + 1
        earned, possible = check_points(report, exercise, check)
        tests.append(
            {
                "score": earned,
                "max_score": possible,
                "name": f"{exercise.title}: {check.name}",
                "number": f"{ex_no}.{check_no}",
                "output": check_output(check),
                "output_format": OUTPUT_FORMAT,
                "tags": [chapter.chapter, exercise.id],
                "visibility": visibility(check),
                "status": "passed" if is_ok(report, check) else "failed",
            }
        )
    return {
        "score": float(score_summary(report.earned, report.possible)["earned"]),
        "output": summary(report),
        "output_format": OUTPUT_FORMAT,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def render(report: GradeReport) -> str:
    return json.dumps(results(report), indent=2, ensure_ascii=False) + "\n"


FORMAT = Format(
    name="gradescope",
    description=N_("Gradescope autograder results.json (one test per check)"),
    suffix=".json",
    render=render,
)
