"""No process a submission started outlives the grade.

The worker's own cell kills what it can (its session; on Linux with bwrap its PID namespace; as
root a pids cgroup). What escapes those (a ``setsid`` daemon of a plain worker, a double fork)
is reparented to the nearest "child subreaper": on Linux the grading parent declares itself
one, and after a grade kills every child it did not have before.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
from pathlib import Path

_PR_SET_CHILD_SUBREAPER = 36
_PR_SET_DUMPABLE = 4


def _prctl(option: int, value: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def become_subreaper() -> bool:
    return _prctl(_PR_SET_CHILD_SUBREAPER, 1)


def hide_from_same_user() -> bool:
    """Not dumpable: another process of this user cannot open /proc/<pid>/fd, /mem or ptrace
    this one (a worker at the plain level runs as the same user)."""
    return _prctl(_PR_SET_DUMPABLE, 0)


def children() -> set[int]:
    """This process's children (Linux: from /proc)."""
    me, found = os.getpid(), set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            ppid = int(text[text.rindex(")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == me:
            found.add(int(stat.parent.name))
    return found


def reap(keep: set[int]) -> list[int]:
    """Kill and reap every child except ``keep`` (repeating: killing one may orphan more)."""
    killed: list[int] = []
    if not Path("/proc/self/stat").exists():
        return killed
    for _ in range(100):
        strays = children() - keep
        if not strays:
            break
        for pid in strays:
            try:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            except (ProcessLookupError, PermissionError):
                pass
        for pid in strays:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        time.sleep(0.01)
    return killed


def sweep_cgroups(checker_pid: int) -> None:
    """The pids cgroups a checker made for its workers: kill what is left, remove them."""
    root = Path("/sys/fs/cgroup/pids")
    for group in root.glob(f"coursekit-{checker_pid}-*"):
        for _ in range(50):
            try:
                pids = [int(p) for p in (group / "cgroup.procs").read_text().split()]
            except (OSError, ValueError):
                pids = []
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            try:
                group.rmdir()
                break
            except OSError:
                time.sleep(0.05)
