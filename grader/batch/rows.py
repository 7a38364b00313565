"""One student's row of a batch: what was found, and the JSON written for it.

``students/<student>.json`` is the results JSON of ``coursekit grade --json`` for one chapter,
plus ``student``, ``submission_sha256``, ``batch_status`` (graded, empty, broken, error,
timeout) and ``batch_reason``: what ``coursekit gradebook build`` reads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader import chapters as registry
from grader.batch.ledger import fingerprint
from grader.formats import json_format
from grader.grading import RunFacts, assemble
from grader.i18n import _
from grader.results import CheckResult, clean, write_atomically
from grader.selection import EVERY_CHECK, Selection


@dataclass(frozen=True)
class Student:
    student: str  # file-name safe (grader.gradebook.layouts)
    path: Path
    sha256: str
    problem: str = ""  # non-empty: not graded (an unsafe zip, no files for the chapter)
    status: str = ""  # "broken" or "empty" when problem is set

    @property
    def label(self) -> str:
        return f"s:{self.student}"


def survey(discovered: Sequence[Any], chapter: str) -> list[Student]:
    """Each discovered submission as a Student: its hash, and whether there is anything to grade."""
    students = []
    for sub in discovered:
        if sub.problem:  # the same problem is the same submission: a rerun skips it
            problem = clean(sub.problem, 500)
            sha = hashlib.sha256(f"broken\0{problem}".encode()).hexdigest()
            students.append(Student(sub.student, sub.path, sha, problem, "broken"))
            continue
        folder = Path(sub.path) / chapter
        has_code = folder.is_dir() and any(folder.rglob("*.py"))
        sha = fingerprint(Path(sub.path), chapter)
        if not has_code:
            why = _("no {chapter}/ folder with Python files in this submission").format(
                chapter=chapter
            )
            students.append(Student(sub.student, sub.path, sha, why, "empty"))
        else:
            students.append(Student(sub.student, sub.path, sha))
    return students


def write_row(
    out: Path,
    chapter: str,
    facts: RunFacts,
    student: Student,
    checks: list[CheckResult],
    note: str = "",
    selection: Selection = EVERY_CHECK,
) -> tuple[str, float]:
    """Write ``students/<student>.json``; its batch status and percent."""
    chs = registry.resolve(chapter)
    graded = not student.problem
    report = (
        assemble(chs, student.path, checks, selection=selection, facts=facts) if graded else None
    )
    if report is None:
        nothing = {"earned": 0.0, "possible": 0.0, "percent": 0.0}
        data: dict[str, Any] = {"chapter": chapter, "exercises": [], "score": nothing}
        status, reason = student.status, student.problem
    else:
        data = json_format.report_dict(report)
        statuses = [c.status for c in checks]
        status = "timeout" if statuses and all(s == "timeout" for s in statuses) else "graded"
        reason = note
    data.update(student=student.student, submission_sha256=student.sha256,
                batch_status=status, batch_reason=reason)  # fmt: skip
    data["target"] = student.student  # not the instructor's paths
    path = out / "students" / f"{student.student}.json"
    write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return status, float(data["score"]["percent"])
