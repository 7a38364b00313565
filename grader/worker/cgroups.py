"""The worker's control groups (Linux, as root): a cap on its processes, a way to kill every
one of them (even those that left its session), and its fair share of the CPU.

The kernel schedules threads, not processes: a submission that starts 16 busy threads (or
processes) would get 16 shares of the CPU to the checker's one, and every check, the checker's
own TensorFlow import and the references included, would crawl. In a cgroup the worker's
threads compete as one: a low weight lets the checker win the CPU whenever it needs it (an
honest worker still uses every idle core, e.g. for training), and a quota caps the worker at
the cores this grade may use. cgroup v2 (``cpu.max``, ``cpu.weight``) where the unified
hierarchy has the controllers, else v1 (``cpu.cfs_quota_us``, ``cpu.shares``). Without a
cgroup (not root, not Linux) the worker's RLIMIT_CPU (``confine``) still bounds its CPU time.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
PIDS_MAX = 512
PERIOD_US = 100_000
V1_SHARES = 128  # of the default 1024: the checker's threads come first
V2_WEIGHT = 10  # of the default 100


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


def _v2() -> list[Path]:
    try:
        available = (ROOT / "cgroup.controllers").read_text().split()
    except OSError:
        return []
    wanted = [c for c in ("pids", "cpu") if c in available]
    if "pids" not in wanted:
        return []
    _write(ROOT / "cgroup.subtree_control", " ".join(f"+{c}" for c in wanted))
    group = _new(ROOT)
    if group is None:
        return []
    _write(group / "pids.max", str(PIDS_MAX))
    if (group / "cpu.max").exists():
        _write(group / "cpu.max", f"{quota_cores() * PERIOD_US} {PERIOD_US}")
        _write(group / "cpu.weight", str(V2_WEIGHT))
    return [group]


def _v1() -> list[Path]:
    groups = []
    pids = _new(ROOT / "pids") if (ROOT / "pids").is_dir() else None
    if pids is not None:
        _write(pids / "pids.max", str(PIDS_MAX))
        groups.append(pids)
    cpu = _new(ROOT / "cpu") if (ROOT / "cpu" / "cpu.shares").is_file() else None
    if cpu is not None:
        ok = _write(cpu / "cpu.shares", str(V1_SHARES))
        ok = ok and _write(cpu / "cpu.cfs_period_us", str(PERIOD_US))
        ok = ok and _write(cpu / "cpu.cfs_quota_us", str(quota_cores() * PERIOD_US))
        groups.append(cpu) if ok else remove([cpu])
    return groups


def make() -> list[Path]:
    """The worker's groups, the one that counts its processes first; [] where there are none."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not ROOT.is_dir():
        return []
    return _v2() or _v1()


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
