"""A student's grade history: one SQLite file, ``<target>/.coursekit/history.sqlite``.

Every grade of a chapter is one run: when, which kit, a hash of the chapter's files, and each
exercise's status, points, checks and numeric metrics. A run is written in one transaction
(``BEGIN IMMEDIATE``), so a grade killed midway leaves either nothing or the whole run, and two
grades at once wait for each other (WAL, a busy timeout) instead of failing.
The grader copies a submission without its dot-folders, so the history never reaches a check.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time as clock
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from grader import __version__
from grader.results import ChapterResult, GradeReport
from grader.study.delta import Delta, State, compare

FOLDER = ".coursekit"
FILE = "history.sqlite"
SCHEMA_VERSION = 1
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, chapter TEXT NOT NULL,
        kit_version TEXT NOT NULL, submission TEXT NOT NULL, profile TEXT NOT NULL,
        earned REAL NOT NULL, possible REAL NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS runs_by_chapter ON runs (chapter, id)",
    """CREATE TABLE IF NOT EXISTS exercises (
        run_id INTEGER NOT NULL REFERENCES runs (id), exercise TEXT NOT NULL,
        status TEXT NOT NULL, earned REAL NOT NULL, possible REAL NOT NULL,
        PRIMARY KEY (run_id, exercise))""",
    """CREATE TABLE IF NOT EXISTS checks (
        run_id INTEGER NOT NULL REFERENCES runs (id), exercise TEXT NOT NULL,
        name TEXT NOT NULL, status TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS metrics (
        run_id INTEGER NOT NULL REFERENCES runs (id), exercise TEXT NOT NULL,
        check_name TEXT NOT NULL, name TEXT NOT NULL, value REAL NOT NULL)""",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)

# Tests set this to pause a record inside its transaction (to kill it there).
_in_transaction_hook: Callable[[], None] | None = None


@dataclass(frozen=True)
class Run:
    id: int
    time: float
    chapter: str
    kit_version: str
    submission: str
    profile: str
    earned: float
    possible: float
    exercises: dict[str, State]  # exercise id -> its state in this run, in course order

    @property
    def passed(self) -> int:
        return sum(s.status == "passed" for s in self.exercises.values())


def db_path(target: Path) -> Path:
    return Path(target) / FOLDER / FILE


def submission_hash(target: Path, chapter: str) -> str:
    """sha256 over the chapter's .py files (relative path and bytes), sorted by path."""
    digest = hashlib.sha256()
    root = Path(target) / chapter
    files = sorted(p for p in root.rglob("*.py") if p.is_file()) if root.is_dir() else []
    for path in files:
        rel = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        digest.update(rel.as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@contextmanager
def _connect(target: Path, timeout: float, create: bool = True) -> Iterator[sqlite3.Connection]:
    path = db_path(target)
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: no implicit transactions; each run is an explicit BEGIN IMMEDIATE
    with closing(sqlite3.connect(path, timeout=timeout, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if create:
            conn.execute("PRAGMA journal_mode = WAL")
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                with _transaction(conn):
                    for statement in _SCHEMA:
                        conn.execute(statement)
        yield conn


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")  # the write lock now, not at the first write
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _states(conn: sqlite3.Connection, where: str, args: tuple[object, ...]) -> list[tuple]:
    return conn.execute(
        "SELECT r.id, e.exercise, e.status, e.earned, e.possible FROM exercises e"
        f" JOIN runs r ON r.id = e.run_id WHERE {where} ORDER BY r.id, e.rowid",
        args,
    ).fetchall()


def _metrics(conn: sqlite3.Connection, run_ids: list[int]) -> dict[tuple[int, str], dict]:
    found: dict[tuple[int, str], dict] = {}
    for i in range(0, len(run_ids), 500):  # SQLite's limit on bound parameters
        chunk = run_ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for run_id, ex, name, value in conn.execute(
            f"SELECT run_id, exercise, name, value FROM metrics WHERE run_id IN ({marks})"
            " ORDER BY rowid",
            chunk,
        ):
            found.setdefault((run_id, ex), {})[name] = value
    return found


def _latest(conn: sqlite3.Connection, chapter: str) -> dict[str, State]:
    """Each exercise's latest recorded state in ``chapter`` (a run with --only holds a few)."""
    latest: dict[str, tuple[int, State]] = {}
    for run_id, ex, status, earned, possible in _states(conn, "r.chapter = ?", (chapter,)):
        latest[ex] = (run_id, State(status, earned, possible))
    metrics = _metrics(conn, sorted({run_id for run_id, _ in latest.values()}))
    return {
        ex: State(s.status, s.earned, s.possible, metrics.get((run_id, ex), {}))
        for ex, (run_id, s) in latest.items()
    }


def _streaks(conn: sqlite3.Connection, chapter: str, exercises: list[str]) -> dict[str, int]:
    """Consecutive recorded runs (newest first) in which each exercise was attempted and not
    passing; a pass or a run where it was not attempted (todo) ends the streak."""
    history: dict[str, list[str]] = {}
    for _, ex, status, _, _ in _states(conn, "r.chapter = ?", (chapter,)):
        history.setdefault(ex, []).append(status)
    streaks = {}
    for ex in exercises:
        count = 0
        for status in reversed(history.get(ex, [])):
            if status in ("passed", "todo"):
                break
            count += status != "skipped"
        if count:
            streaks[ex] = count
    return streaks


def _now_states(ch: ChapterResult) -> dict[str, State]:
    states = {}
    for e in ch.exercises:
        metrics: dict[str, float] = {}
        for c in e.checks:
            metrics.update(_numbers(c.metrics))
        states[e.id] = State(e.status, e.earned, e.possible if e.graded else 0.0, metrics)
    return states


def _numbers(metrics: dict[str, object]) -> dict[str, float]:
    return {
        str(k): float(v)
        for k, v in metrics.items()
        if isinstance(v, int | float) and not isinstance(v, bool) and v == v  # no nan
    }


def _insert(conn: sqlite3.Connection, ch: ChapterResult, when: float, digest: str) -> None:
    cursor = conn.execute(
        "INSERT INTO runs (time, chapter, kit_version, submission, profile, earned, possible)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (when, ch.chapter, __version__, digest, ch.profile, ch.earned, ch.possible),
    )
    run_id = cursor.lastrowid
    for e in ch.exercises:
        conn.execute(
            "INSERT INTO exercises VALUES (?, ?, ?, ?, ?)",
            (run_id, e.id, e.status, e.earned, e.possible),
        )
        for c in e.checks:
            conn.execute("INSERT INTO checks VALUES (?, ?, ?, ?)", (run_id, e.id, c.name, c.status))
            for name, value in _numbers(c.metrics).items():
                row = (run_id, e.id, c.name, name, value)
                conn.execute("INSERT INTO metrics VALUES (?, ?, ?, ?, ?)", row)
        if _in_transaction_hook is not None:
            _in_transaction_hook()


def record(
    report: GradeReport, target: Path, *, now: float | None = None, timeout: float = 30.0
) -> Delta:
    """Store ``report`` (one run per chapter, all in one transaction) and return what changed
    since each chapter's previous run. A void report (tampered, grader error) is not stored."""
    chapters = [ch for ch in report.chapters if ch.exercises]
    if report.void or not chapters:
        return Delta()
    when = clock.time() if now is None else now
    digests = {ch.chapter: submission_hash(target, ch.chapter) for ch in chapters}
    deltas = []
    with _connect(target, timeout) as conn, _transaction(conn):
        for ch in chapters:
            before = _latest(conn, ch.chapter)
            row = conn.execute(
                "SELECT time FROM runs WHERE chapter = ? ORDER BY id DESC LIMIT 1", (ch.chapter,)
            ).fetchone()
            _insert(conn, ch, when, digests[ch.chapter])
            now_states = _now_states(ch)
            failing = [ex for ex, s in now_states.items() if s.status not in ("passed", "todo")]
            deltas.append(
                compare(
                    ch.chapter,
                    before,
                    now_states,
                    time=when,
                    previous_time=row[0] if row else None,
                    streaks=_streaks(conn, ch.chapter, failing),
                )
            )
    return Delta(tuple(deltas))


def runs(target: Path, chapter: str | None = None, *, timeout: float = 10.0) -> list[Run]:
    """Every recorded run (of ``chapter``, or of all), oldest first; [] without a history."""
    if not db_path(target).is_file():
        return []
    with _connect(target, timeout, create=False) as conn:
        where, args = ("r.chapter = ?", (chapter,)) if chapter else ("1 = 1", ())
        found: dict[int, Run] = {}
        for row in conn.execute(
            "SELECT id, time, chapter, kit_version, submission, profile, earned, possible"
            f" FROM runs r WHERE {where} ORDER BY id",
            args,
        ):
            run_id, when, chapter_id, kit, digest, profile, earned, possible = row
            found[run_id] = Run(
                run_id, when, chapter_id, kit, digest, profile, earned, possible, exercises={}
            )
        metrics = _metrics(conn, list(found))
        for run_id, ex, status, earned, possible in _states(conn, where, args):
            found[run_id].exercises[ex] = State(
                status, earned, possible, metrics.get((run_id, ex), {})
            )
    return list(found.values())


def last(target: Path, chapter: str) -> Run | None:
    """The latest recorded run of ``chapter``, or None."""
    found = runs(target, chapter)
    return found[-1] if found else None
