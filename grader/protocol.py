"""The protocol between the grading parent and the checker: environment names and events.

The parent starts the checker with the COURSEKIT_* variables below (nothing from outside may
pre-set them) and reads its events from a channel only the checker holds. Every event is one
JSON line; the parent accepts only what ``parse_event`` accepts.

Events (checker -> parent):
    {"event": "collected", "items": [{"nodeid", "exercise", "name", "target", "time_limit"}],
     "more"}   in batches of at most COLLECTED_BATCH items; "more": true on all but the last
    {"event": "collect_error", "where", "message"}   a hidden check file cannot be collected
    {"event": "start", "nodeid"}                the check's clock starts (its workers are ready)
    {"event": "import" | "imported", "target", "module"}
    {"event": "progress", "nodeid", "epoch", "epochs", "loss", "accuracy"}
    {"event": "result", "nodeid", "status", "message", "duration_s", "inputs", "expected",
     "got", "hint", "metrics"}
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import IO, Any

EVENTS = "COURSEKIT_EVENTS"  # "fd:N" (a pipe) or a file path (Windows)
TARGETS = "COURSEKIT_TARGETS"  # JSON: [{"label", "path", "only", "trusted"}]
ONLY = "COURSEKIT_ONLY"
SKIP_NODEIDS = "COURSEKIT_SKIP_NODEIDS"
BROKEN_MODULES = "COURSEKIT_BROKEN_MODULES"
MEMORY_MB = "COURSEKIT_MEMORY_MB"
PROFILE = "COURSEKIT_PROFILE"
REPORT_DIR = "COURSEKIT_REPORT_DIR"
SANDBOX = "COURSEKIT_SANDBOX"
CHECK_SECONDS = "COURSEKIT_CHECK_SECONDS"
CELL = "COURSEKIT_CELL"  # checker -> worker: the cell's settings (JSON)
ZYGOTE = "COURSEKIT_ZYGOTE"  # parent -> checker: the warm worker zygote (JSON: fd, pool, code)
VERDICT_ONLY = "COURSEKIT_VERDICT_ONLY"  # mutation runs: a verdict, no shrunk input
MAX_EXAMPLES = "COURSEKIT_MAX_EXAMPLES"  # Hypothesis examples per check (the kit's own tests)
# The grader's own variables: set by the parent for each run, never taken from outside (a
# student's COURSEKIT_MAX_EXAMPLES=1 must not thin the checks)
ENV = {EVENTS, TARGETS, ONLY, SKIP_NODEIDS, BROKEN_MODULES, MEMORY_MB, PROFILE, REPORT_DIR,
       SANDBOX, CHECK_SECONDS, CELL, VERDICT_ONLY, MAX_EXAMPLES, ZYGOTE}  # fmt: skip

# The user's own settings, read where they apply and passed through to the checker
DEBUG = "COURSEKIT_DEBUG"  # the CLI shows the grader's own tracebacks
NO_HISTORY = "COURSEKIT_NO_HISTORY"  # record no history of grades (.coursekit/ beside them)
DATA = "COURSEKIT_DATA"  # the datasets folder
LANG = "COURSEKIT_LANG"  # en or zh: the language of what the kit prints (grader.i18n)
MIRROR = "COURSEKIT_MIRROR"  # dataset mirrors, ';'-separated
MANIFEST = "COURSEKIT_MANIFEST"  # another datasets manifest
WORKER_STDIO = "COURSEKIT_WORKER_STDIO"  # "1": the worker's channel is stdin/stdout
WORKER_CPU = "COURSEKIT_WORKER_CPU"  # "off": no CPU cgroup for the worker


MAX_EVENT = 256 * 1024  # bytes in one event line; a longer one is malformed
COLLECTED_BATCH = 200  # checks in one "collected" event (a few hundred bytes each)


class EventChannel:
    """The checker's channel to the parent. POSIX: a pipe whose write end only the checker
    holds (its workers do not inherit it, and the checker is not dumpable, so no process of
    the same user can open it through /proc). Windows: a file in the run folder."""

    def __init__(self, run_dir: Path) -> None:
        self.fd_read: int | None = None
        self.pass_fds: tuple[int, ...] = ()
        if os.name == "posix":
            self.fd_read, write = os.pipe()
            os.set_blocking(self.fd_read, False)
            self.pass_fds, self.name = (write,), f"fd:{write}"
        else:
            self.path = run_dir / "events.jsonl"
            self.path.touch()
            self.name, self.position = str(self.path), 0

    def started(self) -> None:
        for fd in self.pass_fds:  # only the child keeps the write end
            os.close(fd)

    def read(self) -> bytes:
        if self.fd_read is None:
            with open(self.path, "rb") as f:
                f.seek(self.position)
                chunk = f.read()
            self.position += len(chunk)
            return chunk
        chunks = []
        while True:
            try:
                chunk = os.read(self.fd_read, 1 << 16)
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        if self.fd_read is not None:
            os.close(self.fd_read)
            self.fd_read = None


def checker_env(home: str = "") -> dict[str, str]:
    """A checker's environment before the run's own variables: the user's settings
    (COURSEKIT_DATA, COURSEKIT_MIRROR, ...) pass, the grader's protocol variables never come
    from outside, and TensorFlow's thread counts are pinned (the same arithmetic order, the
    same training verdict). (This module is also the worker's: it imports nothing of the kit
    at the top.)"""
    from grader.hardware import cpu_cores

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_") and k not in ENV}
    env.update(
        {
            "TF_NUM_INTRAOP_THREADS": env.get("TF_NUM_INTRAOP_THREADS", str(cpu_cores())),
            "TF_NUM_INTEROP_THREADS": env.get("TF_NUM_INTEROP_THREADS", "1"),
            "PYTHONIOENCODING": "utf-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "TF_CPP_MIN_LOG_LEVEL": env.get("TF_CPP_MIN_LOG_LEVEL", "2"),
            "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        }
    )
    if home and "HOME" not in env:
        env["HOME"] = home
    return env


_events_file: IO[str] | None = None


def emit(event: dict[str, Any]) -> None:
    """The checker's side of the channel: append one event for the parent (a no-op outside
    the grader, e.g. a check run in-process by the kit's own tests)."""
    global _events_file
    name = os.environ.get(EVENTS)
    if not name:
        return
    if _events_file is None:  # "fd:N": a pipe to the parent; else a file (Windows)
        if name.startswith("fd:"):
            _events_file = os.fdopen(int(name[3:]), "w", encoding="utf-8", newline="\n")
        else:
            _events_file = open(name, "a", encoding="utf-8", newline="\n")  # noqa: SIM115
    _events_file.write(json.dumps(event) + "\n")
    _events_file.flush()


