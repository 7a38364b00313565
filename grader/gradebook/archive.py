"""A student's zip file unpacked without trusting it.

A zip is the student's work, so it is hostile input: a member named ``../../.bashrc`` or
``/etc/cron.d/x`` (zip-slip), a symbolic link that points at solutions/, or a 40 KB "zip bomb"
that expands to gigabytes. Every member is checked before anything is written: a relative path
with no ``..``, a regular file or folder (no links, devices, FIFOs), and caps on the number of
members and on each file's and the whole archive's expanded size (the sizes are counted while
writing too, not only believed from the header).
"""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

from grader.errors import CourseKitError
from grader.i18n import _

MAX_MEMBERS = 2_000
MAX_FILE = 16 * 1024 * 1024
MAX_TOTAL = 128 * 1024 * 1024


class UnsafeArchive(CourseKitError):
    """A zip that would write outside its folder, make a link, or expand past the caps."""


def _member_path(info: zipfile.ZipInfo) -> PurePosixPath:
    name = info.filename.replace("\\", "/")
    path = PurePosixPath(name)
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in path.parts:
        raise UnsafeArchive(
            _("expected a relative path inside the archive, received {name}").format(
                name=repr(name)
            )
        )
    kind = stat.S_IFMT(info.external_attr >> 16)  # 0: no Unix type recorded (Windows zips)
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise UnsafeArchive(
            _("expected regular files and folders, received a link or special file {name}").format(
                name=repr(name)
            )
        )
    if info.file_size > MAX_FILE:
        raise UnsafeArchive(
            _("{name} expands to {size} bytes (limit {limit})").format(
                name=repr(name), size=info.file_size, limit=MAX_FILE
            )
        )
    return path


def extract(archive: Path, dest: Path) -> Path:
    """Unpack ``archive`` into a fresh ``dest`` (removed first); returns ``dest``.

    Raises UnsafeArchive, having written nothing, when any member breaks the rules; a size lie
    found while writing removes what was written.
    """
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnsafeArchive(
            _("{archive} is not a readable zip file: {error}").format(
                archive=archive.name, error=exc
            )
        ) from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise UnsafeArchive(
                _("{count} members (limit {limit})").format(count=len(infos), limit=MAX_MEMBERS)
            )
        paths = [_member_path(info) for info in infos]
        if sum(i.file_size for i in infos) > MAX_TOTAL:
            raise UnsafeArchive(_("expands past {limit} bytes").format(limit=MAX_TOTAL))
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        try:
            _write_members(zf, infos, paths, dest)
        except BaseException:
            shutil.rmtree(dest, ignore_errors=True)
            raise
    return dest


def _write_members(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], paths: list[PurePosixPath], dest: Path
) -> None:
    total = 0
    for info, rel in zip(infos, paths):
        if not rel.parts:
            continue
        target = dest.joinpath(*rel.parts)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with zf.open(info) as src, target.open("xb") as out:
            while chunk := src.read(1 << 16):
                written += len(chunk)
                total += len(chunk)
                if written > MAX_FILE or total > MAX_TOTAL:
                    raise UnsafeArchive(_("{path} expands past the size limit").format(path=rel))
                out.write(chunk)
