"""CSV for spreadsheets and gradebooks: a header, then one row per check.

Columns: chapter, exercise, check, status, earned, possible, message. ``earned`` and ``possible``
are the check's share of its exercise's points (the kit's split, rounded to 4 places like the
kit's own figures), so summing a column by exercise gives the scorecard's numbers. A void grade
adds one first row (check = the report's status, e.g. "tampered", with the reason) and every check
earns 0.

Two things keep a submission's text harmless here: it is cleaned (no control characters), and a
message that starts like a spreadsheet formula (=, +, -, @) gets a leading apostrophe, so opening
the file in a spreadsheet can never run what a submission printed. The ``csv`` module quotes
commas, quotes and newlines.
"""

from __future__ import annotations

import csv
import io

from grader.formats.common import Format, check_points, rows, void_text
from grader.i18n import N_
from grader.results import GradeReport

HEADER = ("chapter", "exercise", "check", "status", "earned", "possible", "message")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """Text a spreadsheet shows as text, never evaluates."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _points(value: float) -> str:
    return repr(round(float(value), 4))


def render(report: GradeReport) -> str:
    out = io.StringIO()
    # quoted where needed; "\n" line ends like the gradebook's CSVs (every CSV reader takes them)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    if report.void:
        writer.writerow(["", "", report.status, "error", "0.0", "0.0", inert(void_text(report))])
    for chapter, exercise, check in rows(report):
        earned, possible = check_points(report, exercise, check)
        writer.writerow(
            [
                chapter.chapter,
                exercise.id,
                check.name,
                check.status,
                _points(earned),
                _points(possible),
                inert(check.message),
            ]
        )
    return out.getvalue()


FORMAT = Format(
    name="csv",
    description=N_("CSV, one row per check (chapter, exercise, check, status, points, message)"),
    suffix=".csv",
    render=render,
)
