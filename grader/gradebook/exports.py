"""The gradebook as files: our own CSV, and the CSVs that Canvas and Moodle import.

What the LMSs expect (looked up 2026-12; re-check against your institution's instance):

- Canvas, Grades > Import: the same layout as its own Grades > Export. Identity columns
  ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per assignment (an
  existing one is matched as ``Name (assignment id)``; a new name creates an assignment); a
  second row whose ``Student`` cell is ``Points Possible`` gives each assignment's maximum.
  Canvas matches a row by ID, SIS User ID or SIS Login ID. Sources: Ohio State's "Import a CSV
  file to Carmen Grades" (teaching.resources.osu.edu/toolsets/carmencanvas/guides/
  calculating-final-grades/import-csv-file-carmen-grades) and nemogb's "Detailed Canvas Export
  Info" (nemogb-dev.github.io/nemogb-r/articles/detailed-canvas-export-info.html).
- Moodle, Grades > Import > CSV file: any header; on the mapping page "Identify user by"
  maps one column to a user field (user id, username, ID number or email address) and each
  other column to a grade item (or a new one). Source: moodle/moodle grade/import/csv
  (index.php, classes/load_data.php: the user mapping fields) and the moodle-autograder README
  ("Map from ... Email address").

One column per chapter (the LMS assignment), valued by the chapter's points earned: per-exercise
points would create twenty assignments in the LMS. Without ``--roster`` the student folder name
is all we know: it goes to Canvas's ``Student`` and ``SIS Login ID`` and Moodle's ``Username``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from grader.chapters import CHAPTERS
from grader.errors import UsageError
from grader.gradebook.table import Gradebook, read_text
from grader.i18n import _
from grader.results import clean, write_atomically

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_IDENTITY = ["Username", "ID number", "Email address", "Full name"]
ROSTER_COLUMNS = ("student", "name", "email", "sis_id", "section")


@dataclass(frozen=True)
class Person:
    name: str = ""
    email: str = ""
    sis_id: str = ""
    section: str = ""


def read_roster(path: Path) -> dict[str, Person]:
    """``student,name,email,sis_id,section`` -> {student: Person}; extra columns ignored."""
    try:
        reader = csv.DictReader(io.StringIO(read_text(path)))
        fieldnames = reader.fieldnames or []
    except (OSError, ValueError, csv.Error) as exc:
        raise UsageError(
            _("roster {path}: could not read it ({error})").format(path=path, error=exc)
        ) from None
    missing = [c for c in ROSTER_COLUMNS if c not in fieldnames]
    if missing:
        raise UsageError(
            _("roster {path}: expected columns {expected}; missing {missing}").format(
                path=path, expected=", ".join(ROSTER_COLUMNS), missing=", ".join(missing)
            )
        )
    return {
        row["student"].strip(): Person(
            *(clean(row[c] or "", 200).strip() for c in ROSTER_COLUMNS[1:])
        )
        for row in reader
        if row.get("student")
    }


def _safe_cell(value: object) -> str:
    """A cell a spreadsheet will not run: a leading = + - @ is a formula in Excel/Sheets."""
    text = clean(value, 200)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _points(value: float) -> str:
    return f"{value:g}"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_atomically(path, buffer.getvalue())


def chapter_totals(book: Gradebook) -> dict[str, list[str]]:
    """Per chapter: each student's points as an LMS cell. An ``error`` row (the kit could not
    read the grade) is left blank, which both LMSs import as "no change", not as a zero;
    empty, broken and timed-out submissions earned what they earned (0)."""
    students = book.students
    totals: dict[str, list[str]] = {}
    for chapter in CHAPTERS:
        ids = [e.id for e in chapter.exercises if e.id in students.columns]
        if ids:
            sums = students[ids].fillna(0).sum(axis=1)
            totals[chapter.id] = [
                "" if status == "error" else _points(round(float(v), 4))
                for v, status in zip(sums, students["status"])
            ]
    return totals


def write_gradebook_csv(book: Gradebook, path: Path) -> None:
    table = book.students.copy()
    for column in ("student", "reason"):
        table[column] = table[column].map(_safe_cell)
    text = table.to_csv(index=False, lineterminator="\n", float_format="%.4g")
    write_atomically(path, text)


def write_canvas(book: Gradebook, path: Path, roster: dict[str, Person] | None = None) -> None:
    totals = chapter_totals(book)
    possible = {c.id: c.points for c in CHAPTERS}
    header = CANVAS_IDENTITY + [f"coursekit {ch}" for ch in totals]
    rows = [["Points Possible", "", "", "", ""] + [_points(possible[ch]) for ch in totals]]
    for i, student in enumerate(book.students["student"]):
        person = (roster or {}).get(student)
        if person is None:
            identity = [student, "", "", student, ""]
        else:
            identity = [person.name or student, "", person.sis_id, person.email, person.section]
        rows.append([_safe_cell(v) for v in identity] + [totals[ch][i] for ch in totals])
    _write(path, header, rows)


def write_moodle(book: Gradebook, path: Path, roster: dict[str, Person] | None = None) -> None:
    totals = chapter_totals(book)
    header = MOODLE_IDENTITY + [f"coursekit {ch}" for ch in totals]
    rows = []
    for i, student in enumerate(book.students["student"]):
        person = (roster or {}).get(student, Person())
        identity = [student, person.sis_id, person.email, person.name]
        rows.append([_safe_cell(v) for v in identity] + [totals[ch][i] for ch in totals])
    _write(path, header, rows)
