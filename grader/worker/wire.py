"""Plain data across the process boundary: what may cross, and its byte form.

Values: None, bools, ints, floats, strings, NumPy arrays and scalars, and lists/tuples/dicts
(string keys) of those. Tensors and variables become arrays where they are produced (the
worker); any other object is refused by type name, or, where the protocol allows, replaced by
a handle. Bytes: one frame is a 4-byte length, a JSON header, then NumPy ``.npy`` blobs
written with ``allow_pickle=False``; nothing from the other side is ever unpickled.
"""

from __future__ import annotations

import io
import json
import math
import numbers
import struct
from collections.abc import Callable
from typing import Any

import numpy as np

MAX_FRAME = 512 * 1024 * 1024  # checker -> worker (training data)
MAX_REPLY = 64 * 1024 * 1024  # worker -> checker: a reply over this is an error of the check
MAX_DEPTH = 20  # lists, tuples and dicts inside one another, in a value
_FRAME_DEPTH = MAX_DEPTH + 8  # ... inside a message (its envelope, a request's arguments)
BIG_ARRAY = 16 * 1024 * 1024  # a bigger result stays in the worker, the checker gets a handle


def N_(message: str) -> str:
    """``grader.i18n.N_``: marks a message for the catalogues. The worker's cell holds only
    ``grader/worker/`` (no ``grader.i18n``, no catalogue), so the worker's own messages stay
    English there and the checker translates them when they arrive
    (``grader.worker.client.translated``, which matches them against ``MESSAGES``)."""
    return message


MESSAGES = {  # what this module says; fields formatted in (a number with its commas)
    "nested": N_("the result is nested too deeply"),
    "dtype": N_("an array of dtype {dtype} cannot be graded"),
    "numpy": N_("a NumPy {type} cannot be graded"),
    "number": N_("a {type} cannot be graded"),
    "key": N_("a dict key of type {type} cannot be graded"),
    "object": N_("a {type} cannot be graded (expected arrays, numbers, ...)"),
    "send_depth": N_("a value nested more than {depth} levels deep cannot be sent"),
    "reply_depth": N_("a reply nested more than {depth} levels deep"),
    "no_array": N_("a frame names an array it does not hold"),
    "float": N_("not a float: {text}"),
    "unreadable": N_("a reply nested too deeply to be read"),
    "malformed": N_("a malformed frame ({type}: {error})"),
    "not_message": N_("a frame that is not a message"),
    "too_big": N_("a reply of {size} bytes is over the limit of {limit}"),
}


class WireError(Exception):
    """A value that cannot cross the boundary, or bytes that are not a valid frame."""


def _tensor_to_array(value: Any) -> np.ndarray | None:
    numpy = getattr(value, "numpy", None)
    module = type(value).__module__
    if callable(numpy) and (module.startswith(("tensorflow", "keras", "tf_keras"))):
        return np.asarray(numpy())
    return None


def to_plain(value: Any, *, handle: Callable[[Any], Any] | None = None, depth: int = 0) -> Any:
    """``value`` with tensors turned into arrays; other objects go to ``handle`` (or fail)."""
    if depth > MAX_DEPTH:
        raise WireError(MESSAGES["nested"])
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufc":
            raise WireError(MESSAGES["dtype"].format(dtype=value.dtype))
        if handle is not None and value.nbytes > BIG_ARRAY:  # e.g. a normalised training set
            return handle(value)
        return np.array(value, copy=True)  # drops subclasses (and their overrides)
    if isinstance(value, np.generic):
        if value.dtype.kind not in "biufc":
            raise WireError(MESSAGES["numpy"].format(type=type(value).__name__))
        return value
    if type(value) in (int, float) or isinstance(value, numbers.Integral | numbers.Real):
        if type(value) not in (int, float):
            raise WireError(MESSAGES["number"].format(type=type(value).__name__))
        return value
    if isinstance(value, list | tuple):
        if type(value) not in (list, tuple):  # named tuples and subclasses: a plain tuple
            value = tuple(value)
        items = [to_plain(v, handle=handle, depth=depth + 1) for v in value]
        return items if isinstance(value, list) else tuple(items)
    if type(value) is dict:
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise WireError(MESSAGES["key"].format(type=type(k).__name__))
            out[k] = to_plain(v, handle=handle, depth=depth + 1)
        return out
    array = _tensor_to_array(value)
    if array is not None:
        return to_plain(array)
    if handle is not None:
        return handle(value)
    raise WireError(MESSAGES["object"].format(type=type(value).__name__))


