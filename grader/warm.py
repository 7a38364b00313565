"""The warm worker pool of batch and watch: one worker zygote per grading parent.

The zygote runs in a bwrap cell of its own (the cold cell's namespaces and read-only views,
plus one read-write folder, the pool, where the checker makes each worker's cell), imports
TensorFlow once and forks a worker per submission (``grader.worker.nest``): each fork makes
its own namespaces and Landlock domain before any submission code runs, so it never sees
another student's code. The checkers the parent starts get the zygote's control socket (the
parent keeps it across a checker's restart) and, when one ends, its workers are killed.

Only where the cold path would use bwrap and the kernel's Landlock has scopes (ABI 6: no
signals to processes outside the domain); elsewhere ``start`` says why not and each worker
starts cold, as in ``coursekit grade``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader import protocol
from grader.i18n import _
from grader.worker import cell, confine
from grader.worker.zygote import ForkedProcess, Zygote

_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from grader.worker import nest; nest.main()"
)
READY_S = 120.0  # a TensorFlow import on a busy machine


def unavailable(level: str) -> str:
    """Why this machine cannot have warm workers at ``level`` ("" when it can)."""
    if level != "bwrap":
        return _("warm workers need the bwrap cell (this grade's cell: {level})").format(
            level=level
        )
    if confine.landlock_abi() < 6:
        return _("warm workers need Landlock ABI 6 (Linux 6.12 or later) to keep students apart")
    return ""


def _launch(
    head: list[str], env: dict[str, str], stdout: int
) -> tuple[Zygote, subprocess.Popen[bytes], socket.socket] | None:
    """Start a zygote (``head`` + its end of the control socket) and wait until it has
    imported what it preloads; None (the process killed) when it does not get there."""
    mine, its = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    proc = subprocess.Popen([*head, str(its.fileno())], env=env, stdin=subprocess.DEVNULL,
                            stdout=stdout, stderr=subprocess.STDOUT, pass_fds=(its.fileno(),),
                            start_new_session=True)  # fmt: skip
    its.close()  # only the zygote holds its end: when the parent's closes, it ends
    zygote = Zygote(mine)
    if zygote.wait_ready(READY_S):
        return zygote, proc, mine
    proc.kill()
    proc.wait()
    mine.close()
    return None


def _stop(proc: subprocess.Popen[bytes], sock: socket.socket) -> None:
    sock.close()
    try:
        os.killpg(proc.pid, 9)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


class WarmPool:
    def __init__(self, zygote: Zygote, proc: subprocess.Popen[bytes], sock: socket.socket,
                 pool: Path, code: Path) -> None:  # fmt: skip
        self.zygote, self.proc, self.sock, self.pool, self.code = zygote, proc, sock, pool, code

    @classmethod
    def start(cls, tmp_mb: int = 256) -> WarmPool:
        """Start the zygote and wait until it has imported TensorFlow (raises OSError)."""
        pool = Path(tempfile.mkdtemp(prefix="coursekit-pool-"))
        pool.chmod(0o711)
        code = cell.worker_code_dir(pool / "zygote")  # pool/code: the workers' code, read-only
        args = [*cell._bwrap_args(Path("/"), None, tmp_mb), "--bind", str(pool), str(pool)]
        args += ["--ro-bind", str(code), str(code), "--chdir", str(pool)]
        head = [*args, sys.executable, "-I", "-c", _BOOT, str(code)]
        with open(pool / "zygote.log", "wb") as log:
            started = _launch(head, cell.environment(pool, "bwrap"), log.fileno())
        if started is None:
            tail = (pool / "zygote.log").read_text(errors="replace")[-2000:]
            shutil.rmtree(pool, ignore_errors=True)
            raise OSError(_("the warm worker zygote did not start: {log}").format(log=tail))
        zygote, proc, mine = started
        return cls(zygote, proc, mine, pool, code)

    def env(self) -> dict[str, str]:
        """What a checker needs to fork its workers here (its fd is in ``pass_fds``)."""
        fd = self.sock.fileno()
        where = {"fd": fd, "pool": str(self.pool), "code": str(self.code)}
        return {protocol.ZYGOTE: json.dumps(where)}

    @property
    def pass_fds(self) -> tuple[int, ...]:
        return (self.sock.fileno(),)

    def checker_ended(self) -> None:
        """The checker that used the pool is gone: so are the workers it forked."""
        self.zygote.kill_all()
        for entry in self.pool.glob("cell-*"):
            shutil.rmtree(entry, ignore_errors=True)

    def close(self) -> None:
        _stop(self.proc, self.sock)
        shutil.rmtree(self.pool, ignore_errors=True)


# The checker zygote (watch): the kit's own trusted process, no cell. It imports what every
# checker imports (TensorFlow, pytest, Hypothesis, the check library) and forks a checker per
# grade, which then runs pytest exactly as a cold checker does.
CHECKER_PRELOAD = ("numpy", "tensorflow", "keras", "pytest", "hypothesis",
                   "hypothesis.extra.numpy", "grader.plugin", "grader.testing.compare",
                   "grader.testing.strategies", "grader.testing.proof")  # fmt: skip
_CHECKER_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from grader import warm; warm.checker_main()"
)


def run_checker(spec: dict[str, Any], fds: list[int]) -> None:
    """In the checker zygote's child: become the checker ``spec`` describes (never returns)."""
    import fcntl

    os.setsid()
    wanted = spec["fds"]  # the numbers the received fds must have (the env names them)
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 256) for fd in fds]
    for fd in fds:
        os.close(fd)
    for fd, number in zip(high, wanted):
        os.dup2(fd, number)  # dup2's copy is inheritable, the CLOEXEC originals are not
        os.close(fd)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(wanted[0], 1)  # the first is the log
    os.dup2(wanted[0], 2)
    os.environ.clear()
    os.environ.update(spec["env"])
    os.chdir(spec["cwd"])
    import pytest

    code = pytest.main(spec["args"])
    os._exit(int(code))


