"""GitHub Classroom autograding: the base64 result a grader step hands to the grading reporter.

GitHub Classroom's workflow runs grader actions, each setting an output ``result``, and then
``classroom-resources/autograding-grading-reporter``, which reads each runner's result from the
environment variable ``<RUNNER>_RESULTS``, decodes it (``Buffer.from(value, "base64")``) and parses
it as JSON (src/main.js). The fields it reads:
- top level: ``status`` ("fail" or "error" fails the job, src/main.js), ``max_score`` (a runner
  without one adds no points, src/notify-classroom.js) and ``tests``;
- per test: ``name``, ``status`` ("pass" counts as passed, anything else as failed, with its
  ``message`` printed, src/console-results.js) and ``score`` (the points total Classroom records is
  the sum of the tests' scores over the sum of ``max_score``, src/notify-classroom.js).
The grader actions write the same shape (``classroom-resources/autograding-io-grader``,
src/main.js): ``{"version": 1, "status", "max_score", "tests": [{"name", "status", "message",
"test_code", "filename", "line_no", "duration", "score"}]}``, ``duration`` in milliseconds. This
module writes exactly that, plus ``max_score`` per test (each check's share, for a reader that
wants it).

How the kit maps onto it:
- one test per check that ran, with the kit's points; skipped checks are left out: they are worth
  nothing, and the reporter knows no skipped status (it would print them as failures);
- a check's status: passed -> "pass", error or timeout -> "error", anything else -> "fail"; the
  run's status is "error" when any test errored or the grade is void, else "fail" when any failed;
- ``test_code`` is the command that reruns the check; ``message`` is capped at MESSAGE_LIMIT: the
  whole result travels in one environment variable, and Linux caps one at 128 KiB;
- a void grade scores 0: a first test with status "error" says why.
The file holds the base64 text alone (no newline), ready for ``echo "result=$(cat FILE)"``.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from grader.formats.common import Format, check_points, detail_lines, rows, void_text
from grader.i18n import N_
from grader.results import GradeReport, clean

MESSAGE_LIMIT = 1000
VERSION = 1


def _status(report: GradeReport, check_status: str) -> str:
    if check_status in ("error", "timeout"):
        return "error"
    return "pass" if not report.void and check_status == "passed" else "fail"


def result(report: GradeReport) -> dict[str, Any]:
    """The decoded result object."""
    tests: list[dict[str, Any]] = []
    if report.void:
        tests.append(
            {
                "name": f"coursekit: {report.status}",
                "status": "error",
                "message": clean(void_text(report), MESSAGE_LIMIT),
                "test_code": "",
                "filename": "",
                "line_no": 0,
                "duration": 0,
                "score": 0.0,
                "max_score": 0.0,
            }
        )
    for _, exercise, check in rows(report):
        if check.status == "skipped":
            continue
        earned, possible = check_points(report, exercise, check)
        message = "\n".join([check.message, *detail_lines(check)]).strip()
        tests.append(
            {
                "name": f"{exercise.id}: {check.name}",
                "status": _status(report, check.status),
                "message": clean(message, MESSAGE_LIMIT),
                "test_code": check.rerun,
                "filename": "",
                "line_no": 0,
                "duration": round(check.duration_s * 1000),
                "score": earned,
                "max_score": possible,
            }
        )
    statuses = {t["status"] for t in tests}
    status = "error" if "error" in statuses else "fail" if "fail" in statuses else "pass"
    max_score = float(report.possible)
    return {"version": VERSION, "status": status, "max_score": max_score, "tests": tests}


def render(report: GradeReport) -> str:
    data = json.dumps(result(report), ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(data.encode("utf-8")).decode("ascii")


FORMAT = Format(
    name="classroom",
    description=N_("GitHub Classroom autograding result (base64 JSON for the grading reporter)"),
    suffix=".b64",
    render=render,
)
