"""The kit's grading files, hashed before and after a grade: a grade during which any of them
changed is void (a submission wrote into the kit, or something else did), and says which."""

from __future__ import annotations

import hashlib
from pathlib import Path

from grader.paths import KIT_ROOT, PACKAGE_DIR, SOLUTIONS_DIR

_SUFFIXES = {".py", ".ini", ".toml", ".json", ".npz", ".txt"}


def _files() -> list[Path]:
    found = []
    for root in (PACKAGE_DIR, SOLUTIONS_DIR):
        for path in root.rglob("*"):
            if path.suffix in _SUFFIXES and "__pycache__" not in path.parts and path.is_file():
                found.append(path)
    return sorted(found)


def snapshot() -> dict[str, str]:
    """sha256 of every grading file (the grader, the hidden checks, the references)."""
    digests = {}
    for path in _files():
        try:
            digests[str(path.relative_to(KIT_ROOT))] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digests[str(path.relative_to(KIT_ROOT))] = "unreadable"
    return digests


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files added, removed or modified between two snapshots."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
