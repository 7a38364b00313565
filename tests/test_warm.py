"""Warm workers (batch, watch): forked from a zygote that imported TensorFlow once, each in a
cell of its own. A hostile submission in one warm worker reads, writes, signals and leaves
behind nothing of another student's or of the zygote, and has no network."""

import time
from pathlib import Path

import pytest

from conftest import running
from grader.warm import WarmPool, unavailable
from grader.worker import cell
from grader.worker.client import Warm, Worker
from grader.worker.proxy import RemoteModule

PROBE = """
import os, signal, socket, subprocess


def attacks(other_target, other_scratch, pool):
    out = {"pid": os.getpid()}
    for key, act in (
        ("read_other", lambda: open(os.path.join(other_target, "ch2", "probe.py")).read()),
        ("write_other", lambda: open(os.path.join(other_scratch, "x.txt"), "w").write("x")),
        ("list_pool", lambda: os.listdir(pool)),
        ("write_tmp", lambda: open("/tmp/left-behind", "w").write("x")),
        ("network", lambda: socket.create_connection(("127.0.0.1", 9), timeout=1)),
    ):
        try:
            act()
            out[key] = "done"
        except Exception as exc:
            out[key] = type(exc).__name__
    killed = []
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) != os.getpid():
            try:
                os.kill(int(name), signal.SIGKILL)
                killed.append(int(name))
            except OSError:
                pass
    out["killed"] = killed
    return out


def leave_a_process():
    subprocess.Popen(["sleep", "987654"], start_new_session=True)
    return 1
"""


@pytest.fixture(scope="module")
def pool():
    if "bwrap" not in cell.available_levels() or unavailable("bwrap"):
        pytest.skip(unavailable("bwrap") or "no bwrap here: warm workers need it")
    started = WarmPool.start()
    yield started
    started.close()


def _student(tmp: Path, name: str) -> Path:
    root = tmp / name
    (root / "ch2").mkdir(parents=True)
    (root / "ch2" / "probe.py").write_text(PROBE + f"\nSECRET = {name!r}\n", encoding="utf-8")
    return root


def _worker(pool: WarmPool, target: Path, tmp: Path) -> Worker:
    worker = Worker(target, "bwrap", 4096, tmp, warm=Warm(pool.zygote, pool.pool, pool.code))
    worker.start()
    worker.deadline = time.monotonic() + 60
    return worker


def test_a_warm_worker_is_alone_in_its_cell(pool, tmp_path):
    a = _worker(pool, _student(tmp_path, "alice"), tmp_path)
    b = _worker(pool, _student(tmp_path, "bob"), tmp_path)
    try:
        assert b.request({"op": "ping"})["pid"] == 1  # PID 1 of a namespace of its own
        assert b.cell_dir is not None and b.scratch is not None
        found = RemoteModule(a, "ch2.probe", ()).attacks(
            str(b.cell_dir / "target"), str(b.scratch), str(pool.pool)
        )
        assert found["pid"] == 1
        for key in ("read_other", "write_other", "list_pool", "write_tmp"):
            assert found[key] == "PermissionError", (key, found)
        assert found["network"] != "done", found  # no network namespace to reach, no TCP
        assert not (b.scratch / "x.txt").exists()
        assert found["killed"] == []  # nobody else is visible to signal
        assert b.request({"op": "ping"})["ok"]  # the neighbour lives
        c = _worker(pool, _student(tmp_path, "carol"), tmp_path)  # so does the zygote
        assert c.request({"op": "ping"})["ok"]
        c.close()
    finally:
        a.close()
        b.close()


def test_what_a_warm_worker_leaves_running_dies_with_it(pool, tmp_path):
    a = _worker(pool, _student(tmp_path, "dave"), tmp_path)
    assert RemoteModule(a, "ch2.probe", ()).leave_a_process() == 1
    assert running("sleep", "987654"), "the probe's process should run while its worker does"
    a.close()
    for _ in range(100):
        if not running("sleep", "987654"):
            break
        time.sleep(0.05)
    assert not running("sleep", "987654")
