"""Datasets for the course, verified and cached: ``from grader.data import load``.

    (x_train, y_train), (x_test, y_test) = load("mnist")          # like tf.keras.datasets.mnist
    (x_train, y_train), (x_test, y_test) = load("mnist", sample=True)  # 10,000 digits, ships

Names: mnist, fashion_mnist, cifar10 (downloaded once, into Keras's own cache), mnist_sample, iris,
co2 (no download). Arrays have the shapes and dtypes of ``tf.keras.datasets``; whatever the source,
they are checked against the content hash in ``datasets/manifest.toml`` before they are returned.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from grader.data.builtin import load_iris, load_sample, load_series, load_timeseries
from grader.data.cache import checked_sha256, data_dir
from grader.data.download import Policy
from grader.data.errors import ChecksumMismatch, DataError, DatasetUnavailable, UnknownDataset
from grader.data.fetch import fetch, import_file
from grader.data.formats import (
    Arrays,
    content_hash,
    load_cifar_archive,
    load_cifar_folder,
    load_keras_npz,
    read_idx,
)
from grader.data.manifest import DatasetSpec, get_spec, read_manifest
from grader.data.state import (
    DatasetStatus,
    converted_path,
    dataset_status,
    find_extracted,
    find_file,
)
from grader.i18n import _

__all__ = [
    "ChecksumMismatch",
    "DataError",
    "DatasetStatus",
    "DatasetUnavailable",
    "Policy",
    "UnknownDataset",
    "data_dir",
    "dataset_path",
    "fetch",
    "import_file",
    "load",
    "load_series",
    "names",
    "statuses",
    "verify",
]

Split = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def names() -> list[str]:
    return list(read_manifest())


def _decode_official(spec: DatasetSpec) -> Arrays | None:
    """Decode the official files if all are present and pass their sha256, else None."""
    paths = [find_file(f) for f in spec.files]
    if not paths or any(p is None for p in paths):
        return None
    found = [p for p in paths if p is not None]
    for file, path in zip(spec.files, found, strict=True):
        if path.stat().st_size not in file.sizes or not file.accepts(checked_sha256(path)):
            return None
    if spec.format == "keras-npz":
        return load_keras_npz(found[0])
    if spec.format == "idx-gz":
        x_train, y_train, x_test, y_test = (read_idx(p.read_bytes()) for p in found)
        return x_train, y_train, x_test, y_test
    if spec.format == "cifar-pickle":
        return load_cifar_archive(found[0])
    raise DataError(
        _("manifest: unknown format {format!r} for {name}").format(
            format=spec.format, name=spec.name
        )
    )


def _decode_cached(spec: DatasetSpec) -> Arrays | None:
    """The dataset from the data folder: a converted copy, the official files, or Keras's
    extracted folder, in that order of speed; None if none is there."""
    try:
        return _decode_cached_unchecked(spec)
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile) as exc:
        raise DataError(
            _(
                "{name}: a file in {folder} cannot be read ({error}); "
                "run `coursekit data verify {name}`, then `coursekit data fetch {name}`"
            ).format(name=spec.name, folder=data_dir(), error=f"{type(exc).__name__}: {exc}")
        ) from exc


def _decode_cached_unchecked(spec: DatasetSpec) -> Arrays | None:
    status = dataset_status(spec)
    if status.usable and status.path == converted_path(spec):
        return load_keras_npz(status.path)
    arrays = _decode_official(spec)
    if arrays is None:
        extracted = find_extracted(spec)
        if extracted is not None:
            return load_cifar_folder(extracted)
    return arrays


def _check(spec: DatasetSpec, arrays: Arrays, where: str) -> Arrays:
    digest = content_hash(arrays)
    if digest != spec.content_sha256:
        raise ChecksumMismatch(
            _(
                "{name} from {where} has content sha256 {digest}…, expected {expected}…;"
                " run `coursekit data verify {name}`, then fetch it"
            ).format(
                name=spec.name,
                where=where,
                digest=digest[:16],
                expected=spec.content_sha256[:16],
            )
        )
    for key, array in zip(("x_train", "y_train", "x_test", "y_test"), arrays, strict=True):
        want = (spec.shapes[key], spec.dtypes[key])
        if (array.shape, str(array.dtype)) != want:
            raise DataError(
                _("{name}.{key}: expected {want}, received {got}").format(
                    name=spec.name, key=key, want=want, got=array.shape
                )
            )
    return arrays


def load(
    name: str,
    *,
    sample: bool = False,
    download: bool = True,
    via: str | None = None,
    mirror: str | Sequence[str] | None = None,
    quiet: bool = False,
) -> Split:
    """``(x_train, y_train), (x_test, y_test)`` as NumPy arrays, like ``tf.keras.datasets``.

    ``sample=True`` gives the small copy that ships with the kit (``load("mnist", sample=True)``).
    A dataset that is not in the data folder is fetched first (``download=False`` refuses instead).
    """
    spec = get_spec(name, sample=sample)
    if spec.kind == "bundled":
        loader = load_timeseries if spec.format == "co2-csv" else load_sample
        arrays = _check(spec, loader(spec), _("the kit's datasets/ folder"))
    elif spec.kind == "sklearn":
        arrays = _check(spec, load_iris(spec), "scikit-learn")
    else:
        cached = _decode_cached(spec)
        if cached is None:
            if not download:
                raise DatasetUnavailable(
                    _(
                        "{name} is not in the data folder {folder} and download=False; "
                        "run `coursekit data fetch {name}`, or use load('mnist', sample=True)"
                    ).format(name=spec.name, folder=data_dir())
                )
            fetch(spec.name, via=via, mirror=mirror, quiet=quiet)
            cached = _decode_cached(spec)
        if cached is None:
            raise DataError(
                _("{name} was fetched but cannot be read back from {folder}").format(
                    name=spec.name, folder=data_dir()
                )
            )
        arrays = _check(spec, cached, str(data_dir()))
    x_train, y_train, x_test, y_test = arrays
    return (x_train, y_train), (x_test, y_test)


def statuses(*, deep: bool = False) -> list[DatasetStatus]:
    """Every dataset's state (``deep``: recompute every checksum instead of trusting stamps)."""
    return [dataset_status(spec, deep=deep) for spec in read_manifest().values()]


def verify(selected: Sequence[str] = ()) -> list[DatasetStatus]:
    """Recompute the checksums of what the data folder holds; also decode and compare content."""
    specs = [get_spec(n) for n in selected] or list(read_manifest().values())
    results = []
    for spec in specs:
        status = dataset_status(spec, deep=True)
        if status.usable and spec.kind == "download":
            try:
                cached = _decode_cached(spec)
                if cached is not None:
                    _check(spec, cached, str(status.path))
            except DataError as exc:
                status = DatasetStatus(
                    spec.name,
                    spec.title,
                    "corrupt",
                    status.size,
                    status.path,
                    status.origin,
                    str(exc),
                )
        results.append(status)
    return results


def dataset_path(name: str) -> Path:
    """Where the dataset is (or will be) on this machine."""
    return dataset_status(get_spec(name)).path
