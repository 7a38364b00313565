"""Hostile files: what a submission leaves on disk must never be followed, block the checker,
or stretch the grade's resources (issue 15, "the checker proves, never believes").

Each class is a small submission graded for real (the strongest sandbox level here in the
fast tier, the others marked slow), plus the unit-level proof of the piece that stops it:
- a file the checker reads made a symbolic link (or its folder swapped for one): refused;
- a link where the checker would write a cache array: nothing written through it;
- a FIFO where the checker reads: refused at once, no hang;
- a PNG whose header claims 12000x12000 pixels: refused before decoding;
- an exercise file that is a link to the kit's solutions/: not copied, its exercise errors;
- a reply nested 100,000 deep: an error row, the grade completes;
- a file of gigabytes in the scratch folder: the write fails, the grade completes.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import numpy as np
import pytest

from grader.paths import EXERCISES_DIR, KIT_ROOT, SOLUTIONS_DIR
from grader.testing import files
from grader.testing.api import CheckFailure
from grader.worker import cell, wire

LEVELS = [lv for lv in cell.available_levels() if lv != "uid"]
LEVEL_PARAMS = [pytest.param(lv, marks=() if i == 0 else pytest.mark.slow) for i, lv in
                enumerate(LEVELS)]  # fmt: skip
LINKED = "is a symbolic link; the grader only reads regular files your code wrote"
BOMB = "is an image over the grader's limit of 25,000,000 pixels"


def _grade(target: Path, chapter: str, only: str, level: str) -> dict:
    report = target.parent / f"report-{chapter}-{level}.json"
    command = [
        sys.executable, "-c", "from grader.cli import app; app()", "grade", chapter,
        "--target", str(target), "--only", only, "--sandbox", level, "--json", str(report),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, timeout=400, cwd=target.parent)
    data = json.loads(report.read_text(encoding="utf-8"))
    # "tampered": a kit file changed during the grade (someone editing the kit meanwhile); the
    # submission cannot write there (tests/test_hostile.py proves it), its rows still count
    ok = done.returncode in (0, 1) or data.get("status") == "tampered"
    assert ok, done.stdout.decode()[-3000:] + done.stderr.decode()[-3000:]
    assert data["sandbox"] == level
    return data


def _earned(data: dict) -> float:
    return sum(e["earned"] for e in data["exercises"])


def _exercise(data: dict, exercise_id: str) -> dict:
    return next(e for e in data["exercises"] if e["id"] == exercise_id)


def _messages(exercise: dict) -> str:
    return "\n".join(c["message"] for c in exercise["checks"])


def _submission(tmp_path: Path, base: Path, module: str, trick: str) -> Path:
    """``base`` (solutions: honest answers, or exercises: the stubs) with ``trick`` appended to
    ``module`` (e.g. "ch4/curves.py")."""
    target = tmp_path / "student"
    shutil.copytree(base, target, ignore=shutil.ignore_patterns("__pycache__"))
    path = target / module
    path.write_text(path.read_text(encoding="utf-8") + textwrap.dedent(trick), encoding="utf-8")
    return target


WRONG_MSE = """
import numpy as _np


def mse(y_true, y_pred):  # a sum, not a mean: honestly worth 0 points
    return _np.sum((_np.asarray(y_true) - _np.asarray(y_pred)) ** 2)
