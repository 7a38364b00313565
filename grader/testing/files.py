"""Files the submission's code wrote, read by the checker without believing them.

The checker may run as root, and the worker can write into its own scratch folder while a check
runs (a thread it left behind keeps running between requests). So every file the checker opens
there is reached from a trusted folder (an *anchor*: one whose own path the worker cannot
change, e.g. the scratch folder inside the checker's cell) one component at a time, each opened
with O_NOFOLLOW relative to the folder before it: a symbolic link anywhere on the way is
refused, never followed, and nothing can swap a component between a check and the open. The
file itself must be a regular file (a FIFO would block a read forever: O_NONBLOCK, then fstat),
under a size cap before a byte is read; an image under a pixel cap before it is decoded; an
array only through ``np.load(allow_pickle=False)``. A refusal is the check's failure, with a
message that names the file and why.

Writing goes the same way: where the worker can write, the checker only creates a new file
(O_CREAT | O_EXCL | O_NOFOLLOW), so a link left in its place is refused, not written through.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from grader.i18n import N_, _
from grader.testing.api import CheckFailure
from grader.worker.cell import describe_mode

MAX_BYTES = 64 * 1024 * 1024  # a file the submission wrote, read whole (a PNG, a text export)
MAX_PIXELS = 25_000_000  # 5000 x 5000: the course's figures are 800 x 600
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # Windows has no links to follow here
_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_FD_OK = {os.open, os.stat, os.mkdir} <= os.supports_dir_fd
_anchors: list[Path] = []
_SMALLER = N_("write what the exercise asks for: its files are far smaller than the limit")


class Refused(CheckFailure):
    """A file the checker will not read or write: a link, a FIFO, a device, too big."""


def anchor(folder: Path) -> None:
    """Trust ``folder`` as a starting point: the worker cannot rename or replace it."""
    folder = Path(os.path.abspath(folder))
    if folder not in _anchors:
        _anchors.append(folder)


def _refuse(shown: str, why: str, hint: str = "") -> Refused:
    """``why``: what the entry is, already in the language spoken (``describe_mode``)."""
    return Refused(
        _("{shown} is {why}; the grader only reads regular files your code wrote").format(
            shown=shown, why=why
        ),
        hint=_(hint)
        or _(
            "write the file itself (open(path, 'w'), savefig, np.save) at the path"
            " you were given: no link, no pipe, no folder swapped for a link"
        ),
    )


def _split(path: Path) -> tuple[Path, list[str]]:
    """The anchor ``path`` lies under and the components below it (no '..', no links)."""
    full = Path(os.path.abspath(path))
    for root in sorted(_anchors, key=lambda p: len(p.parts), reverse=True):
        if full.is_relative_to(root) and full != root:
            return root, list(full.relative_to(root).parts)
    raise RuntimeError(  # a check's own mistake: only folders of the fixtures are anchors
        f"{path} is not under a folder the checker made"  # i18n: internal
        " (grader.testing.files)"
    )


@contextlib.contextmanager
def _parent(path: Path) -> Iterator[tuple[int | None, str, str]]:
    """The folder holding ``path``, opened without following links: (fd, name, shown); where
    the OS has no ``dir_fd`` (Windows: no isolation there anyway), each component is lstat-ed
    by path and the fd is None."""
    root, parts = _split(path)
    if not _FD_OK:
        for i in range(1, len(parts)):
            mode = os.stat(root.joinpath(*parts[:i]), follow_symlinks=False).st_mode
            if not stat.S_ISDIR(mode):
                raise _refuse(
                    "/".join(parts[:i]), _("{kind}, not a folder").format(kind=describe_mode(mode))
                )
        yield None, str(root.joinpath(*parts)), "/".join(parts)
        return
    fd = os.open(root, _DIR)
    try:
        for i, part in enumerate(parts[:-1]):
            shown = "/".join(parts[: i + 1])
            try:
                mode = os.stat(part, dir_fd=fd, follow_symlinks=False).st_mode
            except FileNotFoundError:
                raise FileNotFoundError(str(path)) from None
            if not stat.S_ISDIR(mode):
                raise _refuse(shown, _("{kind}, not a folder").format(kind=describe_mode(mode)))
            try:
                inner = os.open(part, _DIR, dir_fd=fd)
            except OSError:  # swapped for a link since the stat: as refused as the link
                raise Refused(
                    _("{shown} changed while the grader read it").format(shown=shown)
                ) from None
            os.close(fd)
            fd = inner
        yield fd, parts[-1], "/".join(parts)
    finally:
        os.close(fd)


def _regular(path: Path) -> tuple[int, int, str]:
    """An fd of the regular file at ``path`` (FileNotFoundError if absent), its size, its name."""
    with _parent(path) as (folder, name, shown):
        try:
            mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
        except FileNotFoundError:
            raise FileNotFoundError(str(path)) from None
        if not stat.S_ISREG(mode):
            raise _refuse(shown, describe_mode(mode))
        try:
            fd = os.open(name, _READ, dir_fd=folder)
        except OSError as exc:
            raise _refuse(shown, _("unreadable ({error})").format(error=exc.strerror)) from None
    info = os.fstat(fd)  # what was opened, not what was looked at a moment before
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:  # a hard link: another's file
        os.close(fd)
        raise _refuse(shown, describe_mode(info.st_mode) if info.st_nlink < 2 else _("a hard link"))
    return fd, info.st_size, shown


def is_file(path: Path) -> bool:
    """True for a regular file, False if nothing is there; a link or a FIFO is refused."""
    try:
        fd, _size, _shown = _regular(path)
    except FileNotFoundError:
        return False
    os.close(fd)
    return True


def size(path: Path) -> int:
    """The size of the regular file at ``path`` (0 if nothing is there)."""
    try:
        fd, n, _ = _regular(path)
    except FileNotFoundError:
        return 0
    os.close(fd)
    return n


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The whole file, refused when over ``limit`` (checked before reading, and while)."""
    fd, n, shown = _regular(path)
    with os.fdopen(fd, "rb") as file:
        if n > limit:
            why = _("{size} bytes, over the grader's limit of {limit}")
            raise _refuse(shown, why.format(size=f"{n:,}", limit=f"{limit:,}"), _SMALLER)
        data = file.read(limit + 1)
    if len(data) > limit:  # it grew after the fstat
        why = _("over the grader's limit of {limit} bytes").format(limit=f"{limit:,}")
        raise _refuse(shown, why, _SMALLER)
    return data


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    return read_bytes(path, limit).decode("utf-8")


