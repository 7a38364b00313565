"""Wall time of `coursekit grade ch2 --solutions` against plain pytest on the same checks.

Prints figures; asserts nothing (these machines are shared and noisy). Run:
    .venv/bin/python benchmarks/bench_grade.py [--repeat 3] [--chapter ch2]
Targets (issue 2): the chapter in <= 10 s on 2 cores, TF import included, and the grader
<= 1.15x raw pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "grader" / "checks"


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def _peak_child_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chapter", default="ch2")
    args = parser.parse_args()
    coursekit = [sys.executable, "-m", "grader.cli", "grade", args.chapter, "--solutions"]
    env = {
        **os.environ,
        "COURSEKIT_TARGETS": json.dumps([{"label": "solutions", "path": str(ROOT / "solutions")}]),
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }
    pytest_cmd = [
        sys.executable, "-m", "pytest", str(CHECKS / args.chapter), "-q",
        "-c", str(CHECKS / "pytest.ini"), "--rootdir", str(CHECKS), "--noconftest",
        "-p", "no:cacheprovider", "-p", "grader.checks.fixtures",
    ]  # fmt: skip
    timed(pytest_cmd, env)  # warm the file cache once
    grader_times, pytest_times = [], []
    for _ in range(args.repeat):
        pytest_times.append(timed(pytest_cmd, env))
        grader_times.append(timed(coursekit))
    g, p = statistics.median(grader_times), statistics.median(pytest_times)
    peak = _peak_child_rss_mb()
    print(f"cores: {os.cpu_count()}  python: {sys.version.split()[0]}  repeats: {args.repeat}")
    print(f"plain pytest on grader/checks/{args.chapter}: median {p:.2f} s  {pytest_times}")
    print(f"coursekit grade {args.chapter} --solutions:   median {g:.2f} s  {grader_times}")
    print(f"ratio grader / pytest: {g / p:.3f}")
    if peak:
        print(f"peak memory of any child process (grading child included): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
