"""The worker's control groups (Linux, as root): a cap on its processes, a way to kill every
one of them (even those that left its session), and its fair share of the CPU.

The kernel schedules threads, not processes: a submission that starts 16 busy threads (or
processes) would get 16 shares of the CPU to the checker's one. In a cgroup the worker's
threads compete as one group, weighted as many threads as this grade has cores (what an honest
worker's TensorFlow uses for training) and capped by a quota at those cores, however many it
starts. (A weight below one thread's starved an honest worker whenever anything else ran on the
machine: benchmarks/bench_fair_share.py.) cgroup v2 (``cpu.max``, ``cpu.weight``) where the
unified hierarchy has the controllers, else v1 (``cpu.cfs_quota_us``, ``cpu.shares``). Without
a cgroup (not root, not Linux) the worker's RLIMIT_CPU (``confine``) still bounds its CPU time.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from grader import protocol

ROOT = Path("/sys/fs/cgroup")
PIDS_MAX = 512
PERIOD_US = 100_000


def quota_cores() -> int:
    """The cores this grade may use (its CPU affinity): the worker's ceiling."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _write(path: Path, text: str) -> bool:
    try:
        path.write_text(text)
        return True
    except OSError:
        return False


def _new(parent: Path) -> Path | None:
    group = parent / f"coursekit-{os.getpid()}-{time.monotonic_ns()}"
    try:
        group.mkdir()
    except OSError:
        return None
    return group


def cpu_wanted() -> bool:
    """COURSEKIT_WORKER_CPU=off leaves the CPU unshared and the worker's GIL switch interval
    Python's default (benchmarks/bench_fair_share.py's baseline, the state before issue 15);
    processes are capped and killed through the pids group either way."""
    return os.environ.get(protocol.WORKER_CPU, "") != "off"


def _v2() -> list[Path]:
    try:
        available = (ROOT / "cgroup.controllers").read_text().split()
    except OSError:
        return []
    wanted = [c for c in ("pids", "cpu") if c in available and (c != "cpu" or cpu_wanted())]
    if "pids" not in wanted:
        return []
    _write(ROOT / "cgroup.subtree_control", " ".join(f"+{c}" for c in wanted))
    group = _new(ROOT)
    if group is None:
        return []
    _write(group / "pids.max", str(PIDS_MAX))
    if "cpu" in wanted and (group / "cpu.max").exists():
        _write(group / "cpu.max", f"{quota_cores() * PERIOD_US} {PERIOD_US}")
        _write(group / "cpu.weight", str(min(10_000, 100 * quota_cores())))
    return [group]


def _v1() -> list[Path]:
    groups = []
    pids = _new(ROOT / "pids") if (ROOT / "pids").is_dir() else None
    if pids is not None:
        _write(pids / "pids.max", str(PIDS_MAX))
        groups.append(pids)
    has_cpu = (ROOT / "cpu" / "cpu.shares").is_file() and cpu_wanted()
    cpu = _new(ROOT / "cpu") if has_cpu else None
    if cpu is not None:
        ok = _write(cpu / "cpu.shares", str(1024 * quota_cores()))
        ok = ok and _write(cpu / "cpu.cfs_period_us", str(PERIOD_US))
        ok = ok and _write(cpu / "cpu.cfs_quota_us", str(quota_cores() * PERIOD_US))
        groups.append(cpu) if ok else remove([cpu])
    return groups


def _v1_freezer() -> list[Path]:
    group = _new(ROOT / "freezer") if (ROOT / "freezer").is_dir() else None
    if group is not None and not (group / "freezer.state").is_file():
        remove([group])
        return []
    return [] if group is None else [group]


def freeze(groups: list[Path], frozen: bool) -> None:
    """Stop (or let run again) every process of the worker: between two requests nothing of
    the submission has a reason to run, so threads and processes it left spinning take the
    CPU from the checker only while the checker waits for an answer anyway."""
    for group in groups:
        if (group / "cgroup.freeze").is_file():
            _write(group / "cgroup.freeze", "1" if frozen else "0")
        elif (group / "freezer.state").is_file():
            _write(group / "freezer.state", "FROZEN" if frozen else "THAWED")


def make() -> list[Path]:
    """The worker's groups, the one that counts its processes first; [] where there are none."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not ROOT.is_dir():
        return []
    return _v2() or _v1() + (_v1_freezer() if cpu_wanted() else [])


def members(groups: list[Path]) -> list[int]:
    found: set[int] = set()
    for group in groups:
        try:
            found.update(int(p) for p in (group / "cgroup.procs").read_text().split())
        except (OSError, ValueError):
            continue
    return sorted(found)


def remove(groups: list[Path]) -> None:
    """Remove the (emptied) groups; an emptied group can take a moment to let go."""
    for group in groups:
        for _ in range(100):
            try:
                group.rmdir()
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.05)
