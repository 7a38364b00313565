"""`coursekit batch` on a generated class: submissions per minute with 1 and 2 jobs, the cold
path (one TensorFlow import per student, as one `coursekit grade` each) for comparison, and the
memory the batch's processes hold.

The class mixes what a real one has: correct (references), partial (half the chapter still the
stubs), empty, crashing (an exception at import), looping (an endless loop in one function) and
hostile (kills what it can see, leaves a process behind, floods its output). Prints figures;
asserts nothing (these machines are shared and noisy).

    .venv/bin/python benchmarks/bench_batch.py [--students 30] [--chapter ch2] [--cold 4]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.batch.api import batch  # noqa: E402
from grader.chapters import chapter as chapter_of  # noqa: E402
from grader.paths import EXERCISES_DIR, SOLUTIONS_DIR  # noqa: E402

KINDS = ("correct", "partial", "empty", "crashing", "looping", "hostile")
HOSTILE = """
import os, signal, subprocess, sys
subprocess.Popen(["sleep", "600"], start_new_session=True)
for pid in range(1, 300):
    try:
        os.kill(pid, signal.SIGKILL) if pid != os.getpid() else None
    except OSError:
        pass
sys.stdout.write("\\x1b[2J" * 100000)
"""


def make_class(root: Path, n: int, chapter: str) -> dict[str, str]:
    kinds = {}
    for i in range(n):
        kind = KINDS[(i // 2) % len(KINDS)] if i % 2 else "correct"  # half the class is right
        name = f"s{i:03d}-{kind}"
        kinds[name] = kind
        dst = root / name / chapter
        if kind == "empty":
            (root / name).mkdir(parents=True)
            continue
        shutil.copytree(SOLUTIONS_DIR / chapter, dst, ignore=shutil.ignore_patterns("__pycache__"))
        files = sorted(dst.glob("*.py"))
        if kind == "partial":
            for f in files[: len(files) // 2]:
                shutil.copy(EXERCISES_DIR / chapter / f.name, f)
        elif kind == "crashing":
            files[0].write_text("raise RuntimeError('oops')\n" + files[0].read_text())
        elif kind == "looping":  # one exercise's function never returns
            ex = chapter_of(chapter).exercises[0]
            f = dst / (ex.module.split(".")[-1] + ".py")
            loop = f"\n\ndef {ex.functions[0]}(*args, **kwargs):\n    while True:\n        pass\n"
            f.write_text(f.read_text() + loop)
        elif kind == "hostile":
            files[0].write_text(HOSTILE + files[0].read_text())
    return kinds


class MemorySampler:
    """The largest total RSS of this process's descendants, sampled every 0.5 s (Linux)."""

    def __init__(self) -> None:
        self.peak_mb, self.stop = 0.0, threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self.stop.is_set():
            total, parents = 0, {}
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                parents[int(pid)] = (
                    int(fields["PPid"]),
                    int(fields.get("VmRSS", "0 kB").split()[0]),
                )
            mine = {os.getpid()}
            for _ in range(8):  # descendants, a few levels down
                mine |= {p for p, (pp, _) in parents.items() if pp in mine}
            total = sum(parents[p][1] for p in mine if p in parents and p != os.getpid())
            self.peak_mb = max(self.peak_mb, total / 1024)
            time.sleep(0.5)


def run(klass: Path, out: Path, chapter: str, jobs: int, warm: bool) -> tuple[float, int, float]:
    sampler = MemorySampler()
    start = time.monotonic()
    summary = batch(submissions=klass, chapter=chapter, out=out, jobs=jobs, warm=warm, check_s=5)
    seconds = time.monotonic() - start
    sampler.stop.set()
    return seconds, len(summary.graded), sampler.peak_mb


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--chapter", default="ch2")
    parser.add_argument("--cold", type=int, default=4, help="students graded on the cold path")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    kinds = make_class(tmp / "class", args.students, args.chapter)
    print(
        f"class of {args.students}: "
        + ", ".join(f"{k} {list(kinds.values()).count(k)}" for k in KINDS)
    )
    figures = {}
    for jobs in (1, 2):
        seconds, n, peak = run(tmp / "class", tmp / f"out{jobs}", args.chapter, jobs, True)
        figures[jobs] = seconds / n
        print(f"warm, {jobs} job(s): {n} in {seconds:.1f} s = {60 * n / seconds:.1f} per minute,"
              f" {seconds / n:.2f} s each; peak RSS of the batch's processes {peak:.0f} MB"
              f" ({peak / jobs:.0f} MB per job)")  # fmt: skip
    if args.cold:  # the same correct students, warm and cold, one job each
        small = tmp / "same-class"
        for i in range(args.cold):
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(
                SOLUTIONS_DIR / args.chapter, small / f"c{i}" / args.chapter, ignore=ignore
            )
        warm_s, n, _ = run(small, tmp / "out-warm", args.chapter, 1, True)
        cold_s, n, _ = run(small, tmp / "out-cold", args.chapter, 1, False)
        print(
            f"{n} correct students, 1 job: warm {warm_s / n:.2f} s each, cold (TensorFlow per"
            f" student) {cold_s / n:.2f} s each: warm is {cold_s / warm_s:.2f}x faster"
        )
    print(f"2 jobs vs 1: {figures[1] / figures[2]:.2f}x the throughput")
    per = figures[2]
    print(
        f"arithmetic: 300 submissions at 2 jobs = {300 * per / 60:.1f} min on this machine;"
        f" 2,000 in {2000 * per / 60:.0f} min, or {2000 * per / 60 / 20:.0f} min over 20 CI shards"
    )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
