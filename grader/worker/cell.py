"""The worker's cell: how the untrusted worker process is started, per sandbox level.

Levels, strongest first (``detect_level`` picks the best the machine has):
- ``bwrap``: Linux with bubblewrap: new user, PID, network, IPC and UTS namespaces, dies with
  the checker, read-only views of the Python installation and the worker's own code only (no
  kit, no solutions, no hidden checks, no data cache), a private /tmp and scratch folder.
- ``landlock``: Linux without bubblewrap: a plain process confined by the kernel's Landlock LSM
  (reads limited to the Python installation and its scratch copy of the target, writes to the
  scratch folder, no signals to processes outside it).
- ``uid``: running as root without either: the worker drops to an unprivileged user.
- ``plain``: a subprocess in its own session with rlimits (Windows, macOS, old kernels).
At every level: an empty scratch folder as cwd and HOME, a scrubbed environment, rlimits on
memory, CPU time, file size and processes (where the OS has them), a copy of the target.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from grader.i18n import _
from grader.paths import PACKAGE_DIR

LEVELS = ("bwrap", "landlock", "uid", "plain")
NOBODY = 65534
_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "from grader.worker import confine; confine.apply(); "
    "from grader.worker.serve import main; main()"
)
_PASS_ENV = ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "TF_CPP_MIN_LOG_LEVEL",
             "CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH", "SYSTEMROOT", "TZ")  # fmt: skip


def _bwrap() -> str | None:
    return shutil.which("bwrap") if sys.platform.startswith("linux") else None


def _python_readable_by_others() -> bool:
    """An unprivileged user can run this Python only if every folder on its way is open."""
    for path in {Path(sys.executable).resolve(), Path(sys.prefix), Path(sys.base_prefix)}:
        for folder in [path, *path.parents]:
            if folder.exists() and not os.stat(folder).st_mode & 0o001:
                return False
    return True


def available_levels() -> list[str]:
    from grader.worker import confine

    levels = []
    if _bwrap() is not None and _bwrap_works():
        levels.append("bwrap")
    if confine.landlock_abi() >= 1:
        levels.append("landlock")
    if hasattr(os, "geteuid") and os.geteuid() == 0 and _python_readable_by_others():
        levels.append("uid")
    return [*levels, "plain"]


_BWRAP_OK: bool | None = None


def _bwrap_works() -> bool:
    global _BWRAP_OK
    if _BWRAP_OK is None:
        try:
            probe = [*_bwrap_args(Path("/"), None, 1), sys.executable, "-I", "-c", "pass"]
            _BWRAP_OK = subprocess.run(probe, capture_output=True, timeout=30).returncode == 0
        except (OSError, subprocess.SubprocessError):
            _BWRAP_OK = False
    return _BWRAP_OK


def detect_level(wanted: str | None = None) -> str:
    """``wanted`` (from COURSEKIT_SANDBOX) if this machine has it, else the strongest there is."""
    levels = available_levels()
    if wanted and wanted in levels:
        return wanted
    return levels[0]


def _ro_paths() -> list[Path]:
    """What the worker must read: the interpreter, its libraries, the system's shared libs."""
    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent}
    for entry in sys.path:
        p = Path(entry)
        if entry and p.exists() and "site-packages" in p.parts:
            paths.add(p)
    for system in ("/usr", "/lib", "/lib64", "/bin", "/sbin", "/opt/conda"):
        if Path(system).exists():
            paths.add(Path(system))
    return sorted(paths)


_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf", "passwd",
        "group", "hosts", "alternatives", "ssl", "fonts", "matplotlibrc")  # fmt: skip


def _bwrap_args(cell_dir: Path, scratch: Path | None, tmp_mb: int = 0) -> list[str]:
    tmp = ["--size", str(tmp_mb * 1024 * 1024)] if tmp_mb else []  # a private /tmp, bounded
    args = [str(_bwrap()), "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent", "--new-session",
            "--uid", str(NOBODY), "--gid", str(NOBODY), "--hostname", "coursekit-worker",
            "--proc", "/proc", "--dev", "/dev", *tmp, "--tmpfs", "/tmp"]  # fmt: skip
    for path in _ro_paths():
        args += ["--ro-bind", str(path), str(path)]
    for name in _ETC:
        if Path("/etc", name).exists():
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    if Path("/sys/devices/system/cpu").exists():
        args += ["--ro-bind", "/sys/devices/system/cpu", "/sys/devices/system/cpu"]
    for dev in Path("/dev").glob("nvidia*"):  # a GPU, where there is one
        args += ["--dev-bind", str(dev), str(dev)]
    if scratch is not None:
        # the cell (its copy of the target, its code, the checker's inputs) read-only, and the
        # scratch folder inside it the only place the worker writes: nothing of the cell but
        # scratch/ can be renamed or replaced by a link under the checker's feet
        args += ["--ro-bind", str(cell_dir), str(cell_dir)]
        args += ["--bind", str(scratch), str(scratch), "--chdir", str(scratch)]
    return args


