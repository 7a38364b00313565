"""What a report page is built from: a results JSON, a batch gradebook folder, and the PNGs a
grade wrote into the report folder.

Everything read here is untrusted (a results JSON carries a submission's text, and a report
folder may hold whatever a submission left there). Figures are read only from inside the report
folder, one path component at a time without following links (``O_NOFOLLOW`` relative to the
folder before it), as regular files under a size cap whose first bytes are a PNG's signature.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from grader.errors import UsageError
from grader.i18n import _

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_JSON_BYTES = 64 * 1024 * 1024
FIGURE_KEYS = ("curves", "plot")  # the metrics in which training and forecast checks name a PNG
LAST_FILE = Path(".coursekit") / "last.json"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_READ |= getattr(os, "O_BINARY", 0)
_FD_OK = os.open in os.supports_dir_fd


class Refused(Exception):
    """A figure that is not shown, and why (the page says it)."""


@dataclass(frozen=True)
class Figure:
    exercise: str
    name: str  # the file's path relative to the report folder
    png: bytes = b""  # empty when refused
    note: str = ""  # why it is not shown


def read_json(path: Path) -> Any:
    """A results JSON (or a student's file of a gradebook), parsed; a usage error otherwise."""
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise UsageError(
                _("expected a results JSON under {limit} bytes; {path} is larger").format(
                    limit=f"{MAX_JSON_BYTES:,}", path=path
                )
            )
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(
            _("expected a results JSON at {path}; could not read it ({error})").format(
                path=path, error=exc
            )
        ) from None
    if not isinstance(data, dict):
        raise UsageError(
            _("expected a JSON object in {path}; received {type}").format(
                path=path, type=type(data).__name__
            )
        )
    return data


def last_results(report_dir: Path, cwd: Path) -> Path:
    """``--last``: the newest of the last grade a student's history kept
    (``.coursekit/last.json`` in the current folder or in ``exercises/``, beside
    ``history.sqlite``) and the ``*.json`` files directly in the report folder (regular files,
    links not followed), by modification time."""
    candidates = [cwd / LAST_FILE, cwd / "exercises" / LAST_FILE]
    if report_dir.is_dir():
        candidates += sorted(report_dir.glob("*.json"))
    found = []
    for path in candidates:
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            found.append((info.st_mtime, str(path), path))
    if not found:
        raise UsageError(
            _(
                "--last found no results: expected {last} or a *.json in {folder}"
                " (coursekit grade ch2 --json reports/ch2.json writes one)"
            ).format(last=cwd / LAST_FILE, folder=report_dir)
        )
    return max(found)[2]


def gradebook_files(folder: Path) -> list[Path]:
    """A batch gradebook folder's per-student results, ``folder/students/*.json``."""
    students = folder / "students"
    files = sorted(p for p in students.glob("*.json") if p.is_file() and not p.is_symlink())
    if not files:
        raise UsageError(
            _("expected a gradebook folder with students/*.json; {folder} has none").format(
                folder=folder
            )
        )
    return files


def chapters_of(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The chapter objects of a results JSON (one grade, or `grade all`'s list)."""
    found = results.get("chapters") if "chapters" in results else [results]
    return [c for c in found if isinstance(c, dict)] if isinstance(found, list) else []


def exercises_of(chapter: dict[str, Any]) -> list[dict[str, Any]]:
    found = chapter.get("exercises")
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def checks_of(exercise: dict[str, Any]) -> list[dict[str, Any]]:
    found = exercise.get("checks")
    return [c for c in found if isinstance(c, dict)] if isinstance(found, list) else []


def _named(exercise: dict[str, Any]) -> Iterator[str]:
    for check in checks_of(exercise):
        metrics = check.get("metrics")
        if isinstance(metrics, dict):
            for key in FIGURE_KEYS:
                if isinstance(metrics.get(key), str):
                    yield metrics[key]


def _inside(report_dir: Path, named: str) -> PurePath | None:
    """``named`` relative to the report folder, if it lies inside it (lexically: no ``..``)."""
    path = PurePath(named)
    if path.is_absolute():
        try:
            path = path.relative_to(report_dir)
        except ValueError:
            return None
    if not path.parts or any(p in ("", ".", "..") for p in path.parts):
        return None
    return path


def figures(chapter: dict[str, Any], report_dir: Path) -> list[Figure]:
    """Each exercise's PNGs: the ones its metrics name, else ``<report dir>/<chapter>/<name>.png``
    (where a grade writes them), when that file exists."""
    root = report_dir.resolve()
    shown: list[Figure] = []
    for exercise in exercises_of(chapter):
        ex_id = str(exercise.get("id", ""))
        wanted = {rel for rel in (_inside(root, n) for n in _named(exercise)) if rel is not None}
        if not wanted and ex_id.count(".") == 1:
            default = _inside(root, ex_id.replace(".", "/", 1) + ".png")
            if default is not None and (root / default).exists():
                wanted.add(default)
        for rel in sorted(wanted):
            try:
                shown.append(Figure(ex_id, rel.as_posix(), png=read_png(root, rel)))
            except Refused as exc:
                shown.append(Figure(ex_id, rel.as_posix(), note=str(exc)))
    return shown


def read_png(root: Path, rel: PurePath) -> bytes:
    """A PNG from inside ``root``, reached without following links; ``Refused`` says why not."""
    if not _FD_OK:  # Windows: no dir_fd; no component may be a link (checked, then opened)
        path = root
        for part in rel.parts:
            path = path / part
            if path.is_symlink():
                raise Refused(_("{name} is a link").format(name=part))
        return _checked(os.open(path, _READ))
    try:
        folder = os.open(root, _DIR)
    except OSError as exc:
        raise Refused(
            _("the report folder cannot be opened ({error})").format(error=exc.strerror)
        ) from None
    try:
        for part in rel.parts[:-1]:
            try:
                inner = os.open(part, _DIR, dir_fd=folder)
            except OSError as exc:
                raise Refused(
                    _("{name}/ is a link or not a folder ({error})").format(
                        name=part, error=exc.strerror
                    )
                ) from None
            os.close(folder)
            folder = inner
        try:
            fd = os.open(rel.parts[-1], _READ, dir_fd=folder)
        except OSError as exc:
            raise Refused(
                _("not a readable file, or a link ({error})").format(error=exc.strerror)
            ) from None
    finally:
        os.close(folder)
    return _checked(fd)


def _checked(fd: int) -> bytes:
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused(_("not a regular file"))
        if info.st_size > MAX_IMAGE_BYTES:
            raise Refused(
                _("{size} bytes, over the {limit} shown").format(
                    size=f"{info.st_size:,}", limit=f"{MAX_IMAGE_BYTES:,}"
                )
            )
        data = handle.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise Refused(_("over the {limit} bytes shown").format(limit=f"{MAX_IMAGE_BYTES:,}"))
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise Refused(_("not a PNG (its first bytes are not a PNG's signature)"))
    return data
