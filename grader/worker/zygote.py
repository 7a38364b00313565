"""A zygote: a process that imported TensorFlow once (and ran no TensorFlow op, so forking it
is safe) and forks a fresh child for each request: the warm path of batch and watch.

The owner talks to it over one AF_UNIX SOCK_SEQPACKET socket (each message one JSON object,
file descriptors attached where a child needs them):
    owner -> zygote  {"op": "spawn", "spec": {...}}  + fds   a child runs ``run_child(spec, fds)``
                     {"op": "kill", "pid": N}                 SIGKILL to that child's group
    zygote -> owner  {"op": "spawned", "pid": N} | {"op": "exit", "pid": N, "code": C}
The zygote ends when the owner's end closes, and kills its children then. It has no other
channel: a child closes the control socket first thing, before anything of the request runs.
This module is copied into the worker's cell with the rest of ``grader/worker``.
"""

from __future__ import annotations

import importlib
import json
import os
import select
import signal
import socket
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

MAX_MESSAGE = 1 << 20
MAX_FDS = 8
ChildMain = Callable[[dict[str, Any], list[int]], None]


def serve(control: socket.socket, preload: Sequence[str], run_child: ChildMain) -> None:
    """The zygote's loop (never returns)."""
    for name in preload:  # imports only: a TensorFlow op here would make forking unsafe
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    children: set[int] = set()
    _send(control, {"op": "ready"})
    while True:
        readable, _, _ = select.select([control], [], [], 0.01)  # ends are reported quickly
        if readable:
            try:
                raw, fds, _, _ = socket.recv_fds(control, MAX_MESSAGE, MAX_FDS)
            except OSError:
                raw, fds = b"", []
            if not raw:  # the owner is gone: so are the children
                for pid in children:
                    _kill(pid)
                os._exit(0)
            message = json.loads(raw)
            if message.get("op") == "spawn":
                pid = os.fork()
                if pid == 0:
                    control.close()
                    try:
                        run_child(message["spec"], fds)
                    finally:
                        os._exit(70)
                for fd in fds:
                    os.close(fd)
                children.add(pid)
                _send(control, {"op": "spawned", "pid": pid})
            elif message.get("op") == "kill" and message.get("pid") in children:
                _kill(int(message["pid"]))
            elif message.get("op") == "killall":  # the owner's checker ended: its workers too
                for pid in children:
                    _kill(pid)
        for pid in list(children):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                children.discard(pid)
                _send(
                    control, {"op": "exit", "pid": pid, "code": os.waitstatus_to_exitcode(status)}
                )


def _kill(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _send(sock: socket.socket, message: dict[str, Any], fds: Sequence[int] = ()) -> None:
    socket.send_fds(sock, [json.dumps(message).encode()], list(fds))


class Zygote:
    """The owner's handle (thread-safe): spawn children, learn when they end, kill them."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.lock = threading.Lock()
        self.exits: dict[int, int] = {}
        self.replies: list[dict[str, Any]] = []

    def wait_ready(self, timeout: float) -> bool:
        return self._next("ready", timeout) is not None

    def spawn(self, spec: dict[str, Any], fds: Sequence[int] = ()) -> ForkedProcess:
        with self.lock:
            _send(self.sock, {"op": "spawn", "spec": spec}, fds)
        reply = self._next("spawned", 30.0)
        if reply is None:  # the owner's side (a checker, a grading parent): it has the kit
            from grader.i18n import _

            raise OSError(_("the zygote did not answer"))
        return ForkedProcess(int(reply["pid"]), self)

    def kill(self, pid: int) -> None:
        with self.lock:
            try:
                _send(self.sock, {"op": "kill", "pid": pid})
            except OSError:
                pass

    def kill_all(self) -> None:
        with self.lock:
            try:
                _send(self.sock, {"op": "killall"})
            except OSError:
                pass

    def code(self, pid: int) -> int | None:
        self._pump(0.0)
        return self.exits.get(pid)

    def _next(self, op: str, timeout: float) -> dict[str, Any] | None:
        end = time.monotonic() + timeout
        while True:
            for i, reply in enumerate(self.replies):
                if reply.get("op") == op:
                    return self.replies.pop(i)
            left = end - time.monotonic()
            if left <= 0 or not self._pump(min(left, 0.05)):
                return None

    def _pump(self, timeout: float) -> bool:
        """Read what the zygote sent; False when its end is closed."""
        with self.lock:
            while True:
                readable, _, _ = select.select([self.sock], [], [], timeout)
                if not readable:
                    return True
                raw = self.sock.recv(MAX_MESSAGE)
                if not raw:
                    return False
                message = json.loads(raw)
                if message.get("op") == "exit":
                    self.exits[int(message["pid"])] = int(message["code"])
                else:
                    self.replies.append(message)
                timeout = 0.0


class ForkedProcess:
    """A zygote's child, used like a ``subprocess.Popen`` by the worker's client."""

    def __init__(self, pid: int, zygote: Zygote) -> None:
        self.pid, self.zygote = pid, zygote
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.zygote.code(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                import subprocess

                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0.0)
            time.sleep(0.01)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            self.zygote.kill(self.pid)
