"""Hints that escalate: each exercise has 2-3 hints in ``hints/<chapter>.toml``, from the idea
to the formula or API to a near step, never the solution's code.

The first failure of an exercise shows its check's own hint (the scorecard prints it); each
further consecutive failure, counted from the history, offers the next hint of the list.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from grader import i18n

HINTS_DIR = Path(__file__).resolve().parent / "hints"


@cache
def chapter_hints(chapter: str, lang: str = "en") -> dict[str, tuple[str, ...]]:
    """Short exercise name -> its hints, for one chapter ({} when the chapter has no file).

    An exercise's table holds ``hints = [...]`` (English) and ``zh = [...]`` (Chinese); a
    language whose list is missing gets the English one."""
    path = HINTS_DIR / f"{chapter}.toml"
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    key = "hints" if lang == "en" else lang
    return {
        name: tuple(str(h) for h in (table.get(key) or table.get("hints", [])))
        for name, table in data.items()
        if isinstance(table, dict)
    }


def hints(exercise_id: str) -> tuple[str, ...]:
    """Every hint of ``exercise_id`` ("ch2.softmax"), least direct first, in the language
    the kit speaks now."""
    chapter, _, short = exercise_id.partition(".")
    return chapter_hints(chapter, i18n.language()).get(short, ())


def hint_for(exercise_id: str, failures: int) -> str | None:
    """The hint to offer after ``failures`` consecutive failing runs: None for the first (the
    check's own hint is already on screen), then the list's hints in turn, the last repeated."""
    found = hints(exercise_id)
    if failures < 2 or not found:
        return None
    return found[min(failures - 2, len(found) - 1)]


def first_hint(exercise_id: str) -> str | None:
    found = hints(exercise_id)
    return found[0] if found else None
