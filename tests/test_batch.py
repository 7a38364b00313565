"""`coursekit batch` on a small class: the same gradebook twice, nothing regraded on a rerun,
a batch killed midway loses nothing and regrades no one, a hostile student earns nothing and
harms no neighbour, broken and empty submissions are rows."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import running
from grader.paths import EXERCISES_DIR, KIT_ROOT, SOLUTIONS_DIR

ONLY = "softmax,mse"
HOSTILE = """
import os, signal, subprocess, sys
subprocess.Popen(["sleep", "987655"], start_new_session=True)   # left running
for pid in range(1, 400):                                          # kill whoever it can see
    try:
        os.kill(pid, signal.SIGKILL) if pid != os.getpid() else None
    except OSError:
        pass
sys.stdout.write("\\x1b[2J\\x1b]0;owned\\x07" * 20000)             # escape codes on every channel
sys.stderr.write("\\x1b[31m" * 20000)


def softmax(logits):
    for name in ("../alice/ch2/losses.py", "/tmp/alice", os.path.expanduser("~")):
        try:
            return open(name).read()
        except OSError:
            pass
    return logits


def mse(y_true, y_pred):
    os.kill(os.getppid(), signal.SIGKILL)
    return 0.0
"""


def _copy(src: Path, dst: Path) -> None:
    shutil.copytree(src / "ch2", dst / "ch2", ignore=shutil.ignore_patterns("__pycache__"))


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("class")
    _copy(SOLUTIONS_DIR, root / "alice")  # right
    _copy(EXERCISES_DIR, root / "bob")  # still the stubs
    _copy(SOLUTIONS_DIR, root / "carol")
    losses = root / "carol" / "ch2" / "losses.py"  # one plausible mistake: no mean
    no_mean = "    return np.sum((np.asarray(y_true) - np.asarray(y_pred)) ** 2)\n"
    text = losses.read_text(encoding="utf-8")
    losses.write_text(f"{text}\n\ndef mse(y_true, y_pred):\n    import numpy as np\n{no_mean}")
    (root / "dave").mkdir()  # empty
    _copy(SOLUTIONS_DIR, root / "eve")
    (root / "eve" / "ch2" / "losses.py").write_text(HOSTILE, encoding="utf-8")
    frank = root / "frank.zip"  # right, as a zip, graded after the hostile one
    with zipfile.ZipFile(frank, "w") as z:
        for path in (SOLUTIONS_DIR / "ch2").glob("*.py"):
            z.write(path, f"ch2/{path.name}")
    with zipfile.ZipFile(root / "mallory.zip", "w") as z:  # unsafe: broken
        z.writestr("../evil.py", "x = 1\n")
    return root


EXPECTED = {  # student -> (batch status, percent)
    "alice": ("graded", 100.0),
    "bob": ("graded", 0.0),
    "carol": ("graded", 66.67),
    "dave": ("empty", 0.0),
    "eve": ("graded", 0.0),
    "frank": ("graded", 100.0),
    "mallory": ("broken", 0.0),
}


def _batch(klass: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "grader.cli", "batch", str(klass), "--chapter", "ch2",
           "--out", str(out), "--only", ONLY, *extra]  # fmt: skip
    env = {**os.environ, "COLUMNS": "100", "COURSEKIT_LANG": "en"}
    return subprocess.run(cmd, capture_output=True, text=True, cwd=KIT_ROOT, env=env, timeout=600)


def _rows(out: Path) -> dict[str, tuple[str, float]]:
    rows = {}
    for path in sorted((out / "students").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        rows[data["student"]] = (data["batch_status"], round(data["score"]["percent"], 2))
    return rows


def _ledger(out: Path) -> list[tuple]:
    with sqlite3.connect(out / "ledger.sqlite") as db:
        return db.execute("SELECT student, at FROM graded ORDER BY student").fetchall()


def test_a_class_graded_twice_gives_the_same_gradebook_and_regrades_no_one(klass, tmp_path):
    out = tmp_path / "out"
    first = _batch(klass, out)
    assert first.returncode == 0, first.stdout + first.stderr
    assert _rows(out) == EXPECTED
    eve = json.loads((out / "students" / "eve.json").read_text(encoding="utf-8"))
    text = json.dumps(eve)
    assert "\\u001b" not in text and "owned" not in text  # no escape codes reach a report
    book = subprocess.run([sys.executable, "-m", "grader.cli", "gradebook", "build", str(out)],
                          capture_output=True, text=True, cwd=KIT_ROOT, timeout=120)  # fmt: skip
    assert book.returncode == 0, book.stdout + book.stderr
    csv_first = (out / "gradebook" / "gradebook.csv").read_bytes()
    ledger_first = _ledger(out)
    again = _batch(klass, out)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 graded now, 7 already in the ledger" in " ".join(again.stdout.split())
    assert _ledger(out) == ledger_first  # not one row rewritten
    subprocess.run([sys.executable, "-m", "grader.cli", "gradebook", "build", str(out)],
                   capture_output=True, cwd=KIT_ROOT, timeout=120, check=True)  # fmt: skip
    assert (out / "gradebook" / "gradebook.csv").read_bytes() == csv_first
    assert not running("sleep", "987655")


def test_a_batch_killed_midway_loses_nothing_and_regrades_no_one(klass, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "grader.cli", "batch", str(klass), "--chapter", "ch2",
           "--out", str(out), "--only", ONLY]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=KIT_ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:  # the empty and broken rows come first, then graded ones
        if (out / "ledger.sqlite").exists() and len(_ledger(out)) >= 4:
            break
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = dict(_ledger(out))
    assert 4 <= len(before) < len(EXPECTED), "the kill should land midway"
    for student in before:  # every row in the ledger has its file
        assert (out / "students" / f"{student}.json").is_file()
    rerun = _batch(klass, out)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    after = dict(_ledger(out))
    assert {s: after[s] for s in before} == before  # no one graded twice
    assert _rows(out) == EXPECTED
