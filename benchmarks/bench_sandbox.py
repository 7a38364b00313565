"""What the sandboxed worker costs: `coursekit grade ch2 --solutions` at each sandbox level
against `python -c "import tensorflow"`, measured in the same run, interleaved.

Prints figures and ratios; asserts nothing (these machines are shared and noisy). Run:
    .venv/bin/python benchmarks/bench_sandbox.py [--repeat 3] [--chapter ch2]
Targets (issue 7): the grade <= 2.0x the TensorFlow import, and the sandboxed level <= 1.15x
the plain level (the same checks, the worker without isolation).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.worker.cell import available_levels  # noqa: E402


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chapter", default="ch2")
    args = parser.parse_args()
    commands = {"import tensorflow": [sys.executable, "-c", "import tensorflow"]}
    for level in available_levels():
        if level == "uid":
            continue
        commands[f"grade {level}"] = [
            sys.executable, "-c", "from grader.cli import app; app()", "grade", args.chapter,
            "--solutions", "--sandbox", level,
        ]  # fmt: skip
    timed(commands["import tensorflow"])  # warm the file cache once
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeat):  # interleaved: a busy moment hits every command alike
        for name, cmd in commands.items():
            times[name].append(timed(cmd))
    median = {name: statistics.median(t) for name, t in times.items()}
    for name, t in times.items():
        print(f"{name:<20} median {median[name]:6.2f} s  (min {min(t):.2f}, max {max(t):.2f})")
    base = median["import tensorflow"]
    plain = median.get("grade plain")
    for name in commands:
        if name.startswith("grade"):
            extra = f", {median[name] / plain:.2f}x plain" if plain else ""
            print(f"{name:<20} {median[name] / base:.2f}x the TensorFlow import{extra}")


if __name__ == "__main__":
    main()
