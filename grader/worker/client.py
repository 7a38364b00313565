"""The checker's side of the worker: start it in its cell, send requests with a time limit,
turn replies back into values, and stand in for the target's module in the checks.

``RemoteModule`` is what a check sees as ``student``: ``student.softmax(x)`` sends a request
and returns plain data; a model or other object the submission returns comes back as a
``RemoteObject`` handle, used through ``grader.testing.models``.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from grader.worker import cell
from grader.worker.serve import Server
from grader.worker.wire import MAX_REPLY, WireError, decode, encode, exact, read_frame


class WorkerTimeout(Exception):
    """The submission's code did not answer in time (the worker was stopped)."""


class WorkerGone(Exception):
    """The worker process died (os._exit, a native crash, memory) or broke the protocol."""


class StudentError(Exception):
    """The submission's code raised; ``info`` has type, message and where (plain strings)."""

    def __init__(self, info: dict[str, Any]) -> None:
        self.info = {k: str(info.get(k, ""))[:2000] for k in ("type", "message", "where")}
        self.exit_code = info.get("exit_code", 0)
        super().__init__(f"{self.info['type']}: {self.info['message']}")


class _Base:
    deadline: float | None = None  # set per check by the fixtures (a share of its time limit)

    def request(self, message: dict[str, Any]) -> Any:
        raise NotImplementedError

    def ensure_ready(self) -> None:
        """Started and answering (a fresh worker first imports TensorFlow)."""

    def close(self) -> None:
        pass


class LocalWorker(_Base):
    """The kit's own trusted targets (references, mistakes, mutants): the worker's request
    handler in this process, with the same byte encoding both ways, so verdicts are the same."""

    level = "in-process (the kit's own code)"

    def __init__(self, target: Path, alias: str) -> None:
        self.server = Server(target, alias)

    def request(self, message: dict[str, Any]) -> Any:
        sent = decode(encode(message)[8:])
        reply = self.server.handle(sent)
        try:
            return decode(encode(reply)[8:])
        except (WireError, ValueError, TypeError) as exc:
            return {"ok": False, "error": {"type": "WireError", "message": str(exc)}}