def worker_code_dir(scratch: Path) -> Path:
    """The worker's own code, and nothing else of the kit: ``grader/__init__.py``,
    ``errors.py``, ``protocol.py`` and ``grader/worker/``, copied beside the scratch folder."""
    code = scratch.parent / "code"
    (code / "grader" / "worker").mkdir(parents=True, exist_ok=True)
    for name in ("__init__.py", "errors.py", "protocol.py"):
        shutil.copy2(PACKAGE_DIR / name, code / "grader" / name)
    for file in (PACKAGE_DIR / "worker").glob("*.py"):
        shutil.copy2(file, code / "grader" / "worker" / file.name)
    return code


def describe_mode(mode: int) -> str:
    """What an entry that is not a regular file is, in a student's words and language
    (``grader.testing.files`` says the same of the files the worker leaves). This module runs
    in the checker only: the worker's cell has no ``grader.i18n``."""
    if stat.S_ISLNK(mode):
        return _("a symbolic link")
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    return _("not a regular file")


def refusal(rel: str, kind: str) -> str:
    """What a student reads about an entry of their folder that was not copied."""
    return _(
        "{path} is {kind}; the grader copies only regular files and folders of your submission"
        " (replace it with the file itself)"
    ).format(path=rel, kind=kind)


_OPEN = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _copy_file(src: Path, dst: Path) -> None:
    """``src`` if it is still a regular file when opened (not swapped for a link or a FIFO)."""
    fd = os.open(src, _OPEN | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as source:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{src} changed while it was copied")  # i18n: internal (caught)
        with open(dst, "xb") as out:
            shutil.copyfileobj(source, out)


def copy_target(target: Path, into: Path, limit_files: int = 5000) -> dict[str, str]:
    """The worker grades a private copy: nothing it does reaches the student's own folder.

    Links are never followed (a link to the kit's solutions/ must not become the graded
    copy), and FIFOs, sockets and devices are never opened: each is left out, and the
    returned {relative path: kind} lets the checker say so in the rows of its chapter."""
    refused: dict[str, str] = {}
    count = 0
    into.mkdir(parents=True, exist_ok=True)
    pending = [Path()]
    while pending and count < limit_files:
        rel_dir = pending.pop()
        with os.scandir(target / rel_dir) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                rel = rel_dir / entry.name
                if entry.name.startswith(".") or entry.name == "__pycache__":
                    continue
                mode = entry.stat(follow_symlinks=False).st_mode
                if stat.S_ISDIR(mode):
                    (into / rel).mkdir()
                    pending.append(rel)
                elif not stat.S_ISREG(mode):
                    refused[rel.as_posix()] = describe_mode(mode)
                elif count < limit_files:
                    count += 1
                    try:
                        _copy_file(target / rel, into / rel)
                    except OSError:
                        refused[rel.as_posix()] = _("not a regular file")
    return refused


def usage(folder: Path, limit_entries: int = 100_000) -> int:
    """Bytes on disk under ``folder`` (links not followed); past ``limit_entries`` entries, a
    flood of empty files, the answer is "too much" (-1)."""
    total, seen, pending = 0, 0, [folder]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > limit_entries:
                return -1
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            total += getattr(info, "st_blocks", 0) * 512 or info.st_size
            if stat.S_ISDIR(info.st_mode):
                pending.append(Path(entry.path))
    return total


def environment(scratch: Path, level: str) -> dict[str, str]:
    env = {k: os.environ[k] for k in _PASS_ENV if k in os.environ}
    env.update(
        {
            "HOME": str(scratch),
            "TMPDIR": "/tmp" if level == "bwrap" else str(scratch),
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "MPLCONFIGDIR": str(scratch / ".matplotlib"),
            "KERAS_HOME": str(scratch / ".keras"),
            "TF_CPP_MIN_LOG_LEVEL": env.get("TF_CPP_MIN_LOG_LEVEL", "2"),
        }
    )
    if os.name == "nt":
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
    return env


def command(
    level: str, scratch: Path, code: Path, target: Path, channel: str, tmp_mb: int = 0
) -> list[str]:
    """The worker's command line; ``channel`` is the socket's fd number, or "stdio"."""
    boot = [sys.executable, "-I", "-c", _BOOT, str(code), channel, str(target)]
    if level == "bwrap":
        return [*_bwrap_args(scratch.parent, scratch, tmp_mb), *boot]
    return boot
