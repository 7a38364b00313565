"""Chapter 1 proven both ways: references 100 %, stubs todo, every catalogued mistake caught,
and a correct chapter written in another style (NumPy, hand-derived gradients) passes."""

import json

from conftest import FIXTURES, run_cli
from grader.mistakes import catalogue
from grader.paths import MISTAKES_DIR


def test_the_mistakes_the_course_warns_about_are_catalogued():
    names = {m.name for m in catalogue(MISTAKES_DIR, ["ch1"])}
    assert {
        "split_before_shuffle",
        "labels_shuffled_with_other_seed",
        "assign_instead_of_assign_sub",
    } <= names


def test_ch1_written_with_numpy_and_hand_gradients_scores_full_marks(tmp_path):
    out = tmp_path / "r.json"
    result = run_cli(
        "grade", "ch1", "--profile", "sample", "--target", str(FIXTURES / "alt_student_ch1"),
        "--report-dir", str(tmp_path), "--json", str(out),
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    failing = {e["id"]: e["checks"] for e in data["exercises"] if e["status"] != "passed"}
    assert not failing, failing
    assert result.exit_code == 0
