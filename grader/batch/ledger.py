"""The batch's ledger: which student's submission was graded, by which kit, with what result.

One SQLite file in the batch's output folder, keyed by (student, submission hash, kit version,
chapter): a batch killed midway and run again skips every row it finds (nothing regraded), and
a student whose files changed, or a new kit, is graded again. Each row is written in its own
transaction after the student's JSON is on disk, so a row always has its file.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from grader import __version__

_SCHEMA = """
CREATE TABLE IF NOT EXISTS graded (
    student TEXT NOT NULL, sha256 TEXT NOT NULL, kit_version TEXT NOT NULL,
    chapter TEXT NOT NULL, status TEXT NOT NULL, percent REAL NOT NULL,
    seconds REAL NOT NULL, at REAL NOT NULL,
    PRIMARY KEY (student, sha256, kit_version, chapter))
"""


def fingerprint(folder: Path, chapter: str) -> str:
    """sha256 over the regular files a grade of ``chapter`` reads (the chapter's folder and the
    top-level modules), by relative path; links and special files count by name only."""
    digest = hashlib.sha256()
    pending = [folder / chapter, folder]
    seen: list[tuple[str, Path, int]] = []
    for base in pending:
        if not base.is_dir() or base.is_symlink():
            continue
        for root, dirs, files in os.walk(base, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
            if base == folder:
                dirs[:] = []  # the top level's own files only; chapters have their own pass
            for name in sorted(files):
                path = Path(root) / name
                mode = os.lstat(path).st_mode
                seen.append((path.relative_to(folder).as_posix(), path, mode))
    for rel, path, mode in sorted(seen):
        digest.update(rel.encode() + b"\0")
        if stat.S_ISREG(mode) and path.suffix == ".py":
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as f:
                digest.update(f.read(16 << 20))
        digest.update(b"\0")
    return digest.hexdigest()


def grade_key(chapter: str, only: str) -> str:
    """What was graded: the chapter, and the ``--only`` exercises when narrowed (a narrowed
    grade does not stand for the whole chapter's)."""
    return f"{chapter} --only {only}" if only else chapter


class Ledger:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            yield db
        finally:
            db.close()

    def done(self, student: str, sha256: str, chapter: str) -> bool:
        with self._db() as db:
            row = db.execute(
                "SELECT 1 FROM graded WHERE student=? AND sha256=? AND kit_version=? AND chapter=?",
                (student, sha256, __version__, chapter),
            ).fetchone()
        return row is not None

    def record(self, student: str, sha256: str, chapter: str, status: str, percent: float,
               seconds: float) -> None:  # fmt: skip
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                "INSERT OR REPLACE INTO graded VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (student, sha256, __version__, chapter, status, percent, seconds, time.time()),
            )
            db.execute("COMMIT")

    def rows(self) -> list[tuple[str, str, str, float]]:
        """(student, chapter, status, percent) of every graded row, by student."""
        with self._db() as db:
            return db.execute(
                "SELECT student, chapter, status, percent FROM graded ORDER BY student, chapter"
            ).fetchall()
