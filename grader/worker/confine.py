"""Confinement the worker applies to itself first thing, before any submission code runs:
rlimits, death with its parent, and on Linux the Landlock LSM (file access and signals).

The cell's settings come in the COURSEKIT_CELL environment variable (JSON). Nothing here
trusts the submission: it has not run yet, and afterwards none of this can be undone
(rlimits can only be lowered, Landlock cannot be lifted, no_new_privs is for life).
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import struct
import sys

from grader import protocol

# Landlock's syscalls and flags (linux/landlock.h); the numbers are the same on every arch
_CREATE, _ADD_RULE, _RESTRICT = 444, 445, 446
_VERSION = 1
_READ = (1 << 0) | (1 << 2) | (1 << 3)  # execute, read file, read dir
_ALL_FS_V1 = (1 << 13) - 1
_FS_EXTRA = {2: 1 << 13, 3: 1 << 14, 5: 1 << 15}  # refer, truncate, ioctl on devices
_FILE_RIGHTS = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 14) | (1 << 15)
_SCOPE_SIGNAL = 1 << 1  # ABI 6: no signals to processes outside the domain
_SCOPE_ABSTRACT_UNIX = 1 << 0
SWITCH_S = 0.0005


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def landlock_abi() -> int:
    libc = _libc()
    if libc is None:
        return 0
    abi = libc.syscall(_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(_VERSION))
    return max(int(abi), 0)


def _landlock(read: list[str], write: list[str]) -> None:
    libc = _libc()
    abi = landlock_abi()
    if libc is None or abi < 1:
        raise OSError("Landlock is not available")  # i18n: internal (the worker's own start)
    handled = _ALL_FS_V1 | sum(bit for v, bit in _FS_EXTRA.items() if abi >= v)
    scoped = _SCOPE_SIGNAL | _SCOPE_ABSTRACT_UNIX if abi >= 6 else 0
    net = 0b11 if abi >= 4 else 0  # bind and connect TCP: none allowed
    attr = struct.pack("<QQQ", handled, net, scoped)
    size = 24 if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = libc.syscall(_CREATE, attr[:size], ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")
    for paths, access in ((read, _READ), (write, handled)):
        for path in paths:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            # a rule on a file may only name the rights that make sense for files
            allowed = access if os.path.isdir(path) else access & _FILE_RIGHTS
            rule = struct.pack("<Qi", allowed & handled, fd)
            ok = libc.syscall(_ADD_RULE, ruleset, ctypes.c_int(1), rule, ctypes.c_uint32(0))
            os.close(fd)
            if ok < 0:
                raise OSError(ctypes.get_errno(), f"landlock_add_rule {path}")
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        raise OSError(ctypes.get_errno(), "no_new_privs")
    if libc.syscall(_RESTRICT, ruleset, ctypes.c_uint32(0)) != 0:
        raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    os.close(ruleset)


def _rlimits(cell: dict) -> None:
    try:
        import resource
    except ImportError:  # Windows: the checker's time limits still hold
        return
    mb = 1024 * 1024
    wanted = {
        "RLIMIT_AS": cell.get("memory_mb", 0) * mb,
        "RLIMIT_CPU": cell.get("cpu_s", 0),
        "RLIMIT_FSIZE": cell.get("fsize_mb", 0) * mb,
        "RLIMIT_NPROC": cell.get("nproc", 0),
        "RLIMIT_CORE": -1,
    }
    if hasattr(signal, "SIGXFSZ"):  # a write past RLIMIT_FSIZE fails (EFBIG), not the worker
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    for name, value in wanted.items():
        which = getattr(resource, name, None)
        if which is None or value == 0:
            continue
        value = 0 if value == -1 else value
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass


def apply() -> None:
    cell = json.loads(os.environ.get(protocol.CELL, "{}"))
    libc = _libc()
    if libc is not None:
        libc.prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG SIGKILL: die with the checker
        if os.getppid() != cell.get("parent", os.getppid()) and cell.get("level") != "bwrap":
            os._exit(1)  # the checker is already gone
    _rlimits(cell)
    # a request's thread waits for the GIL at most this long (Python's default is 5 ms) when
    # threads the submission left spinning hold it: each wait is a request's latency
    if cell.get("switch_s"):
        sys.setswitchinterval(float(cell["switch_s"]))
    if cell.get("level") == "landlock" or cell.get("landlock"):  # landlock, or a warm cell
        _landlock(cell.get("read", []), cell.get("write", []))
