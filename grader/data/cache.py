"""The data folder: where datasets live, checksums with remembered results, and a per-dataset lock.

The folder is ``$COURSEKIT_DATA`` if set, else Keras's own cache (``$KERAS_HOME/datasets`` or
``~/.keras/datasets``) with Keras's file names, so a file that ``tf.keras.datasets`` downloaded, or
that someone copied there by hand, is found instead of downloaded again. The kit's own files (files
converted from registry packages, remembered checksums, partial downloads, locks) live in the
``coursekit/`` sub-folder, under names Keras never looks at.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from grader import protocol

CHUNK = 1 << 20


def data_dir() -> Path:
    """The data folder, following the same rules as Keras (``KERAS_HOME``, else ``~/.keras``)."""
    own = os.environ.get(protocol.DATA)
    if own:
        return Path(own).expanduser()
    keras_home = os.environ.get("KERAS_HOME")
    if keras_home:
        return Path(keras_home).expanduser() / "datasets"
    home = Path.home()
    if not os.access(home, os.W_OK):  # Keras falls back to /tmp/.keras the same way
        home = Path(tempfile.gettempdir())
    return home / ".keras" / "datasets"


def kit_path(*parts: str) -> Path:
    """A path in the kit's own sub-folder of the data folder (nothing is created)."""
    return data_dir().joinpath("coursekit", *parts)


def kit_dir(*parts: str) -> Path:
    """A folder of the kit's own under the data folder (created on demand)."""
    folder = kit_path(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_sha256(path: Path, progress: Callable[[int], None] | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            if progress is not None:
                progress(len(chunk))
    return digest.hexdigest()


def _stamp_path(path: Path) -> Path:
    key = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:24]
    return kit_dir("stamps") / f"{key}.json"


def remembered_sha256(path: Path) -> str | None:
    """The sha256 computed earlier for this file, if it has not changed since (size, mtime)."""
    key = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:24]
    try:
        stat = path.stat()
        stamp = json.loads(kit_path("stamps", f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("size") == stat.st_size and stamp.get("mtime_ns") == stat.st_mtime_ns:
        digest = stamp.get("sha256")
        return digest if isinstance(digest, str) else None
    return None


def remember_sha256(path: Path, digest: str) -> None:
    stat = path.stat()
    record = {"path": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    atomic_write_text(_stamp_path(path), json.dumps({**record, "sha256": digest}))


def checked_sha256(path: Path, *, fresh: bool = False) -> str:
    """The file's sha256: remembered if the file is unchanged (unless ``fresh``), else computed."""
    digest = None if fresh else remembered_sha256(path)
    if digest is None:
        digest = file_sha256(path)
        remember_sha256(path, digest)
    return digest


def temporary_sibling(path: Path) -> Path:
    """A unique name next to ``path`` for writing before an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    os.chmod(name, 0o644)  # mkstemp makes 0600; a shared cache should stay readable
    return Path(name)


def atomic_write_text(path: Path, text: str) -> None:
    tmp = temporary_sibling(path)
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def dataset_lock(name: str) -> Iterator[None]:
    """Hold the dataset's lock: a second process fetching the same dataset waits, then finds it
    ready. The operating system releases the lock if the holder dies, so it never goes stale."""
    lock_path = kit_dir("locks") / f"{name}.lock"
    with lock_path.open("a+b") as handle:
        if sys.platform == "win32":
            import msvcrt
            import time

            handle.seek(0)
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    time.sleep(0.2)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def human_size(size: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"