def checker_main() -> None:
    from grader.worker import zygote

    control = socket.socket(fileno=int(sys.argv[1]))
    zygote.serve(control, CHECKER_PRELOAD, run_checker)


class CheckerPool:
    """A checker zygote started by the grading parent; ``spawn`` stands in for Popen."""

    def __init__(self, zygote: Zygote, proc: subprocess.Popen[bytes], sock: socket.socket) -> None:
        self.zygote, self.proc, self.sock = zygote, proc, sock

    @classmethod
    def start(cls, env: dict[str, str]) -> CheckerPool:
        from grader.paths import KIT_ROOT

        head = [sys.executable, "-I", "-c", _CHECKER_BOOT, str(KIT_ROOT)]
        # its own output (TensorFlow's start-up lines) is not the student's: each checker it
        # forks writes to that run's log
        started = _launch(head, env, subprocess.DEVNULL)
        if started is None:
            raise OSError(_("the checker zygote did not start"))
        zygote, proc, mine = started
        return cls(zygote, proc, mine)

    def spawn(self, args: list[str], cwd: Path, env: dict[str, str], log: int,
              pass_fds: tuple[int, ...]) -> ForkedProcess:  # fmt: skip
        spec = {"args": args, "cwd": str(cwd), "env": env, "fds": [log, *pass_fds]}
        return self.zygote.spawn(spec, [log, *pass_fds])

    def close(self) -> None:
        _stop(self.proc, self.sock)


@dataclass
class Pools:
    """The zygotes a long-lived caller keeps: workers (None: cold) and checkers (None: cold)."""

    workers: WarmPool | None
    checkers: CheckerPool | None
    why_cold: str = ""

    @classmethod
    def start(cls, level: str) -> Pools:
        """Both zygotes where this machine can have them; where not, why (each is optional)."""
        workers, checkers, why = None, None, unavailable(level)
        if not why:
            try:
                workers = WarmPool.start()
            except OSError as exc:
                why = str(exc)
        if hasattr(os, "fork"):
            try:
                checkers = CheckerPool.start(protocol.checker_env())
            except OSError as exc:
                why = why or str(exc)
        return cls(workers, checkers, why)

    def close(self) -> None:
        for pool in (self.workers, self.checkers):
            if pool is not None:
                pool.close()