def load_npy(path: Path, limit: int = MAX_BYTES) -> np.ndarray:
    """A ``.npy`` array (never a pickle)."""
    data = read_bytes(path, limit)
    try:
        return np.load(io.BytesIO(data), allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        shown = "/".join(_split(path)[1])
        raise CheckFailure(
            _("{shown} is not a NumPy .npy array ({error})").format(shown=shown, error=exc)
        ) from None


def load_image(path: Path, max_pixels: int = MAX_PIXELS, limit: int = MAX_BYTES) -> Any:
    """A decoded PIL image, refused when its header claims more than ``max_pixels``: a tiny
    compressed file can claim 12000 x 12000 pixels, which would decode to gigabytes."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = min(Image.MAX_IMAGE_PIXELS or max_pixels, max_pixels)
    data = read_bytes(path, limit)
    shown = "/".join(_split(path)[1])
    try:
        img = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:  # PIL's own cap (twice MAX_IMAGE_PIXELS) said so first
        why = _("an image over the grader's limit of {pixels} pixels").format(
            pixels=f"{max_pixels:,}"
        )
        raise _refuse(shown, why, _SMALLER) from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise CheckFailure(
            _("{shown} is not an image the grader can read ({error})").format(
                shown=shown, error=exc
            )
        ) from None
    width, height = img.size
    if width * height > max_pixels:  # before load(): only the header has been read
        why = _("{width}x{height} pixels, over the grader's limit of {pixels}").format(
            width=width, height=height, pixels=f"{max_pixels:,}"
        )
        raise _refuse(shown, why, _SMALLER)
    try:
        img.load()
    except (OSError, ValueError, SyntaxError) as exc:
        raise CheckFailure(
            _("{shown} is a damaged image ({error})").format(shown=shown, error=exc)
        ) from None
    return img


def create(path: Path, data: bytes) -> None:
    """A new file where the worker can write: never through a link, never over a file."""
    with _parent(path) as (folder, name, shown):
        try:
            fd = os.open(name, _CREATE, 0o644, dir_fd=folder)
        except FileExistsError:
            raise Refused(
                _(
                    "{shown} was already there before the grader wrote it: the folder is the"
                    " grader's, leave it to the check"
                ).format(shown=shown)
            ) from None
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def save_npy(path: Path, array: np.ndarray) -> None:
    buf = io.BytesIO()
    np.save(buf, np.asarray(array), allow_pickle=False)
    create(path, buf.getvalue())


def make_folder(parent: Path, prefix: str, mode: int) -> Path:
    """A new folder in ``parent`` (an anchor), its mode set through its own fd: a path-based
    chmod would follow a link the worker put in its place a moment after the mkdir."""
    for _attempt in range(100):
        name = f"{prefix}-{os.urandom(4).hex()}"
        with _parent(parent / name) as (folder, entry, _shown):
            try:
                os.mkdir(entry, 0o700, dir_fd=folder)
            except FileExistsError:
                continue
            if folder is None:
                os.chmod(entry, mode)
                return parent / name
            fd = os.open(entry, _DIR, dir_fd=folder)
            try:
                os.fchmod(fd, mode)
            finally:
                os.close(fd)
        return parent / name
    raise FileExistsError(f"no free folder name in {parent}")  # i18n: internal
