"""A batch folder (``DIR/students/*.json``) read into one table: a row per student.

Every file is untrusted: a hostile submission shaped the grade that wrote it, and anyone with
write access to the folder could edit it. So a file is read under a size cap, without following
links; numbers must be real numbers, points are clamped to what the registry (not the file)
says an exercise is worth, text is passed through ``grader.results.clean``, and the student id
comes from the file name the batch chose, never from the JSON. A file that breaks any of this is
a row with status ``error`` and a reason: the gradebook never crashes on one bad student.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.chapters import CHAPTERS, Exercise
from grader.i18n import N_, _
from grader.results import STATUS_ORDER, clean

if TYPE_CHECKING:
    import pandas as pd

FILE_LIMIT = 2 * 1024 * 1024  # a results JSON of ch2 is ~20 KB; a 10 MB one is not a grade
BATCH_STATUSES = ("graded", "empty", "broken", "error", "timeout")
BATCH_STATUS_WORDS = {  # as shown (the files and the CSV keep the English word)
    "graded": N_("graded"),
    "empty": N_("empty"),
    "broken": N_("broken"),
    "error": N_("error"),
    "timeout": N_("timeout"),
    "unreadable": N_("unreadable"),  # a student's file the class report could not read
}
FAILING = ("failed", "error", "timeout")  # "todo" is not attempted, not failed
_EXERCISES: dict[str, Exercise] = {e.id: e for c in CHAPTERS for e in c.exercises}


@dataclass
class Row:
    """One student's line, already validated."""

    student: str
    status: str = "graded"
    reason: str = ""
    earned: dict[str, float] = field(default_factory=dict)  # exercise id -> points
    statuses: dict[str, str] = field(default_factory=dict)  # exercise id -> status
    failing: list[tuple[str, str]] = field(default_factory=list)  # (exercise id, check name)
    chapters: set[str] = field(default_factory=set)

    def invalid(self, why: str) -> None:
        self.status = "error"
        self.reason = clean(f"{self.reason}; {why}" if self.reason else why, 300)


