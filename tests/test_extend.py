"""Adding an exercise touches only its own files plus one registry line (CONTRIBUTING.md):
done here in a temporary copy of the kit, which then generates the stub and grades it."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from grader.paths import KIT_ROOT

SOLUTION = '''"""An extra exercise added by an instructor."""


def double(x):
    """Return 2 * x, element-wise."""
    # BEGIN SOLUTION
    return 2 * x
    # END SOLUTION
'''

CHECK = """from hypothesis import given

from grader.testing.api import exercise
from grader.testing.compare import same_as_reference
from grader.testing.strategies import float_arrays


@exercise("ch2.double")
@given(x=float_arrays())
def test_double(student, reference, x):
    same_as_reference(student.double, reference.double, {"x": x}, what="double(x)")
"""

MISTAKE = '''"""Adds instead of multiplying."""

MODULE = "ch2.extra"
LOSES = ["ch2.double"]


def double(x):
    return x + 2
'''

ANCHOR = '            ex("sgd", "SGD step", "optimizers", "sgd_step"),\n'
ENTRY = '            ex("double", "Double it", "extra", "double"),\n'


def _kit_copy(tmp: Path) -> Path:
    kit = tmp / "kit"
    ignore = shutil.ignore_patterns("__pycache__", ".venv", ".git", "*.egg-info", ".*_cache")
    for part in ("grader", "solutions", "exercises", "mistakes", "datasets"):
        if (KIT_ROOT / part).exists():
            shutil.copytree(KIT_ROOT / part, kit / part, ignore=ignore)
    return kit


def _coursekit(kit: Path, *args: str) -> subprocess.CompletedProcess:
    # `python -m grader.cli` from the copy's root imports the copy's grader package
    return subprocess.run(
        [sys.executable, "-m", "grader.cli", *args],
        cwd=kit,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )


def test_adding_an_exercise_touches_only_its_own_files(tmp_path: Path):
    kit = _kit_copy(tmp_path)
    (kit / "solutions" / "ch2" / "extra.py").write_text(SOLUTION, encoding="utf-8")
    (kit / "grader" / "checks" / "ch2" / "test_extra.py").write_text(CHECK, encoding="utf-8")
    (kit / "mistakes" / "ch2" / "double_adds_two.py").write_text(MISTAKE, encoding="utf-8")
    registry = kit / "grader" / "chapters.py"
    text = registry.read_text(encoding="utf-8")
    assert ANCHOR in text
    registry.write_text(text.replace(ANCHOR, ANCHOR + ENTRY), encoding="utf-8")

    released = _coursekit(kit, "release", "--stubs")
    assert released.returncode == 0, released.stdout + released.stderr
    stub = (kit / "exercises" / "ch2" / "extra.py").read_text(encoding="utf-8")
    assert "raise NotImplementedError" in stub and "2 * x" not in stub.split('"""')[-1]

    listed = _coursekit(kit, "list")
    assert "ch2.double" in listed.stdout

    out = tmp_path / "r.json"
    graded = _coursekit(
        kit, "grade", "ch2", "--solutions", "--only", "double,sgd", "--json", str(out)
    )
    assert graded.returncode == 0, graded.stdout + graded.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {e["id"]: e["status"] for e in data["exercises"]} == {
        "ch2.sgd": "passed",
        "ch2.double": "passed",
    }

    stubs = _coursekit(kit, "grade", "ch2", "--only", "double")
    assert "… todo" in stubs.stdout

    # the new exercise proven on its own: references, stubs and its mistake, no other one
    selftest = _coursekit(kit, "selftest", "ch2", "--only", "double")
    assert selftest.returncode == 0, selftest.stdout + selftest.stderr
    assert "double_adds_two" in selftest.stdout and "FAILED" not in selftest.stdout
    assert "mse_sum_not_mean" not in selftest.stdout