def _encode(value: Any, blobs: list[bytes], depth: int = 0) -> Any:
    if depth > _FRAME_DEPTH:  # a value that did not come through to_plain (or a cycle)
        raise WireError(MESSAGES["send_depth"].format(depth=MAX_DEPTH))
    depth += 1
    if isinstance(value, np.ndarray | np.generic):
        buf = io.BytesIO()
        np.save(buf, np.asarray(value), allow_pickle=False)
        blobs.append(buf.getvalue())
        return {"__nd__": len(blobs) - 1, "scalar": isinstance(value, np.generic)}
    if isinstance(value, float) and not math.isfinite(value):
        return {"__float__": repr(value)}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v, blobs, depth) for v in value]}
    if isinstance(value, list):
        return [_encode(v, blobs, depth) for v in value]
    if isinstance(value, dict):
        if "__nd__" in value or "__tuple__" in value or "__float__" in value:
            return {"__dict__": [[k, _encode(v, blobs, depth)] for k, v in value.items()]}
        return {k: _encode(v, blobs, depth) for k, v in value.items()}
    return value


def encode(message: dict[str, Any]) -> bytes:
    """One frame: length, JSON header, blobs."""
    blobs: list[bytes] = []
    header = json.dumps(_encode(message, blobs), allow_nan=False).encode("utf-8")
    body = struct.pack("<I", len(header)) + header
    for blob in blobs:
        body += struct.pack("<Q", len(blob)) + blob
    return struct.pack("<Q", len(body)) + body


def _decode(value: Any, blobs: list[bytes], depth: int = 0) -> Any:
    """``value`` with arrays, tuples and special floats back; each list, tuple or dict is one
    level, so an honest frame is never deeper than ``_FRAME_DEPTH`` (its JSON may be 3x)."""
    if isinstance(value, list | dict):
        if depth > _FRAME_DEPTH:
            raise WireError(MESSAGES["reply_depth"].format(depth=_FRAME_DEPTH))
        depth += 1
    if isinstance(value, list):
        return [_decode(v, blobs, depth) for v in value]
    if isinstance(value, dict):
        if "__nd__" in value:
            index = value["__nd__"]
            if not isinstance(index, int) or not 0 <= index < len(blobs):
                raise WireError(MESSAGES["no_array"])
            array = np.load(io.BytesIO(blobs[index]), allow_pickle=False)
            return array[()] if value.get("scalar") else array
        if "__tuple__" in value:
            return tuple(_decode(v, blobs, depth) for v in value["__tuple__"])
        if "__float__" in value:
            text = value["__float__"]
            if text not in ("nan", "inf", "-inf"):
                raise WireError(MESSAGES["float"].format(text=repr(text)))
            return float(text)
        if "__dict__" in value:
            return {str(k): _decode(v, blobs, depth) for k, v in value["__dict__"]}
        return {k: _decode(v, blobs, depth) for k, v in value.items()}
    return value


def decode(body: bytes) -> dict[str, Any]:
    """The message in one frame's body (without its leading 8-byte length)."""
    try:
        (size,) = struct.unpack_from("<I", body, 0)
        header = json.loads(body[4 : 4 + size].decode("utf-8"))
        blobs, offset = [], 4 + size
        while offset < len(body):
            (n,) = struct.unpack_from("<Q", body, offset)
            blobs.append(body[offset + 8 : offset + 8 + n])
            offset += 8 + n
        message = _decode(header, blobs)
    except RecursionError:  # JSON nested deeper than the parser's own recursion limit
        raise WireError(MESSAGES["unreadable"]) from None
    except (struct.error, ValueError, UnicodeDecodeError, TypeError, KeyError) as exc:
        raise WireError(MESSAGES["malformed"].format(type=type(exc).__name__, error=exc)) from None
    if not isinstance(message, dict):
        raise WireError(MESSAGES["not_message"])
    return message


def exact(recv: Callable[[int], bytes]) -> Callable[[int], bytes]:
    """``read(n)`` over ``recv(k)`` (a socket's or a pipe's, which may return fewer bytes than
    asked): exactly n bytes, or EOFError when the other side has closed."""

    def read(n: int) -> bytes:
        chunks, left = [], n
        while left:
            chunk = recv(min(left, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    return read


def read_frame(read: Callable[[int], bytes], limit: int) -> dict[str, Any]:
    """Read one frame with ``read(n)`` (which returns exactly n bytes or raises EOFError)."""
    (size,) = struct.unpack("<Q", read(8))
    if size > limit:
        raise WireError(MESSAGES["too_big"].format(size=f"{size:,}", limit=f"{limit:,}"))
    return decode(read(size))