class Worker(_Base):
    """One worker process for one target; restarted on the next request after it dies."""

    def __init__(self, target: Path, level: str, memory_mb: int, run_dir: Path) -> None:
        self.target, self.level, self.memory_mb, self.run_dir = target, level, memory_mb, run_dir
        self.proc: subprocess.Popen[bytes] | None = None
        self.sock: socket.socket | None = None
        self.cgroup: Path | None = None
        self.pipe: _PipeReader | None = None
        self.cell_dir: Path | None = None  # its copy of the target, scratch, log: removed on close
        self.scratch: Path | None = None  # the worker's cwd and HOME, writable by it
        self.starts = 0
        self.ready = False
        self._next_id = 0

    def start(self) -> None:
        self.close()
        self.starts += 1
        self.ready = False
        cell_dir = Path(tempfile.mkdtemp(prefix="cell-", dir=self.run_dir))
        cell_dir.chmod(0o711)  # the uid level's worker (another user) passes through to scratch
        scratch = cell_dir / "scratch"
        scratch.mkdir()
        target = cell.copy_target(self.target, cell_dir / "target")
        code = cell.worker_code_dir(scratch)
        stdio = os.name == "nt" or os.environ.get("COURSEKIT_WORKER_STDIO") == "1"
        ours, theirs = (None, None) if stdio else socket.socketpair()
        env = cell.environment(scratch, self.level)
        env["COURSEKIT_CELL"] = json.dumps(
            {
                "level": self.level,
                "parent": os.getpid(),
                "memory_mb": self.memory_mb,
                "cpu_s": 3600,
                "fsize_mb": 256,
                "nproc": 0 if self.level == "bwrap" else 4096,
                "read": [str(p) for p in cell._ro_paths()]
                + ["/etc", "/proc", "/sys", "/dev", str(code), str(target)],
                "write": [str(scratch), "/dev/null"],
            }
        )
        log = open(cell_dir / "worker.log", "wb")  # noqa: SIM115 - handed to the child
        kwargs: dict[str, Any] = {}
        if self.level == "uid":
            os.chown(scratch, cell.NOBODY, cell.NOBODY)
            kwargs = {"user": cell.NOBODY, "group": cell.NOBODY, "extra_groups": []}
        channel = "stdio" if theirs is None else str(theirs.fileno())
        argv = cell.command(self.level, scratch, code, target, channel)
        self.cgroup = _pids_cgroup()
        if self.cgroup is not None:  # join it before anything forks: no process escapes it
            join = f'echo $$ > "{self.cgroup}/cgroup.procs" && exec "$@"'
            argv = ["/bin/sh", "-c", join, "sh", *argv]
        self.proc = subprocess.Popen(
            argv,
            cwd=scratch,
            env=env,
            stdin=subprocess.PIPE if stdio else subprocess.DEVNULL,
            stdout=subprocess.PIPE if stdio else log,
            stderr=log if stdio else subprocess.STDOUT,
            pass_fds=() if theirs is None else (theirs.fileno(),),
            start_new_session=(os.name == "posix"),
            **kwargs,
        )
        log.close()
        if theirs is not None:
            theirs.close()
        self.sock, self.cell_dir, self.scratch = ours, cell_dir, scratch
        self.pipe = _PipeReader(self.proc) if stdio else None

    def ensure_ready(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        if not self.ready:
            self.deadline, saved = time.monotonic() + 600, self.deadline
            try:
                self.request({"op": "ping"})
            except (WorkerGone, WorkerTimeout):
                pass  # the check's own request will meet (and report) the dead worker
            self.deadline = saved

    def request(self, message: dict[str, Any]) -> Any:
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        self._next_id += 1
        message = {**message, "id": self._next_id}
        timeout = None if self.deadline is None else max(0.05, self.deadline - time.monotonic())
        try:
            if self.pipe is not None:
                reply = self.pipe.exchange(encode(message), timeout)
            else:
                assert self.sock is not None
                self.sock.settimeout(timeout)
                self.sock.sendall(encode(message))
                reply = read_frame(self._read, MAX_REPLY)
        except TimeoutError:
            self.close()
            raise WorkerTimeout() from None
        except (EOFError, OSError, WireError) as exc:
            code = self._wait_code()
            self.close()
            raise WorkerGone(_death(code, exc)) from None
        if reply.get("id") != self._next_id:
            self.close()
            raise WorkerGone("the worker answered out of turn (its channel was tampered with)")
        self.ready = True
        return reply

    def _read(self, n: int) -> bytes:
        assert self.sock is not None
        return exact(self.sock.recv)(n)

    def _wait_code(self) -> int | None:
        if self.proc is None:
            return None
        try:
            return self.proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            return None

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        if self.proc is not None:
            kill_tree(self.proc, self.cgroup)
            self.proc = None
        self.cgroup = None
        if self.cell_dir is not None:  # what the submission wrote does not outlive its worker
            shutil.rmtree(self.cell_dir, ignore_errors=True)
            self.cell_dir = self.scratch = None


class _PipeReader:
    """The worker's stdin/stdout as the channel (Windows): a thread reads whole frames, so a
    reply can be waited for with a time limit."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc = proc
        self.replies: queue.Queue[Any] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _read(self, n: int) -> bytes:
        assert self.proc.stdout is not None
        return exact(self.proc.stdout.read)(n)

    def _pump(self) -> None:
        while True:
            try:
                self.replies.put(read_frame(self._read, MAX_REPLY))
            except (EOFError, OSError, WireError, ValueError) as exc:
                self.replies.put(exc)
                return

    def exchange(self, frame: bytes, timeout: float | None) -> Any:
        assert self.proc.stdin is not None
        self.proc.stdin.write(frame)
        self.proc.stdin.flush()
        try:
            reply = self.replies.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError from None
        if isinstance(reply, BaseException):
            raise reply
        return reply


def _death(code: int | None, exc: BaseException) -> str:
    if isinstance(exc, WireError):
        return f"the worker sent something that is not a valid reply ({exc})"
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else code
        return f"the worker process was killed by {name} (memory exhausted, or a native crash?)"
    return (
        f"the worker process ended (exit code {code}): os._exit(), a crash in native code,"
        " or memory exhausted"
    )


_CGROUP_ROOT = Path("/sys/fs/cgroup/pids")


def _pids_cgroup() -> Path | None:
    """As root on Linux with the pids controller: a cgroup that caps the worker's processes
    and lets the checker kill every one of them, even those that left its session."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not _CGROUP_ROOT.is_dir():
        return None
    group = _CGROUP_ROOT / f"coursekit-{os.getpid()}-{time.monotonic_ns()}"
    try:
        group.mkdir()
        (group / "pids.max").write_text("512")
    except OSError:
        return None
    return group


def kill_tree(proc: subprocess.Popen[bytes], group: Path | None) -> None:
    """The worker, its session, and (with a cgroup) every process it ever started."""
    if os.name == "posix":
        for _ in range(50):
            pids = _cgroup_pids(group)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            if not pids:
                break
            time.sleep(0.02)
    try:
        proc.kill()
    except OSError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    if group is not None:
        for _ in range(100):
            try:
                group.rmdir()
                break
            except OSError:
                time.sleep(0.05)


def _cgroup_pids(group: Path | None) -> list[int]:
    if group is None:
        return []
    try:
        return [int(p) for p in (group / "cgroup.procs").read_text().split()]
    except (OSError, ValueError):
        return []
