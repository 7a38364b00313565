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
from pathlib import Path
from typing import Any

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
ENV = {EVENTS, TARGETS, ONLY, SKIP_NODEIDS, BROKEN_MODULES, MEMORY_MB, PROFILE, REPORT_DIR,
       SANDBOX, CHECK_SECONDS, CELL}  # fmt: skip


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