def flush() -> None:
    if _events_file is not None:
        _events_file.flush()


def report_dir() -> Path:
    """Where the checks write figures (learning curves, forecasts): the grade's report folder;
    run outside the grader (the kit's own tests), a fresh temporary folder."""
    given = os.environ.get(REPORT_DIR)
    if not given:
        given = os.environ[REPORT_DIR] = tempfile.mkdtemp(prefix="coursekit-reports-")
    return Path(given)


_EVENTS = {"collected", "collect_error", "start", "import", "imported", "result", "progress"}


def parse_event(raw: bytes, collected: bool, planned: dict[str, Any]) -> dict[str, Any] | None:
    """One event line, if it is well-formed: a known kind, and (after collection) only about
    checks that were collected. Anything else is None."""
    if len(raw) > MAX_EVENT:
        return None
    try:
        event = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(event, dict) or event.get("event") not in _EVENTS:
        return None
    kind = event["event"]
    if kind == "collected":
        items = event.get("items")
        if collected or not isinstance(items, list):
            return None
        return event if all(isinstance(i, dict) and "nodeid" in i for i in items) else None
    if kind == "collect_error":
        return event if isinstance(event.get("message"), str) else None
    if kind in ("start", "result", "progress") and str(event.get("nodeid")) not in planned:
        return None
    if kind in ("import", "imported") and not all(
        isinstance(event.get(k), str) for k in ("target", "module")
    ):
        return None
    return event
