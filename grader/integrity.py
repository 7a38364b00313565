"""The kit's grading files, hashed before and after a grade: a grade during which any of them
changed is void (a submission wrote into the kit, or something else did), and says which."""

from __future__ import annotations

import hashlib
from pathlib import Path

from grader.paths import KIT_ROOT, PACKAGE_DIR, SOLUTIONS_DIR

_SUFFIXES = {".py", ".ini", ".toml", ".json", ".npz", ".txt"}


def _files(chapters: tuple[str, ...]) -> list[Path]:
    """The engine, the check library, and the hidden checks and references of ``chapters``
    (other chapters' files cannot change this grade)."""
    found = [p for p in PACKAGE_DIR.rglob("*.py") if "checks" not in p.relative_to(KIT_ROOT).parts]
    found += list((PACKAGE_DIR / "checks").glob("*.py")) + list(
        (PACKAGE_DIR / "checks").glob("*.ini")
    )
    for chapter in chapters:
        for root in (PACKAGE_DIR / "checks" / chapter, SOLUTIONS_DIR / chapter):
            found += [p for p in root.rglob("*") if p.suffix in _SUFFIXES and p.is_file()]
    return sorted(p for p in found if "__pycache__" not in p.parts)


def snapshot(chapters: tuple[str, ...]) -> dict[str, str]:
    """sha256 of every grading file (the grader, the hidden checks, the references)."""
    digests = {}
    for path in _files(chapters):
        try:
            digests[str(path.relative_to(KIT_ROOT))] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digests[str(path.relative_to(KIT_ROOT))] = "unreadable"
    return digests


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files added, removed or modified between two snapshots."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
