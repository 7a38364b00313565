"""The warm worker: a child of the worker zygote (which runs in a bwrap cell and imported
TensorFlow), made into a cell of its own before any submission code runs.

What a cold bwrap cell has and how a warm one gets it:
- its own user, PID, network, IPC and UTS namespaces: ``unshare`` here, then a fork, so the
  worker is PID 1 of its namespace (when it dies, every process it started dies with it) and
  has no network at all, not even the loopback its siblings have;
- no view of the kit, solutions, hidden checks: the zygote's bwrap never had them;
- no view of other students: Landlock (reads: the Python installation, its own target copy
  and inbox; writes: its own scratch folder), and Landlock's scopes (no signals to, no
  ptrace of, no abstract sockets of any process outside its domain);
- rlimits, a scrubbed environment, its scratch folder as cwd and HOME: ``confine.apply``.
"""

from __future__ import annotations

import ctypes
import os
import sys
from typing import Any

_NEWUSER, _NEWPID, _NEWNET = 0x10000000, 0x20000000, 0x40000000
_NEWIPC, _NEWUTS = 0x08000000, 0x04000000
_PR_SET_PDEATHSIG = 1


def _own_namespaces() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.geteuid(), os.getegid()
    if libc.unshare(_NEWUSER | _NEWPID | _NEWNET | _NEWIPC | _NEWUTS) != 0:
        raise OSError(ctypes.get_errno(), "unshare")
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                       ("gid_map", f"{gid} {gid} 1")):  # fmt: skip
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)


def run(spec: dict[str, Any], fds: list[int]) -> None:
    """Become the worker of ``spec`` (never returns)."""
    os.setsid()
    try:
        _own_namespaces()
    except OSError as exc:
        os.write(2, f"coursekit: the warm cell could not be made: {exc}\n".encode())
        os._exit(97)
    pid = os.fork()  # the first child in the new PID namespace is its PID 1
    if pid:
        for fd in fds:
            os.close(fd)
        _, status = os.waitpid(pid, 0)
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, 9, 0, 0, 0)  # the zygote's child (our parent) kills us
    channel = os.dup(fds[0])
    log = os.open(spec["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.closerange(3, channel)
    os.closerange(channel + 1, 1 << 16)
    os.environ.clear()
    os.environ.update(spec["env"])
    os.chdir(spec["cwd"])
    sys.argv = ["worker", str(channel), spec["target"]]
    from grader.worker import confine

    confine.apply()
    from grader.worker.serve import main

    main()


def main() -> None:
    """The worker zygote's entry point: ``python -I -c ... <code dir> <control fd>``."""
    import socket

    from grader.worker import zygote

    control = socket.socket(fileno=int(sys.argv[1]))
    zygote.serve(control, ("numpy", "tensorflow", "keras"), run)
