"""The two speed figures of issue 15, measured in one run on this machine: prints, asserts
nothing (these machines are shared and noisy).

1. `coursekit grade ch2 --solutions` against a bare `python -c "import tensorflow"`, run in
   turns, medians and their ratio (goal: <= 2.0x).
2. `coursekit grade ch5 --profile standard` wall time (goal: <= 5 min on 2 cores): the model
   exercises proven in the checker and the CIFAR/MNIST models trained there. Needs the full
   data (`coursekit data fetch mnist cifar10`); --skip-ch5 leaves it out.

    .venv/bin/python benchmarks/bench_verdicts.py [--repeat 3] [--skip-ch5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True)
    return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-ch5", action="store_true")
    args = parser.parse_args()
    coursekit = [sys.executable, "-m", "grader.cli", "grade"]
    tf_import = [sys.executable, "-c", "import tensorflow"]
    timed(tf_import)  # warm the file cache once
    grades, imports = [], []
    for _ in range(args.repeat):
        imports.append(timed(tf_import)[0])
        seconds, done = timed([*coursekit, "ch2", "--solutions"])
        if done.returncode != 0:
            sys.exit(f"grade ch2 --solutions failed:\n{done.stdout[-3000:]}")
        grades.append(seconds)
    g, t = statistics.median(grades), statistics.median(imports)
    print(f"cores: {os.cpu_count()}  python: {sys.version.split()[0]}  repeats: {args.repeat}")
    print(f"import tensorflow:             median {t:6.2f} s  {[round(x, 2) for x in imports]}")
    print(f"coursekit grade ch2 --solutions: median {g:6.2f} s  {[round(x, 2) for x in grades]}")
    print(f"ratio grade / TF import: {g / t:.2f}x (goal <= 2.0x)")
    if args.skip_ch5:
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ch5.json"
        seconds, done = timed(
            [*coursekit, "ch5", "--solutions", "--profile", "standard", "--json", str(out),
             "--report-dir", str(Path(tmp) / "reports")]
        )  # fmt: skip
        data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    rows = {e["id"]: e["status"] for e in data.get("exercises", [])}
    skipped = sorted(k for k, v in rows.items() if v == "skipped")
    print(
        f"coursekit grade ch5 --solutions --profile standard: {seconds:.1f} s"
        f" ({seconds / 60:.2f} min; goal <= 5 min), score {data.get('score', {}).get('percent')} %"
    )
    if skipped:
        print(f"  skipped (data or hardware missing): {', '.join(skipped)}")


if __name__ == "__main__":
    main()