def batch_status_word(status: object) -> str:
    """A batch status in the current language; an unknown one as it is."""
    text = str(status)
    return _(BATCH_STATUS_WORDS[text]) if text in BATCH_STATUS_WORDS else text


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def read_text(path: Path, limit: int = FILE_LIMIT) -> str:
    """The file's text, refusing links and anything over ``limit`` bytes (checked by reading)."""
    if path.is_symlink() or not path.is_file():
        raise ValueError(_("not a regular file"))
    with path.open("rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise ValueError(_("larger than {limit} bytes").format(limit=limit))
    return data.decode("utf-8", errors="replace")


def _chapter_reports(data: dict[str, Any]) -> list[Any]:
    """A single chapter's report, or each chapter of a ``grade all`` report."""
    chapters = data.get("chapters")
    return chapters if isinstance(chapters, list) else [data]


def _read_exercise(row: Row, chapter: str, item: object) -> None:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        row.invalid(_("{chapter}: an exercise entry without an id").format(chapter=chapter))
        return
    known = _EXERCISES.get(item["id"])
    if known is None or known.chapter != chapter:
        row.invalid(_("unknown exercise {id}").format(id=repr(clean(item["id"], 60))))
        return
    status = item.get("status")
    earned = _number(item.get("earned"))
    if status not in STATUS_ORDER or earned is None:
        row.invalid(_("{exercise}: status or earned is not valid").format(exercise=known.id))
        return
    row.earned[known.id] = min(max(earned, 0.0), known.points)
    row.statuses[known.id] = status
    checks = item.get("checks")
    names = {
        clean(check.get("name", "?"), 80)
        for check in (checks if isinstance(checks, list) else [])
        if isinstance(check, dict) and check.get("status") in FAILING
    }  # once per student: the count is of students
    row.failing.extend((known.id, name) for name in sorted(names))


def read_row(path: Path) -> Row:
    """One student's file as a row; whatever is wrong with it becomes the row's reason."""
    row = Row(student=clean(path.stem, 120))
    try:
        data = json.loads(read_text(path))
    except (OSError, ValueError, RecursionError) as exc:
        row.invalid(_("unreadable results JSON: {error}").format(error=exc))
        return row
    if not isinstance(data, dict):
        row.invalid(_("results JSON is not an object"))
        return row
    status = data.get("batch_status", "graded")
    if status not in BATCH_STATUSES:
        row.invalid(_("unknown batch_status {status}").format(status=repr(clean(status, 40))))
    else:
        row.status = status
        row.reason = clean(data.get("batch_reason", ""), 300) if data.get("batch_reason") else ""
    for report in _chapter_reports(data):
        if not isinstance(report, dict):
            row.invalid(_("a chapter report is not an object"))
            continue
        chapter, items = report.get("chapter"), report.get("exercises", [])
        if not isinstance(items, list) or (items and chapter not in {c.id for c in CHAPTERS}):
            row.invalid(
                _("unknown chapter {chapter} or exercises not a list").format(
                    chapter=repr(clean(chapter, 40))
                )
            )
            continue
        if isinstance(chapter, str) and chapter in {c.id for c in CHAPTERS}:
            row.chapters.add(chapter)
        for item in items:
            _read_exercise(row, str(chapter), item)
    return row


def read_rows(batch_dir: Path) -> list[Row]:
    """Every ``students/*.json`` of a batch folder, sorted by student id."""
    folder = batch_dir / "students"
    return [read_row(p) for p in sorted(folder.glob("*.json"), key=lambda p: p.name)]


@dataclass
class Gradebook:
    students: pd.DataFrame  # student, status, reason, <exercise ids>, total, possible, percent
    exercises: pd.DataFrame  # per exercise: title, possible, mean, pass_rate, top_failing, count


def build_table(rows: list[Row]) -> Gradebook:
    """The class as two tables: students x exercises, and per-exercise statistics."""
    import pandas as pd

    chapters = {c for r in rows for c in r.chapters}
    columns = [e for c in CHAPTERS if c.id in chapters for e in c.exercises]
    possible = sum(e.points for e in columns)
    records = []
    for r in rows:
        record: dict[str, Any] = {"student": r.student, "status": r.status, "reason": r.reason}
        record.update({e.id: r.earned.get(e.id, math.nan) for e in columns})
        total = round(sum(r.earned.values()), 4)
        record.update(total=total, possible=possible)
        record["percent"] = round(100.0 * total / possible, 2) if possible else 0.0
        records.append(record)
    order = ["student", "status", "reason", *(e.id for e in columns), "total", "possible"]
    students = pd.DataFrame.from_records(records, columns=[*order, "percent"])
    stats = []
    for e in columns:
        seen = [r.statuses[e.id] for r in rows if e.id in r.statuses]
        failing = Counter(name for r in rows for ex, name in r.failing if ex == e.id)
        top = sorted(failing.items(), key=lambda kv: (-kv[1], kv[0]))[:1]
        stats.append(
            {
                "exercise": e.id,
                "title": e.title,
                "possible": e.points,
                "students": len(seen),
                "mean": round(float(students[e.id].mean()), 4) if seen else math.nan,
                "pass_rate": round(seen.count("passed") / len(seen), 4) if seen else math.nan,
                "top_failing": top[0][0] if top else "",
                "top_failing_count": top[0][1] if top else 0,
            }
        )
    exercises = pd.DataFrame.from_records(
        stats,
        columns=["exercise", "title", "possible", "students", "mean", "pass_rate"]
        + ["top_failing", "top_failing_count"],
    )
    return Gradebook(students=students, exercises=exercises)


def load(batch_dir: Path) -> Gradebook:
    """``read_rows`` then ``build_table``: what ``coursekit gradebook build`` starts from."""
    return build_table(read_rows(batch_dir))
