"""The report is the parent's: written when the grader fails, void when the kit changed during
the grade, and refused without a sandbox when one is required. Run in copies of the kit."""

import json
from pathlib import Path

from test_extend import _coursekit, _kit_copy

WRITER = """
import numpy as _np

with open({path!r}, "a") as _f:
    _f.write("\\n# changed during the grade\\n")


def mse(y_true, y_pred):
    return _np.mean((_np.asarray(y_true) - _np.asarray(y_pred)) ** 2)
"""


def test_a_kit_changed_during_the_grade_voids_it(tmp_path: Path):
    kit = _kit_copy(tmp_path)
    target = kit / "exercises"
    reference = kit / "solutions" / "ch2" / "losses.py"
    stub = target / "ch2" / "losses.py"
    stub.write_text(WRITER.format(path=str(reference)), encoding="utf-8")
    out = tmp_path / "r.json"
    # the plain level: nothing stops the write, so the parent's hashes must catch it
    done = _coursekit(kit, "grade", "ch2", "--only", "mse", "--sandbox", "plain",
                      "--json", str(out))  # fmt: skip
    assert done.returncode == 3, done.stdout + done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["status"] == "tampered" and data["score"]["earned"] == 0
    assert data["changed_files"] == ["solutions/ch2/losses.py"]
    assert "void" in done.stdout


def test_required_sandbox_missing_is_refused_with_a_report(tmp_path: Path):
    kit = _kit_copy(tmp_path)
    out = tmp_path / "r.json"
    done = _coursekit(kit, "grade", "ch2", "--sandbox", "plain", "--require-sandbox",
                      "--json", str(out))  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert "--require-sandbox" in done.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["status"] == "grader-error" and "--require-sandbox" in data["reason"]


def test_a_failing_grader_still_writes_its_report(tmp_path: Path):
    kit = _kit_copy(tmp_path)
    (kit / "grader" / "checks" / "ch2" / "test_losses.py").write_text("def broken(:\n")
    out, junit = tmp_path / "r.json", tmp_path / "r.xml"
    done = _coursekit(kit, "grade", "ch2", "--solutions", "--json", str(out),
                      "--junit", str(junit))  # fmt: skip
    assert done.returncode == 3, done.stdout + done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["status"] == "grader-error" and "could not be collected" in data["reason"]
    assert "grader-error" in junit.read_text(encoding="utf-8")
