"""Verified, resumable downloads: streamed with a progress bar, checked by sha256, then renamed.

Bytes arrive in ``coursekit/partial/<name>.part`` (a name Keras never reads). An interrupted
transfer resumes there with an HTTP Range request; only a file whose size and sha256 match the
manifest is renamed to its real name, so a half or corrupt file is never taken for the real one.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from grader.data.cache import CHUNK, file_sha256, kit_dir, remember_sha256
from grader.data.manifest import FileSpec
from grader.i18n import _

USER_AGENT = "coursekit/0.1 (+https://pypi.org/project/coursekit)"


@dataclass(frozen=True)
class Attempt:
    """One source tried and why it failed, for the message a user reads."""

    source: str
    reason: str


@dataclass
class Policy:
    """How hard to try: per-read timeout (s), tries per URL, first backoff pause (s, doubles)."""

    timeout: float = 30.0
    tries: int = 3
    backoff: float = 1.0


class _GiveUpOnUrl(Exception):
    """Retrying this URL cannot help (404, wrong size, wrong checksum): go to the next one."""


class _Retry(Exception):
    """A transient failure (timeout, dropped connection): try the same URL again, resuming."""


def partial_path(spec: FileSpec) -> Path:
    return kit_dir("partial") / (spec.path.replace("/", "__") + ".part")


def mirror_urls(spec: FileSpec, mirrors: Sequence[str]) -> list[str]:
    """The file's URL on each user mirror (a URL or a local folder), then the manifest's URLs."""
    urls = []
    for mirror in mirrors:
        if "://" not in mirror:  # a local folder or a mounted share
            mirror = Path(mirror).expanduser().resolve().as_uri()
        urls.append(f"{mirror.rstrip('/')}/{spec.mirror_path}")
    return [*urls, *(u for u in spec.urls if u not in urls)]


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        inner = exc.reason
        if isinstance(inner, socket.timeout | TimeoutError):
            return _("timed out")
        if isinstance(inner, ConnectionRefusedError):
            return _("connection refused (no server answers there)")
        if isinstance(inner, socket.gaierror):
            return _("host name not found ({error})").format(error=inner.strerror or inner)
        return _("cannot connect ({error})").format(error=inner)
    if isinstance(exc, socket.timeout | TimeoutError):
        return _("timed out while receiving")
    if isinstance(exc, ConnectionError | HTTPException):
        return _("connection dropped ({error})").format(error=type(exc).__name__)
    return f"{type(exc).__name__}: {exc}"


def _transfer(url: str, spec: FileSpec, part: Path, policy: Policy, bar: Progress | None) -> None:
    """Bring ``part`` up to ``spec.size`` bytes from ``url``, resuming what is already there."""
    have = part.stat().st_size if part.exists() else 0
    if have > spec.size:
        part.unlink()
        have = 0
    headers = {"User-Agent": USER_AGENT}
    if 0 < have < spec.size:
        headers["Range"] = f"bytes={have}-"
    if have == spec.size:
        return
    request = urllib.request.Request(url, headers=headers)
    label = _("{name} (resuming)").format(name=spec.name) if have else spec.name
    task = bar.add_task(label, total=spec.size, completed=have) if bar else None
    try:
        with urllib.request.urlopen(request, timeout=policy.timeout) as response:
            status = getattr(response, "status", None) or 200
            ranged = response.headers.get("Content-Range", "") if status == 206 else ""
            if have and (status != 206 or not ranged.startswith(f"bytes {have}-")):
                have = 0  # the server ignored the Range (or answered another one): start over
                if status == 206:
                    raise _Retry(_("the server answered another range than asked"))
            if bar is not None and task is not None:
                bar.update(task, completed=have)
            with part.open("ab" if have else "wb") as out:
                while chunk := response.read(CHUNK // 4):
                    have += len(chunk)
                    if have > spec.size:
                        raise _GiveUpOnUrl(
                            _("sends more than the expected {size} bytes").format(size=spec.size)
                        )
                    out.write(chunk)
                    if bar is not None and task is not None:
                        bar.update(task, completed=have)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # nothing left to send: check what we have
            return
        if exc.code in (408, 429) or exc.code >= 500:
            raise _Retry(_reason(exc)) from exc
        raise _GiveUpOnUrl(_reason(exc)) from exc
    except (OSError, HTTPException) as exc:  # URLError, timeouts, resets, short reads
        raise _Retry(_reason(exc)) from exc
    finally:
        if bar is not None and task is not None:
            bar.remove_task(task)
    if have < spec.size:
        raise _Retry(
            _("connection closed after {have} of {size} bytes").format(have=have, size=spec.size)
        )


def progress_bar(console: Console) -> Progress:
    """Bytes, percent, speed and time left: the one bar every way of fetching shows."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def _progress(quiet: bool) -> Progress | None:
    return None if quiet else progress_bar(Console(stderr=True))


def download(
    spec: FileSpec,
    dest: Path,
    urls: Sequence[str],
    *,
    policy: Policy | None = None,
    quiet: bool = False,
    attempts: list[Attempt] | None = None,
) -> bool:
    """Download ``spec`` to ``dest`` from the first URL that serves it intact. Returns success;
    each failure is appended to ``attempts``. Nothing is ever written at ``dest`` unverified."""
    policy = policy or Policy()
    attempts = attempts if attempts is not None else []
    part = partial_path(spec)
    bar = _progress(quiet)
    with bar if bar is not None else contextlib.nullcontext():
        for url in urls:
            failure = ""
            for attempt in range(policy.tries):
                try:
                    _transfer(url, spec, part, policy, bar)
                except _Retry as exc:
                    failure = _("{failure} ({count} tries)").format(failure=exc, count=attempt + 1)
                    if attempt + 1 < policy.tries:
                        time.sleep(policy.backoff * 2**attempt)
                    continue
                except _GiveUpOnUrl as exc:
                    failure = str(exc)
                    if part.exists() and part.stat().st_size > spec.size:
                        part.unlink()
                    break
                digest = file_sha256(part)
                if digest != spec.sha256:
                    part.unlink(missing_ok=True)  # a wrong file must not linger
                    failure = _(
                        "checksum mismatch: got sha256 {digest}…, expected {expected}…"
                    ).format(digest=digest[:16], expected=spec.sha256[:16])
                    break
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(part, dest)
                remember_sha256(dest, digest)
                return True
            attempts.append(Attempt(url, failure))
    if part.exists() and part.stat().st_size == 0:
        part.unlink()
    return False
