"""Watch mode's latency: from a save to the scorecard, for one unit exercise, after the first
grade; and where the time goes (the checker's fork and collection, the worker's fork and
import, the checks, the rest). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_watch.py [--saves 5] [--exercise mse]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from io import StringIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402

from grader.grading import choose_sandbox, grade  # noqa: E402
from grader.paths import SOLUTIONS_DIR  # noqa: E402
from grader.study.watch import watch  # noqa: E402
from grader.warm import Pools  # noqa: E402


def phases(folder: Path, pools: Pools, level: str, exercise: str) -> dict[str, float]:
    """One warm regrade of ``exercise``, cut into phases by the checker's events."""
    marks: dict[str, float] = {}

    def on_event(event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "collected" and not event.get("more"):
            marks.setdefault("collected", time.monotonic())
        elif kind == "start":
            marks.setdefault("first check starts", time.monotonic())
        elif kind == "result":
            marks["last result"] = time.monotonic()

    start = time.monotonic()
    grade(chapter="ch2", target=folder, only=[exercise], sandbox=level, pools=pools,
          on_event=on_event)  # fmt: skip
    end = time.monotonic()
    return {
        "checker fork, pytest start, collection": marks["collected"] - start,
        "worker fork, import of the module": marks["first check starts"] - marks["collected"],
        "the checks": marks["last result"] - marks["first check starts"],
        "assembly, integrity, teardown": end - marks["last result"],
        "total": end - start,
    }


def save_to_scorecard(folder: Path, saves: int) -> list[float]:
    """The whole loop as a student meets it: write the file, wait for the scorecard."""
    seen, stop, times = threading.Event(), threading.Event(), []
    run = threading.Thread(target=watch, kwargs=dict(
        chapter="ch2", console=Console(file=StringIO()), target=folder.parent, stop=stop,
        on_grade=lambda full, partial, seconds: seen.set()))  # fmt: skip
    run.start()
    seen.wait(600)
    losses = folder / "losses.py"
    for i in range(saves):
        seen.clear()
        time.sleep(0.5)
        text = losses.read_text(encoding="utf-8")
        saved = time.monotonic()
        losses.write_text(text.replace("def mse(y_true, y_pred):\n",
                                       f"def mse(y_true, y_pred):\n    _ = {i}\n", 1))  # fmt: skip
        seen.wait(120)
        times.append(time.monotonic() - saved)
    stop.set()
    run.join(60)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--exercise", default="mse")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-watch-"))
    shutil.copytree(
        SOLUTIONS_DIR / "ch2", tmp / "ch2", ignore=shutil.ignore_patterns("__pycache__")
    )
    level = choose_sandbox(None, False)
    pools = Pools.start(level)
    try:
        grade(chapter="ch2", target=tmp, sandbox=level, pools=pools)  # the first, whole grade
        runs = [phases(tmp, pools, level, args.exercise) for _ in range(args.saves)]
    finally:
        pools.close()
    print(f"warm regrade of ch2.{args.exercise} ({level}; median of {args.saves}):")
    for key in runs[0]:
        print(f"  {key:42s} {statistics.median(r[key] for r in runs):.3f} s")
    latency = save_to_scorecard(tmp / "ch2", args.saves)
    print(
        f"save -> scorecard through coursekit watch: median {statistics.median(latency):.2f} s,"
        f" min {min(latency):.2f} s, max {max(latency):.2f} s"
    )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
