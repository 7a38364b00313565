"""Chapter 5 written another way scores full marks: integer arithmetic, stride tricks and
einsum in float32, loops in float64, lists, and the course's own subclassed Keras models."""

import json

from conftest import FIXTURES, run_cli


def test_chapter_5_written_differently_scores_full_marks(tmp_path):
    out = tmp_path / "r.json"
    result = run_cli(
        "grade", "ch5", "--target", str(FIXTURES / "alt_student_ch5"), "--json", str(out)
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    failing = {e["id"]: e["checks"] for e in data["exercises"] if e["status"] != "passed"}
    assert not failing, failing
    assert data["score"]["percent"] == 100.0
    assert result.exit_code == 0
