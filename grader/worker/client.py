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
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from grader import protocol
from grader.i18n import _
from grader.worker import cell, cgroups, confine, objects, serve, wire
from grader.worker.serve import Server
from grader.worker.wire import MAX_REPLY, WireError, decode, encode, exact, read_frame
from grader.worker.zygote import ForkedProcess, Zygote

FILE_MB = 256  # the largest file the worker may write (RLIMIT_FSIZE; a write past it fails)
TMP_MB = 256  # its private /tmp (bwrap: a tmpfs of this size)
SCRATCH_MB = 1024  # all its files in scratch: over it, the worker is stopped


@dataclass(frozen=True)
class Warm:
    """A warm worker zygote (grader.worker.nest) and the folder its bwrap can see: the cells
    of the workers it forks are made in ``pool``; ``code`` is the worker code it runs."""

    zygote: Zygote
    pool: Path
    code: Path


_FIELD = re.compile(r"\{(\w+)\}")


TRANSLATED_CHARS = 1000  # the longest text of a worker's message matched


@cache
def _worker_messages() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each message of the worker's own code as a pattern of its English text (its fields
    caught), the most specific first: "a NumPy {type} ..." before "a {type} ..."."""
    found = []
    for message in {*wire.MESSAGES.values(), *objects.MESSAGES.values(), *serve.MESSAGES.values()}:
        parts, seen, regex = _FIELD.split(message), set(), ""
        for i, part in enumerate(parts):
            if i % 2 == 0:
                regex += re.escape(part)
            else:
                regex += f"(?P={part})" if part in seen else f"(?P<{part}>.+?)"
                seen.add(part)
        found.append((re.compile(regex, re.DOTALL), message))
    found.sort(key=lambda t: (-len(_FIELD.sub("", t[1])), t[1]))
    return tuple(found)


def translated(text: str) -> str:
    """A message of the worker's own code in the language spoken (the worker's cell has no
    catalogue: it says them in English, ``grader.worker.wire.N_``); any other text, such as
    what a submission's exception says, as it is. The worker's own messages are short: a
    longer text (which a submission can make up) is not matched, so no pattern of several
    fields can be made to backtrack for long."""
    if len(text) > TRANSLATED_CHARS:
        return text
    for pattern, message in _worker_messages():
        found = pattern.fullmatch(text)
        if found is not None:
            return _(message).format(**found.groupdict())
    return text


def _translate_reply(reply: Any) -> Any:
    """The reply with its error's message translated (``translated``), if it has one."""
    error = reply.get("error") if isinstance(reply, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        error["message"] = translated(error["message"])
    return reply


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
            return _translate_reply(decode(encode(reply)[8:]))
        except (WireError, ValueError, TypeError) as exc:
            return {"ok": False, "error": {"type": "WireError", "message": translated(str(exc))}}


class Worker(_Base):
    """One worker process for one target; restarted on the next request after it dies."""

    def __init__(
        self, target: Path, level: str, memory_mb: int, run_dir: Path, warm: Warm | None = None
    ) -> None:
        self.target, self.level, self.memory_mb, self.run_dir = target, level, memory_mb, run_dir
        self.warm = warm  # forked from a zygote (batch, watch): a warm cell (grader.worker.nest)
        self.proc: subprocess.Popen[bytes] | ForkedProcess | None = None
        self.sock: socket.socket | None = None
        self.pipe: _PipeReader | None = None
        self.cell_dir: Path | None = None  # its copy of the target, scratch, log: removed on close
        self.scratch: Path | None = None  # the worker's cwd and HOME, writable by it
        self.inbox: Path | None = None  # the checker's inputs: the worker can only read them
        self.refused: dict[str, str] = {}  # entries of the target not copied (links, FIFOs)
        self.cgroups: list[Path] = []
        self.over_quota = False
        self.starts = 0
        self.ready = False
        self._next_id = 0

    def start(self) -> None:
        self.close()
        self.starts += 1
        self.ready = False
        base = self.run_dir if self.warm is None else self.warm.pool
        cell_dir = Path(tempfile.mkdtemp(prefix="cell-", dir=base))
        cell_dir.chmod(0o711)  # the uid level's worker (another user) passes through to scratch
        scratch = cell_dir / "scratch"
        scratch.mkdir()
        inbox = cell_dir / "inbox"  # a sibling of scratch: read-only to the worker at every level
        inbox.mkdir()
        inbox.chmod(0o755)
        target = cell_dir / "target"
        self.refused = cell.copy_target(self.target, target)
        code = cell.worker_code_dir(scratch) if self.warm is None else self.warm.code
        stdio = self.warm is None and (
            os.name == "nt" or os.environ.get(protocol.WORKER_STDIO) == "1"
        )
        ours, theirs = (None, None) if stdio else socket.socketpair()
        env = cell.environment(scratch, self.level)
        if self.warm is not None:  # the zygote's /tmp is shared: a warm cell uses its scratch
            env["TMPDIR"] = str(scratch)
        env[protocol.CELL] = json.dumps(
            {
                "level": self.level,
                "parent": os.getpid(),
                "memory_mb": self.memory_mb,
                "cpu_s": 3600,
                "fsize_mb": FILE_MB,
                "switch_s": confine.SWITCH_S if cgroups.cpu_wanted() else 0,
                "nproc": 0 if self.level == "bwrap" else 4096,
                "read": [str(p) for p in cell._ro_paths()]
                + ["/etc", "/proc", "/sys", "/dev", str(code), str(target), str(inbox)],
                "write": [str(scratch), "/dev/null"],
                "landlock": self.warm is not None,  # a warm cell: apart from its siblings
            }
        )
        if self.warm is not None:
            assert theirs is not None and ours is not None
            self._start_warm(self.warm, env, cell_dir, scratch, target, theirs, ours)
            return
        log = open(cell_dir / "worker.log", "wb")  # noqa: SIM115 - handed to the child
        kwargs: dict[str, Any] = {}
        if self.level == "uid":
            os.chown(scratch, cell.NOBODY, cell.NOBODY)
            kwargs = {"user": cell.NOBODY, "group": cell.NOBODY, "extra_groups": []}
        channel = "stdio" if theirs is None else str(theirs.fileno())
        argv = cell.command(self.level, scratch, code, target, channel, TMP_MB)
        self.cgroups = cgroups.make()
        if self.cgroups:  # join them before anything forks: no process escapes them
            join = " && ".join(f'echo $$ > "{g}/cgroup.procs"' for g in self.cgroups)
            argv = ["/bin/sh", "-c", f'{join} && exec "$@"', "sh", *argv]
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
        self.sock, self.cell_dir, self.scratch, self.inbox = ours, cell_dir, scratch, inbox
        self.pipe = _PipeReader(self.proc) if stdio else None
        self.over_quota = False
        watch = (self.proc, scratch, self.cgroups)
        threading.Thread(target=self._watch_scratch, args=watch, daemon=True).start()

    def _start_warm(
        self,
        warm: Warm,
        env: dict[str, str],
        cell_dir: Path,
        scratch: Path,
        target: Path,
        theirs: socket.socket,
        ours: socket.socket,
    ) -> None:
        """Fork the worker from the warm zygote: the same cell settings, TensorFlow already
        imported; the zygote's bwrap and the nest's own namespaces and Landlock domain stand in
        for a bwrap of its own (grader.worker.nest says how each part is kept)."""
        spec = {"env": env, "cwd": str(scratch), "target": str(target),
                "log": str(cell_dir / "worker.log")}  # fmt: skip
        self.proc = warm.zygote.spawn(spec, [theirs.fileno()])
        theirs.close()
        self.sock, self.cell_dir, self.scratch, self.inbox = (
            ours,
            cell_dir,
            scratch,
            cell_dir / "inbox",
        )
        self.pipe, self.over_quota, self.cgroups = None, False, []
        watch = (self.proc, scratch, self.cgroups)
        threading.Thread(target=self._watch_scratch, args=watch, daemon=True).start()

    def _watch_scratch(
        self, proc: subprocess.Popen[bytes] | ForkedProcess, scratch: Path, groups: list[Path]
    ) -> None:
        """The scratch folder's quota, at every level (RLIMIT_FSIZE caps one file, not how
        many): past it the worker is stopped, and its request ends as WorkerGone."""
        while proc.poll() is None:
            used = cell.usage(scratch)
            if used < 0 or used > SCRATCH_MB * 1024 * 1024:
                self.over_quota = True
                kill_tree(proc, groups, wait=False)
                return
            time.sleep(0.5)

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
        if message.get("op") == "load" and (refused := self._refused(str(message["module"]))):
            return {"ok": False, "error": {"type": "SyntaxError", "message": refused}}
        self._next_id += 1
        message = {**message, "id": self._next_id}
        timeout = None if self.deadline is None else max(0.05, self.deadline - time.monotonic())
        cgroups.freeze(self.cgroups, False)
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
            if self.over_quota:
                raise WorkerGone(
                    _(
                        "the submission wrote more than {limit} MB of files (or a flood of them)"
                        " in its scratch folder, the grader's limit: the worker was stopped"
                    ).format(limit=SCRATCH_MB)
                ) from None
            raise WorkerGone(_death(code, exc)) from None
        cgroups.freeze(self.cgroups, True)  # till the next request: see cgroups.freeze
        if reply.get("id") != self._next_id:
            self.close()
            raise WorkerGone(_("the worker answered out of turn (its channel was tampered with)"))
        self.ready = True
        return _translate_reply(reply)

    def _refused(self, module: str) -> str:
        """Why ``module`` is not graded, if an entry of its chapter's folder (or a module at
        the top, which any chapter may import) was not copied: the exercise errors naming the
        entry rather than failing later in a way that names nothing. (Reported as a
        SyntaxError: the checker shows that message as it is, as the whole reason.)"""
        chapter = module.split(".")[0]
        named = [
            cell.refusal(rel, kind)
            for rel, kind in self.refused.items()
            if rel.split("/")[0] == chapter or ("/" not in rel and rel.endswith(".py"))
        ]
        return "; ".join(named[:3])

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
            kill_tree(self.proc, self.cgroups)
            self.proc = None
        self.cgroups = []
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
        return _("the worker sent something that is not a valid reply ({error})").format(
            error=translated(str(exc))
        )
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else code
        return _(
            "the worker process was killed by {signal} (memory exhausted, or a native crash?)"
        ).format(signal=name)
    return _(
        "the worker process ended (exit code {code}): os._exit(), a crash in native code,"
        " or memory exhausted"
    ).format(code=code)


def kill_tree(
    proc: subprocess.Popen[bytes] | ForkedProcess, groups: list[Path], wait: bool = True
) -> None:
    """The worker, its session, and (with cgroups) every process it ever started."""
    if isinstance(proc, ForkedProcess):  # the zygote kills it; as PID 1 of its own namespace,
        proc.kill()  # everything it started dies with it
        if wait:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        return
    cgroups.freeze(groups, False)  # a frozen process does not die until it is thawed
    if os.name == "posix":
        for _ in range(50):
            pids = cgroups.members(groups)
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
    if not wait:  # the checker's own thread reaps it and removes the groups
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    cgroups.remove(groups)
