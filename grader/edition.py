"""Which edition of the kit this is, as the engine sees it at run time.

The instructor's edition (the repository) has references and every check. The student edition
(``coursekit edition student``) carries ``grader/EDITION`` reading ``student`` and
``grader/hidden_checks.json`` ({exercise id: how many of its checks are not shipped}: no names,
no code), so a grade there can say how many more checks run when the instructor grades.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache

from grader.i18n import _
from grader.paths import PACKAGE_DIR

EDITION_FILE = PACKAGE_DIR / "EDITION"
HIDDEN_FILE = PACKAGE_DIR / "hidden_checks.json"
EDITIONS = ("instructor", "student", "autograder")


@cache
def current() -> str:
    """instructor (the default: no marker file), student or autograder."""
    try:
        text = EDITION_FILE.read_text(encoding="utf-8").strip()
    except OSError:
        return "instructor"
    return text if text in EDITIONS else "instructor"


@cache
def hidden_counts() -> dict[str, int]:
    """exercise id -> checks that run only when the instructor grades (student edition)."""
    if current() != "student":
        return {}
    try:
        raw = json.loads(HIDDEN_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): int(v) for k, v in raw.items() if isinstance(v, int) and v > 0}


def hidden_total(exercise_ids: Iterable[str]) -> int:
    counts = hidden_counts()
    return sum(counts.get(e, 0) for e in exercise_ids)


def hidden_note(exercise_ids: Iterable[str]) -> str:
    """'57 more checks run when your instructor grades', or '' where none are hidden."""
    n = hidden_total(exercise_ids)
    if not n:
        return ""
    if n == 1:
        return _("1 more check runs when your instructor grades")
    return _("{n} more checks run when your instructor grades").format(n=n)


def instructor_only(what: str) -> str:
    return _("{what} is part of the instructor edition (it needs the reference solutions)").format(
        what=what
    )
