"""The worker: the only process that imports a graded target. It answers the checker's requests.

Started by ``grader.worker.cell`` with a socket on a file descriptor; it imports NumPy and
TensorFlow once, then serves one request at a time: import a module of the target, call a
function with plain arguments, run an operation on an object a function returned (a model, a
layer, a callback), seed the generators. Every reply is plain data (``grader.worker.wire``);
objects stay here and the checker gets a handle. Nothing here is trusted by the checker.
"""

from __future__ import annotations

import copy
import importlib
import importlib.machinery
import importlib.util
import inspect
import os
import socket
import sys
import traceback
from pathlib import Path
from typing import Any

import numpy as np

from grader.worker import objects
from grader.worker.wire import MAX_FRAME, N_, WireError, encode, exact, read_frame, to_plain

_TEXT_LIMIT = 2000
MESSAGES = {  # what this module says (the checker translates it: grader.worker.wire.N_)
    "gone": N_("the object this check refers to is gone"),
    "syntax": N_("{file} has a syntax error at line {line}: {error}"),
    "unreadable": N_("(the exception's message could not be read)"),
    "argument": N_("argument {number}"),
}


class Server:
    """The request handler; ``LocalWorker`` runs the very same one in-process for the kit's own
    trusted targets (references, catalogued mistakes, mutants)."""

    def __init__(self, root: Path, alias: str = "_ck_submission") -> None:
        self.root, self.alias = root, alias
        self.modules: dict[str, Any] = {}
        self.handles: dict[int, Any] = {}

    # requests ---------------------------------------------------------------------------
    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        try:
            if op == "load":
                module = self._load(str(request["module"]))
                names = [n for n, v in vars(module).items() if callable(v) and n[:1] != "_"]
                return {"ok": True, "callables": names[:1000]}
            if op == "call":
                return self._call(request)
            if op == "object":
                target = self._resolve(request["handle"])
                fn = getattr(objects, str(request["name"]))
                args, kwargs = self._args(request)
                return {"ok": True, "value": self._reply(fn(target, *args, **kwargs))}
            if op == "seed":
                objects.seed(int(request["value"]))
                return {"ok": True}
            if op == "ping":
                return {"ok": True, "pid": os.getpid()}
            unknown = f"unknown op {op}"  # i18n: internal (the checker sends none)
            return {"ok": False, "error": {"type": "ProtocolError", "message": unknown}}
        except BaseException as exc:  # noqa: BLE001 - a submission may raise anything
            if isinstance(exc, KeyboardInterrupt):
                raise
            return {"ok": False, "error": describe_error(exc, self.root)}

    def _load(self, module: str) -> Any:
        if module not in self.modules:
            if self.alias not in sys.modules:
                spec = importlib.machinery.ModuleSpec(self.alias, None, is_package=True)
                spec.submodule_search_locations = [str(self.root)]
                sys.modules[self.alias] = importlib.util.module_from_spec(spec)
            self.modules[module] = importlib.import_module(f"{self.alias}.{module}")
        return self.modules[module]

    def _call(self, request: dict[str, Any]) -> dict[str, Any]:
        fn = getattr(self._load(str(request["module"])), str(request["function"]))
        args, kwargs = self._args(request)
        before = [
            copy.deepcopy(a) if isinstance(a, np.ndarray | list | dict) else None for a in args
        ]
        value = fn(*args, **kwargs)
        changed = [
            i for i, (a, b) in enumerate(zip(args, before)) if b is not None and not _same(a, b)
        ]
        return {"ok": True, "value": self._reply(value), "mutated_names": _names(fn, changed)}

    # plumbing ----------------------------------------------------------------------------
    def _resolve(self, value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) >= {"__handle__"} and isinstance(value["__handle__"], int):
                if value["__handle__"] not in self.handles:
                    raise LookupError(MESSAGES["gone"])
                return self.handles[value["__handle__"]]
            return {k: self._resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._resolve(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self._resolve(v) for v in value)
        return value

    def _args(self, request: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
        return list(self._resolve(request.get("args") or [])), dict(
            self._resolve(request.get("kwargs") or {})
        )

    def _register(self, obj: Any) -> dict[str, Any]:
        key = len(self.handles) + 1
        self.handles[key] = obj
        return {"__handle__": key, "type": type(obj).__name__[:80]}

    def _reply(self, value: Any) -> Any:
        if isinstance(value, dict) and "__handle__" in value:  # a forged handle is a plain dict
            value = {"value": value}
        return to_plain(value, handle=self._register)


def _same(now: Any, before: Any) -> bool:
    """Is an argument still what the checker sent (arrays, and lists/dicts of them)?"""
    if isinstance(before, np.ndarray):
        return (
            isinstance(now, np.ndarray)
            and now.shape == before.shape
            and bool(np.array_equal(now, before, equal_nan=before.dtype.kind in "fc"))
        )
    if isinstance(before, dict):
        return (
            isinstance(now, dict)
            and list(now) == list(before)
            and all(_same(now[k], before[k]) for k in before)
        )
    if isinstance(before, list):
        return (
            isinstance(now, list)
            and len(now) == len(before)
            and all(_same(a, b) for a, b in zip(now, before))
        )
    if type(now) is not type(before):
        return False
    if isinstance(before, float) and before != before:  # nan stays nan
        return now != now
    return bool(now == before)


def _names(fn: Any, positions: list[int]) -> list[str]:
    """Parameter names of the positional arguments at ``positions`` (for the feedback)."""
    if not positions:
        return []
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    return [
        params[i] if i < len(params) else MESSAGES["argument"].format(number=i + 1)
        for i in positions
    ]


def _where(exc: BaseException, root: Path | None) -> str:
    """The deepest frame in the submission's own files, and that line's text:
    'ch2/losses.py:12, in softmax\nreturn e / tf.reduce_sum(e)'.

    Only files under the target's folder count: a library's frame (NumPy, TensorFlow, the
    standard library, the kit's ``grader.data``) says where the error surfaced, not which
    line of the student's to fix. Without the folder (an error of the worker itself) there is
    no student line to show."""
    if root is None:
        return ""
    base = os.path.realpath(root)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename[:1] == "<":
            continue
        path = os.path.realpath(frame.filename)
        try:
            if os.path.commonpath([base, path]) != base:
                continue
        except ValueError:  # Windows: another drive
            continue
        where = f"{Path(os.path.relpath(path, base)).as_posix()}:{frame.lineno}, in {frame.name}"
        return where + (f"\n{frame.line.strip()[:200]}" if frame.line else "")
    return ""


def describe_error(exc: BaseException, root: Path | None = None) -> dict[str, Any]:
    """The exception as plain text for the checker (``grader.diagnose`` explains it there)."""
    if isinstance(exc, SyntaxError):
        name = Path(exc.filename or "?").name
        text = MESSAGES["syntax"].format(file=name, line=exc.lineno, error=exc.msg)
        where = f"{name}:{exc.lineno}\n{(exc.text or '').strip()[:200]}"
    else:
        try:
            text = str(exc)
        except BaseException:  # noqa: BLE001 - a __str__ that raises
            text = MESSAGES["unreadable"]
        where = _where(exc, root)
    if len(text) > _TEXT_LIMIT:  # keep both ends: Keras names the shapes after a dumped array
        half = _TEXT_LIMIT // 2 - 3
        text = f"{text[:half]} ... {text[-half:]}"
    return {
        "type": type(exc).__name__[:80],
        "message": text[:_TEXT_LIMIT],
        "where": where[:500],
        "exit_code": exc.code if isinstance(exc, SystemExit) and isinstance(exc.code, int) else 0,
    }


def _stdio() -> tuple[Any, Any]:
    """Windows (no fd passing): requests on stdin, replies on the original stdout; what the
    submission prints goes to stderr (the worker's log), never into the channel."""
    requests = os.fdopen(os.dup(0), "rb", buffering=0)
    replies = os.fdopen(os.dup(1), "wb", buffering=0)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def send(frame: bytes) -> None:
        replies.write(frame)
        replies.flush()

    return exact(requests.read), send


def main() -> None:
    channel, root = sys.argv[1], Path(sys.argv[2])
    if channel == "stdio":
        read, send = _stdio()
    else:
        sock = socket.socket(fileno=int(channel))
        read, send = exact(sock.recv), sock.sendall
    try:  # pay the import once, before the first request, while the checker starts too
        import tensorflow  # noqa: F401
    except ImportError:
        pass
    server = Server(root)
    while True:
        try:
            request = read_frame(read, MAX_FRAME)
        except (EOFError, OSError, WireError):
            break
        reply = server.handle(request)
        reply["id"] = request.get("id")
        try:
            frame = encode(reply)
        except (WireError, ValueError, TypeError) as exc:
            frame = encode({"id": request.get("id"), "ok": False, "error": describe_error(exc)})
        try:
            send(frame)
        except OSError:
            break
    os._exit(0)  # never wait for threads a submission left behind


if __name__ == "__main__":
    main()
