"""What a check holds: ``RemoteModule`` (the target's module) and ``RemoteObject`` (a handle
to a model, layer or callback the submission returned). Both turn replies into values or
into the exceptions the plugin classifies (todo, failed, error, timeout)."""

from __future__ import annotations

from typing import Any

from grader.i18n import _
from grader.worker.client import StudentError, _Base, translated


class ChangedArgument(AssertionError):
    """The submission edited an argument in place where the exercise promises it stays."""

    def __init__(self, function: str, names: list[str]) -> None:
        self.function, self.names = function, names
        which = ", ".join(names)
        message = (
            _(
                "{function} changed its arguments {names} in place; the caller's arrays must stay"
                " as they were"
            )
            if len(names) > 1
            else _(
                "{function} changed its argument {names} in place; the caller's arrays must stay"
                " as they were"
            )
        )
        super().__init__(message.format(function=function, names=which))


def _raise_for(reply: dict[str, Any]) -> None:
    info = reply.get("error") or {}
    if info.get("type") == "NotImplementedError":
        # where it was raised: a finished function may call a helper that is still the stub
        text, where = str(info.get("message", ""))[:500], str(info.get("where", "")).split("\n")
        raise NotImplementedError(f"{text} ({where[0][:200]})" if where[0] else text)
    raise StudentError(info)


class RemoteObject:
    """A handle to an object living in the worker (see grader.testing.models)."""

    def __init__(self, worker: _Base, key: int, type_name: str) -> None:
        self._worker, self._key, self.type_name = worker, key, str(type_name)[:80]

    def ck_remote(self, op: str, args: tuple, kwargs: dict) -> Any:
        reply = self._worker.request(
            {
                "op": "object",
                "handle": {"__handle__": self._key},
                "name": op,
                "args": [to_request(a) for a in args],
                "kwargs": to_request(kwargs),
            }  # fmt: skip
        )
        if not reply.get("ok"):
            _raise_for(reply)
        return from_reply(self._worker, reply.get("value"))

    def __repr__(self) -> str:
        return f"<{self.type_name} object of the submission>"


def from_reply(worker: _Base, value: Any) -> Any:
    """Handles become RemoteObjects; everything else is already plain data."""
    if isinstance(value, dict):
        if set(value) == {"__handle__", "type"} and isinstance(value["__handle__"], int):
            return RemoteObject(worker, value["__handle__"], value["type"])
        return {k: from_reply(worker, v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_reply(worker, v) for v in value]
    if isinstance(value, tuple):
        return tuple(from_reply(worker, v) for v in value)
    return value


def to_request(value: Any) -> Any:
    if isinstance(value, RemoteObject):
        return {"__handle__": value._key}
    if isinstance(value, dict):
        return {k: to_request(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_request(v) for v in value]
    if isinstance(value, tuple):
        return tuple(to_request(v) for v in value)
    return value


class RemoteModule:
    """``student`` in a check: attribute access gives a function that runs in the worker."""

    def __init__(self, worker: _Base, module: str, mutable: tuple[str, ...] = ()) -> None:
        self._worker, self._module, self._mutable = worker, module, mutable

    def ck_module_op(self, op: str, args: tuple) -> None:
        reply = self._worker.request({"op": op, "value": args[0]})
        if not reply.get("ok"):
            _raise_for(reply)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            reply = self._worker.request(
                {
                    "op": "call",
                    "module": self._module,
                    "function": name,
                    "args": [to_request(a) for a in args],
                    "kwargs": to_request(kwargs),
                }  # fmt: skip
            )
            if not reply.get("ok"):
                _raise_for(reply)
            changed = [translated(str(n)) for n in reply.get("mutated_names") or []]
            if changed and name not in self._mutable:
                raise ChangedArgument(name, changed)
            return from_reply(self._worker, reply.get("value"))

        call.__name__ = name
        return call
