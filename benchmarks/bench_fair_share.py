"""Fair CPU share: what a submission that starts busy threads and processes at import does to
the grade's wall time, with the worker's CPU controls (the default as root on Linux) and
without them (COURSEKIT_WORKER_CPU=off: the state before issue 15).

The controls (grader/worker/cgroups.py, confine.py): a cpu cgroup (weight and quota of the
grade's cores, however many threads it starts), the freezer between requests (what it left
spinning stops while the checker works), and a 0.5 ms GIL switch interval in the worker (a
request's thread waits that long, not 5 ms, for each turn at the GIL its threads hold).

Four grades per repeat, interleaved: honest / busy submission x controls off / on. Prints the
figures and the ratios; asserts nothing (these machines are shared and noisy). Run as root:
    .venv/bin/python benchmarks/bench_fair_share.py [--repeat 2] [--only mse,softmax]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.worker import cell, cgroups  # noqa: E402

BUSY = """

import os as _os
import threading as _threading


def _spin():
    while True:
        pass


for _ in range(8):  # busy Python threads (one GIL: about one core between them)
    _threading.Thread(target=_spin, daemon=True).start()
for _ in range(4):  # and busy processes (a core each, if nothing stops them)
    if _os.fork() == 0:
        _spin()
"""


def submission(folder: Path, busy: bool) -> Path:
    target = folder / ("busy" if busy else "honest")
    shutil.copytree(ROOT / "solutions", target, ignore=shutil.ignore_patterns("__pycache__"))
    if busy:
        losses = target / "ch2" / "losses.py"
        losses.write_text(losses.read_text(encoding="utf-8") + BUSY, encoding="utf-8")
    return target


def grade(target: Path, only: str, level: str, cpu: str) -> tuple[float, str]:
    env = {**os.environ, "COURSEKIT_WORKER_CPU": cpu}
    command = [sys.executable, "-c", "from grader.cli import app; app()", "grade", "ch2",
               "--target", str(target), "--only", only, "--sandbox", level]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, cwd=target.parent, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    total = [line for line in done.stdout.splitlines() if line.startswith("total")]
    return elapsed, (total[-1].split()[-1] if total else f"exit {done.returncode}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--only", default="mse,softmax")
    args = parser.parse_args()
    level = cell.available_levels()[0]
    groups = cgroups.make()
    kinds = [g.parent.name for g in groups]
    cgroups.remove(groups)
    cores = cgroups.quota_cores()
    print(f"sandbox {level}; cgroups here: {', '.join(kinds) or 'none (not root?)'}; the"
          f" worker's quota and weight: {cores} core(s), as {cores} thread(s)")  # fmt: skip
    times: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-fair-") as tmp:
        targets = {"honest": submission(Path(tmp), False), "busy": submission(Path(tmp), True)}
        for _ in range(args.repeat):
            for cpu in ("off", "on"):
                for name, target in targets.items():
                    elapsed, score = grade(target, args.only, level, cpu)
                    times.setdefault((name, cpu), []).append(elapsed)
                    print(f"  {name:6} controls {cpu:3}: {elapsed:6.1f} s  (score {score})")
    med = {key: statistics.median(v) for key, v in times.items()}
    for cpu in ("off", "on"):
        ratio = med[("busy", cpu)] / med[("honest", cpu)]
        print(f"controls {cpu:3}: honest {med[('honest', cpu)]:.1f} s, busy"
              f" {med[('busy', cpu)]:.1f} s: the busy submission takes {ratio:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
