"""Wall time of `coursekit selftest ch2` (references, stubs and every catalogued mistake in one
grading child). Prints figures only."""

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    chapter = sys.argv[1] if len(sys.argv) > 1 else "ch2"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "grader.cli", "selftest", chapter], cwd=ROOT, capture_output=True
    )
    elapsed = time.perf_counter() - start
    print(f"coursekit selftest {chapter}: {elapsed:.1f} s (exit {done.returncode})")
