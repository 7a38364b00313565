"""Shards of one batch (``coursekit batch --shard i/n``) joined into one batch folder.

A student graded in two shards is fine when both files say the same submission (same
``submission_sha256``, or byte-identical files): a rerun of a shard. Two different submissions
under one student id mean the shards were cut from different snapshots of the class, and
picking one silently would grade the wrong work: that is an error naming the student.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from grader.errors import UsageError
from grader.gradebook.table import read_text
from grader.i18n import _
from grader.results import clean


class MergeConflict(UsageError):
    """One student, two different submissions."""


def _submission_hash(path: Path) -> str | None:
    try:
        data = json.loads(read_text(path))
    except (OSError, ValueError, RecursionError):
        return None
    value = data.get("submission_sha256") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


def _same(a: Path, b: Path) -> bool:
    if a.read_bytes() == b.read_bytes():
        return True
    ha, hb = _submission_hash(a), _submission_hash(b)
    return ha is not None and ha == hb


def merge(*, out: Path, shards: list[Path]) -> list[Path]:
    """Copy every shard's ``students/*.json`` into ``out/students``; returns the files written.

    Checks every shard before writing anything, so a conflict leaves ``out`` untouched.
    """
    chosen: dict[str, Path] = {}
    for shard in shards:
        folder = shard / "students"
        if not folder.is_dir():
            raise UsageError(
                _("expected a batch folder with students/, received {folder}").format(folder=shard)
            )
        for path in sorted(folder.glob("*.json")):
            if path.is_symlink():
                continue  # a batch writes files, never links
            first = chosen.setdefault(path.name, path)
            if first != path and not _same(first, path):
                raise MergeConflict(
                    _(
                        "student {student} has different submissions in {first} and {second}"
                        " (submission_sha256 differs)"
                    ).format(
                        student=repr(clean(path.stem, 80)), first=first.parent.parent, second=shard
                    )
                )
    target = out / "students"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, path in sorted(chosen.items()):
        shutil.copyfile(path, target / name)
        written.append(target / name)
    return written
