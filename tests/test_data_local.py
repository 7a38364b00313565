"""Data that needs no network: the shipped sample, Iris, CO2, the manifest, import of a renamed
file, reuse of Keras's cache, corrupt files, the CLI on a fresh data folder, the decoders."""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "data"))
from coursekit_data_fixtures import dataset_entry, dead_url, tiny_cifar, tiny_mnist, write_file  # noqa: E402

from grader.data import DataError, dataset_path, import_file, load, load_series, statuses  # noqa: E402
from grader.data.cache import data_dir  # noqa: E402
from grader.data.cli import data_app  # noqa: E402
from grader.data.errors import ChecksumMismatch, DatasetUnavailable, UnknownDataset  # noqa: E402
from grader.data.formats import _cifar_batch, content_hash, read_idx  # noqa: E402
from grader.data.manifest import MANIFEST_PATH, read_manifest  # noqa: E402

MNIST_BYTES, MNIST_ARRAYS = tiny_mnist()
CIFAR_BYTES, CIFAR_ARRAYS = tiny_cifar()


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("COURSEKIT_DATA", str(folder))
    monkeypatch.delenv("COURSEKIT_MANIFEST", raising=False)
    monkeypatch.delenv("COURSEKIT_MIRROR", raising=False)
    return folder


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A manifest of two tiny datasets whose only URL is dead: everything must come from disk."""
    entries = [
        dataset_entry(
            "tiny_mnist",
            "keras-npz",
            MNIST_BYTES,
            MNIST_ARRAYS,
            [dead_url() + "/mnist.npz"],
            file_name="mnist.npz",
            path="mnist.npz",
        ),
        dataset_entry(
            "tiny_cifar",
            "cifar-pickle",
            CIFAR_BYTES,
            CIFAR_ARRAYS,
            [dead_url() + "/c.tar.gz"],
            file_name="cifar-10-python.tar.gz",
            path="cifar-10-batches-py-target_archive",
            aliases=("cifar-10-batches-py.tar.gz", "cifar-10-python.tar.gz"),
            extracted=("cifar-10-batches-py-target/cifar-10-batches-py", "cifar-10-batches-py"),
        ),
    ]
    manifest = tmp_path / "manifest.toml"
    manifest.write_text("schema = 1\n\n" + "\n".join(entries), encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_MANIFEST", str(manifest))
    return manifest


def test_shipped_sample_loads_and_matches_its_checksums(fresh):
    spec = read_manifest()["mnist_sample"]
    path = MANIFEST_PATH.parent / spec.bundled
    assert path.stat().st_size == spec.bundled_size < 2_000_000
    assert hashlib.sha256(path.read_bytes()).hexdigest() == spec.bundled_sha256
    (x_train, y_train), (x_test, y_test) = load("mnist", sample=True)
    assert load("mnist-sample")[0][0].shape == (8000, 28, 28)
    assert (x_train.shape, x_train.dtype, y_train.shape) == ((8000, 28, 28), np.uint8, (8000,))
    assert (x_test.shape, y_test.shape) == ((2000, 28, 28), (2000,))
    assert content_hash((x_train, y_train, x_test, y_test)) == spec.content_sha256
    # stratified: each digit is 20 % of its class in test; shuffled: not grouped by class
    for digit in range(10):
        total = (y_train == digit).sum() + (y_test == digit).sum()
        assert abs((y_test == digit).sum() - 0.2 * total) <= 1
    assert len(set(y_train[:50].tolist())) >= 8
    assert 0 < x_train.mean() < 255 and x_train.max() == 255


def test_iris_and_the_co2_series(fresh):
    (x_train, y_train), (x_test, y_test) = load("iris")
    assert x_train.shape == (120, 4) and x_test.shape == (30, 4) and x_train.dtype == np.float32
    assert np.bincount(y_train).tolist() == [40, 40, 40]
    (x_train, y_train), (x_test, y_test) = load("co2")
    assert x_train.shape == (1775, 52, 1) and y_train.shape == (1775,)
    assert x_test.shape == (457, 52, 1) and x_train.dtype == np.float32
    np.testing.assert_array_equal(x_train[1, :-1, 0], x_train[0, 1:, 0])  # sliding windows
    assert y_train[0] == x_train[1, -1, 0]
    dates, values = load_series(read_manifest()["co2"])
    assert str(dates[0]) == "1958-03-29" and not np.isnan(values).any() and 310 < values.min()


def test_manifest_pins_every_file_and_source():
    for spec in read_manifest().values():
        assert len(spec.content_sha256) == 64 and spec.licence
        for file in spec.files:
            assert len(file.sha256) == 64 and file.size > 0 and file.licence
            assert file.urls and all(u.startswith(("https://", "http://")) for u in file.urls)
        for source in spec.sources:
            assert len(source.sha256) == 64 and source.members and source.licence
    assert read_manifest()["cifar10"].files[0].urls[0].startswith("https://www.cs.toronto.edu/")


def test_unknown_dataset_says_what_exists(fresh):
    with pytest.raises(UnknownDataset, match="expected one of the datasets mnist, fashion_mnist"):
        load("mnits")


def test_fresh_data_folder_list_shows_sample_ready_others_missing(fresh):
    result = CliRunner().invoke(data_app, ["list"])
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines() if "│" in line}
    assert "ready" in rows["mnist_sample"]
    for name in ("mnist", "fashion_mnist", "cifar10"):
        assert "missing" in rows[name]
    assert "coursekit data fetch mnist fashion_mnist cifar10" in result.output
    assert "coursekit data import FILE" in result.output
    assert not fresh.exists() or not any(fresh.rglob("*.npz"))  # listing downloads nothing


def test_load_without_download_refuses_clearly(fresh):
    with pytest.raises(DatasetUnavailable, match="coursekit data fetch cifar10"):
        load("cifar10", download=False)


def test_import_of_a_renamed_file(fresh, tiny, tmp_path):
    renamed = write_file(tmp_path / "Downloads" / "mnist (1).npz.crdownload", MNIST_BYTES)
    message = import_file(renamed)
    assert "tiny_mnist" in message and (fresh / "mnist.npz").read_bytes() == MNIST_BYTES
    assert renamed.exists()  # copied, the user's file stays
    np.testing.assert_array_equal(load("tiny_mnist", download=False)[0][0], MNIST_ARRAYS[0])


def test_import_refuses_a_damaged_or_unknown_file(fresh, tiny, tmp_path):
    damaged = write_file(tmp_path / "mnist.npz", MNIST_BYTES[:-10] + b"0123456789")
    with pytest.raises(ChecksumMismatch, match="named like mnist.npz but is not it"):
        import_file(damaged)
    result = CliRunner().invoke(data_app, ["import", str(write_file(tmp_path / "x.bin", b"abc"))])
    assert result.exit_code == 1 and "matches no dataset file" in result.output
    assert "mnist.npz (" in result.output and "Traceback" not in result.output
    assert not (fresh / "mnist.npz").exists()


def test_a_file_keras_downloaded_is_found_and_reused(tmp_path, tiny, monkeypatch):
    monkeypatch.delenv("COURSEKIT_DATA", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    write_file(tmp_path / "keras-home" / "datasets" / "mnist.npz", MNIST_BYTES)
    assert data_dir() == tmp_path / "keras-home" / "datasets"
    assert [s.state for s in statuses() if s.name == "tiny_mnist"] == ["cached"]
    np.testing.assert_array_equal(load("tiny_mnist")[1][1], MNIST_ARRAYS[3])  # dead URL: no fetch
    assert [s.state for s in statuses() if s.name == "tiny_mnist"] == ["verified"]


@pytest.mark.parametrize(
    "place",
    ["cifar-10-python.tar.gz", "cifar-10-batches-py.tar.gz", "extracted-keras3", "extracted"],
)
def test_cifar_found_where_keras_versions_and_people_put_it(fresh, tiny, place):
    if place.startswith("extracted"):
        import tarfile

        root = fresh / ("cifar-10-batches-py-target" if place == "extracted-keras3" else "")
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(CIFAR_BYTES)) as tar:
            tar.extractall(root, filter="data")
    else:
        write_file(fresh / place, CIFAR_BYTES)
    (x_train, y_train), (x_test, y_test) = load("tiny_cifar")
    np.testing.assert_array_equal(x_test, CIFAR_ARRAYS[2])
    assert dataset_path("tiny_cifar").name in (place, "cifar-10-batches-py")


def test_corrupt_cache_file_is_reported_and_never_loaded(fresh, tiny):
    damaged = bytearray(MNIST_BYTES)
    damaged[5000] ^= 0xFF  # one flipped byte, same size
    write_file(fresh / "mnist.npz", bytes(damaged))
    result = CliRunner().invoke(data_app, ["verify", "tiny_mnist"])
    assert result.exit_code == 1 and "corrupt" in result.output
    with pytest.raises(DatasetUnavailable, match="Could not get the dataset tiny_mnist"):
        load("tiny_mnist", quiet=True)


def test_path_command(fresh):
    result = CliRunner().invoke(data_app, ["path", "fashion-mnist"])
    assert result.exit_code == 0 and result.output.strip() == str(fresh / "fashion-mnist")
    assert CliRunner().invoke(data_app, ["path", "nope"]).exit_code == 2


def test_decoders_refuse_what_is_not_their_format():
    with pytest.raises(DataError, match="IDX"):
        read_idx(b"not an idx file")
    evil = pickle.dumps({b"data": np.zeros((1, 3072), np.uint8), b"labels": [print]}, protocol=2)
    with pytest.raises(DataError, match="only arrays"):
        _cifar_batch(evil)


def test_content_hash_depends_on_order_and_bytes():
    a, b = np.arange(4, dtype=np.uint8), np.arange(4, 8, dtype=np.uint8)
    assert content_hash([a, b]) != content_hash([b, a])
    assert content_hash([a.reshape(2, 2).T]) == content_hash(
        [np.ascontiguousarray(a.reshape(2, 2).T)]
    )


def test_a_truncated_converted_file_gives_a_clear_error_not_a_traceback(fresh, tiny):
    write_file(fresh / "mnist.npz", MNIST_BYTES)
    load("tiny_mnist", download=False)
    (fresh / "mnist.npz").write_bytes(MNIST_BYTES[: len(MNIST_BYTES) // 2])
    with pytest.raises(DataError):
        load("tiny_mnist", download=False)


def test_a_data_folder_that_cannot_be_written_is_named(tmp_path, tiny, monkeypatch):
    blocker = write_file(tmp_path / "a-file", b"")  # a file where the data folder should be
    monkeypatch.setenv("COURSEKIT_DATA", str(blocker / "data"))
    with pytest.raises(DataError, match="cannot write in the data folder .*COURSEKIT_DATA"):
        from grader.data import fetch

        fetch("tiny_mnist", quiet=True)