"""


def _ch2(tmp_path: Path, mse: str, trick: str = "") -> Path:
    """The stubs, with ch2's ``mse`` replaced by ``mse`` and ``trick`` appended."""
    target = tmp_path / "student"
    shutil.copytree(EXERCISES_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    losses = target / "ch2" / "losses.py"
    text = losses.read_text(encoding="utf-8")
    start = text.index("def mse(")
    end = text.index("\ndef ", start + 1)
    body = text[:start] + textwrap.dedent(mse).strip() + "\n\n" + text[end:]
    losses.write_text(body + "\n" + textwrap.dedent(trick), encoding="utf-8")
    return target


# --- files the checker reads -------------------------------------------------------------------

LINK_TRICKS = """
import os as _os
from pathlib import Path as _Path

_honest_plot = plot_curves


def plot_curves(history, path):  # a correct PNG, elsewhere; the path a link to it
    real = _Path.cwd() / "elsewhere.png"
    _honest_plot(history, str(real))
    _os.symlink(real, path)
"""
SWAP_FOLDER = """
import os as _os
from pathlib import Path as _Path

_honest_write = write_parameters


def write_parameters(params, path):  # a correct file, in a folder swapped in by a link
    folder = _Path(path).parent
    real = _Path.cwd() / "real-folder"
    real.mkdir()
    _honest_write(params, str(real / _Path(path).name))
    _os.rename(folder, _Path.cwd() / "the-checkers-folder")
    _os.symlink(real, folder)
"""


@pytest.mark.parametrize("level", LEVEL_PARAMS)
def test_links_in_place_of_output_files_are_refused(level, tmp_path):
    target = _submission(tmp_path, SOLUTIONS_DIR, "ch4/curves.py", LINK_TRICKS)
    params = target / "ch4" / "parameters.py"
    params.write_text(params.read_text(encoding="utf-8") + SWAP_FOLDER, encoding="utf-8")
    data = _grade(target, "ch4", "curves,export", level)
    curves, export = _exercise(data, "ch4.curves"), _exercise(data, "ch4.export")
    assert curves["earned"] == 0 and export["earned"] == 0  # each would pass, link followed
    assert all(c["status"] == "failed" for c in curves["checks"] + export["checks"])
    assert "curves.png " + LINKED in _messages(curves)
    assert "is a symbolic link, not a folder; the grader only reads" in _messages(export)


FIFO_AND_BOMB = """
import os as _os
import shutil as _shutil
from pathlib import Path as _Path


def write_parameters(params, path):  # the checker's read of the export would block forever
    _os.mkfifo(path)


def plot_curves(history, path):  # 12000 x 12000 pixels in a 150 kB file
    _shutil.copyfile(_Path(__file__).with_name("bomb.png"), path)
"""


def _bomb_png(side: int = 12000) -> bytes:
    """A grey PNG of side x side black pixels: tiny on disk, 144 MB decoded (432 MB as RGB)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    packer = zlib.compressobj(9)
    row = bytes(side + 1)  # filter byte 0, then the pixels
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("level", LEVEL_PARAMS)
def test_fifo_and_pixel_bomb_are_refused_fast(level, tmp_path):
    target = _submission(tmp_path, SOLUTIONS_DIR, "ch4/parameters.py", "")
    for module in ("parameters.py", "curves.py"):
        path = target / "ch4" / module
        path.write_text(path.read_text(encoding="utf-8") + FIFO_AND_BOMB, encoding="utf-8")
    (target / "ch4" / "bomb.png").write_bytes(_bomb_png())
    data = _grade(target, "ch4", "curves,export", level)
    curves, export = _exercise(data, "ch4.curves"), _exercise(data, "ch4.export")
    assert curves["earned"] == 0 and export["earned"] == 0
    assert "weights.txt is a named pipe (FIFO)" in _messages(export)
    assert "curves.png " + BOMB in _messages(curves)
    # a read that blocked on the FIFO would have become a timeout (the first check's seconds
    # are the worker's TensorFlow import: the unit test below times the refusal itself)
    assert {c["status"] for c in curves["checks"] + export["checks"]} == {"failed"}


# --- where the checker writes ------------------------------------------------------------------

CACHE_LINK = """
import os as _os
from pathlib import Path as _Path

_honest = load_or_generate


def load_or_generate(image_dir, label_file, x_cache, y_cache):
    x, y = _honest(image_dir, label_file, x_cache, y_cache)
    if _Path(x_cache).is_file() and not _Path(x_cache).is_symlink():
        _os.remove(x_cache)  # where the checker used to write the stale cache: a link
        _os.symlink(VICTIM, x_cache)
    return x, y
"""


@pytest.mark.parametrize("level", LEVEL_PARAMS)
def test_no_write_through_a_link_in_the_cache_folder(level, tmp_path):
    victim = tmp_path / "victim.npy"  # outside the worker's reach, a valid array file
    np.save(victim, np.zeros((8, 784)))
    before = victim.read_bytes()
    trick = f"VICTIM = {str(victim)!r}\n" + CACHE_LINK
    target = _submission(tmp_path, SOLUTIONS_DIR, "ch4/own_dataset.py", trick)
    data = _grade(target, "ch4", "cache", level)
    assert victim.read_bytes() == before and not victim.is_symlink()
    cache = _exercise(data, "ch4.cache")
    assert cache["earned"] == 0
    assert "x_train.npy " + LINKED in _messages(cache)


@pytest.fixture(params=[True, False], ids=["dir_fd", "by_path"])
def fd_or_path(request, monkeypatch):
    """Each proof of files.py twice: with dir_fd (Linux, macOS) and by path (Windows)."""
    monkeypatch.setattr(files, "_FD_OK", request.param and files._FD_OK)


def test_files_create_never_writes_through_a_link(tmp_path, fd_or_path):
    folder = tmp_path / "out"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    (folder / "x_train.npy").symlink_to(victim)
    files.anchor(tmp_path)
    with pytest.raises(CheckFailure, match="already there"):
        files.save_npy(folder / "x_train.npy", np.ones(3))
    (folder / "inner").symlink_to(tmp_path)  # a link as a folder on the way
    with pytest.raises(CheckFailure, match="inner is a symbolic link, not a folder"):
        files.save_npy(folder / "inner" / "y.npy", np.ones(3))
    assert victim.read_text() == "untouched" and not (tmp_path / "y.npy").exists()
    files.save_npy(folder / "fresh.npy", np.arange(3))
    assert np.array_equal(files.load_npy(folder / "fresh.npy"), np.arange(3))


def test_files_refuse_links_fifos_big_files_and_pixel_bombs(tmp_path, fd_or_path):
    files.anchor(tmp_path)
    (tmp_path / "real.txt").write_text("x" * 100)
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "bomb.png").write_bytes(_bomb_png())
    with pytest.raises(CheckFailure, match="link.txt " + LINKED):
        files.read_bytes(tmp_path / "link.txt")
    start = time.monotonic()
    with pytest.raises(CheckFailure, match=r"pipe is a named pipe \(FIFO\)"):
        files.read_bytes(tmp_path / "pipe")
    assert time.monotonic() - start < 1
    os.link(tmp_path / "real.txt", tmp_path / "hard.txt")
    with pytest.raises(CheckFailure, match="hard.txt is a hard link"):
        files.read_bytes(tmp_path / "hard.txt")
    (tmp_path / "hard.txt").unlink()
    with pytest.raises(CheckFailure, match="100 bytes, over the grader's limit of 10"):
        files.read_bytes(tmp_path / "real.txt", limit=10)
    with pytest.raises(CheckFailure, match="bomb.png " + BOMB):
        files.load_image(tmp_path / "bomb.png")
    assert files.is_file(tmp_path / "real.txt") and not files.is_file(tmp_path / "absent")
    made = files.make_folder(tmp_path, "ck-out", 0o751)
    assert made.is_dir() and made.stat().st_mode & 0o777 == 0o751


# --- what is copied -----------------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVEL_PARAMS)
def test_exercise_file_linked_to_the_solutions_is_not_graded(level, tmp_path):
    target = tmp_path / "student"
    shutil.copytree(EXERCISES_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    losses = target / "ch2" / "losses.py"
    losses.unlink()
    losses.symlink_to(KIT_ROOT / "solutions" / "ch2" / "losses.py")
    data = _grade(target, "ch2", "mse", level)
    mse = _exercise(data, "ch2.mse")
    assert _earned(data) == 0.0  # the stub's score, not the reference's
    assert mse["status"] == "error"
    assert "ch2/losses.py is a symbolic link; the grader copies only regular files" in (
        _messages(mse)
    )


def test_copy_target_follows_no_link_and_opens_no_fifo(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    (src / "ch2").mkdir(parents=True)
    (src / "ch2" / "ok.py").write_text("x = 1\n")
    (src / "ch2" / "linked.py").symlink_to(SOLUTIONS_DIR / "ch2" / "losses.py")
    (src / "ch3").symlink_to(SOLUTIONS_DIR / "ch3", target_is_directory=True)
    os.mkfifo(src / "ch2" / "pipe.py")
    refused = cell.copy_target(src, dst)
    assert refused == {
        "ch2/linked.py": "a symbolic link",
        "ch2/pipe.py": "a named pipe (FIFO)",
        "ch3": "a symbolic link",
    }
    assert sorted(p.name for p in dst.rglob("*")) == ["ch2", "ok.py"]


# --- what comes back ----------------------------------------------------------------------------

DEEP_REPLY = """
import struct as _struct
import sys as _sys


def _deep(message):  # a reply frame nested 100,000 lists deep, under the real reply's id
    depth = 100_000
    header = ('{"id": %d, "ok": true, "value": ' % message.get("id", 0)) + "[" * depth
    header = (header + "]" * depth + "}").encode()
    body = _struct.pack("<I", len(header)) + header
    return _struct.pack("<Q", len(body)) + body


for _module in list(_sys.modules.values()):  # the worker's own code is the submission's too
    if getattr(_module, "__name__", "").startswith("grader.worker") and hasattr(_module, "encode"):
        _module.encode = _deep
"""


@pytest.mark.parametrize("level", LEVEL_PARAMS)
def test_deeply_nested_reply_is_an_error_row(level, tmp_path):
    target = _ch2(tmp_path, WRONG_MSE, DEEP_REPLY)
    data = _grade(target, "ch2", "mse", level)
    mse = _exercise(data, "ch2.mse")
    assert _earned(data) == 0.0
    assert {c["status"] for c in mse["checks"]} == {"error"}
    assert "nested too deeply" in _messages(mse)


def test_decoder_bounds_nesting():
    for depth in (40, 100_000):
        header = ("[" * depth + "]" * depth).encode()
        with pytest.raises(wire.WireError, match="nested"):
            wire.decode(struct.pack("<I", len(header)) + header)
    deep: list = []
    for _ in range(60):
        deep = [deep]
    with pytest.raises(wire.WireError, match="nested"):
        wire.encode({"value": deep})
    assert wire.to_plain([[1.0]]) == [[1.0]]


# --- resources ----------------------------------------------------------------------------------

HUGE_FILE = """
def mse(y_true, y_pred):  # 3 GB into the scratch folder, 1 MB at a time
    written = 0
    try:
        with open("huge.bin", "wb") as out:
            for _ in range(3 * 1024):
                out.write(bytes(1 << 20))
                written += 1
    except OSError as exc:
        raise ValueError(f"the write stopped after {written} MB: {exc}") from None
    raise ValueError("3 GB written")
"""
MANY_FILES = """
def mse(y_true, y_pred):  # 250 MB files, one after another, until something stops it
    for i in range(12):
        with open(f"part{i}.bin", "wb") as out:
            for _ in range(250):
                out.write(bytes(1 << 20))
    raise ValueError("3 GB written")
"""


@pytest.mark.parametrize("level", LEVEL_PARAMS)
def test_a_huge_file_write_fails_inside_the_worker(level, tmp_path):
    target = _ch2(tmp_path, HUGE_FILE)
    data = _grade(target, "ch2", "mse", level)
    messages = _messages(_exercise(data, "ch2.mse"))
    assert _earned(data) == 0.0
    assert "the write stopped after 256 MB" in messages and "3 GB written" not in messages


@pytest.mark.slow
@pytest.mark.parametrize("level", LEVELS[:1])
def test_scratch_quota_stops_many_files(level, tmp_path):
    target = _ch2(tmp_path, MANY_FILES)
    data = _grade(target, "ch2", "mse", level)
    messages = _messages(_exercise(data, "ch2.mse"))
    assert _earned(data) == 0.0
    assert "more than 1024 MB of files" in messages and "3 GB written" not in messages
