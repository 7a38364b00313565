"""Shared helpers of the kit's own tests."""

from __future__ import annotations

import os

# English whatever the machine's locale: grader.cli picks its language as it is imported below
os.environ["COURSEKIT_LANG"] = "en"
# the kit's own grades keep no history beside the folders they grade (the repository's
# exercises/ among them); the history's own tests turn it back on where they test it
os.environ["COURSEKIT_NO_HISTORY"] = "1"

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from grader.cli import app  # noqa: E402
from grader.paths import SOLUTIONS_DIR  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


def running(*argv: str) -> list[int]:
    """The pids of the processes whose command line is exactly ``argv`` (a probe a hostile
    submission starts, to prove it does not outlive its grade)."""
    wanted = "".join(f"{a}\0" for a in argv).encode()
    found = []
    for name in os.listdir("/proc"):
        try:
            if name.isdigit() and Path(f"/proc/{name}/cmdline").read_bytes() == wanted:
                found.append(int(name))
        except OSError:
            continue
    return found


def run_cli(*args: str):
    """Run `coursekit ARGS` in-process (the grading child is still a real subprocess)."""
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def submission(tmp_path: Path):
    """A student folder that starts as a copy of the references; edit its files per test."""

    def make(name: str = "student") -> Path:
        dest = tmp_path / name
        shutil.copytree(SOLUTIONS_DIR, dest, ignore=shutil.ignore_patterns("__pycache__"))
        return dest

    return make
