"""Chapter 5 written another way scores full marks on its unit exercises: integer arithmetic,
stride tricks and einsum in float32, loops in float64, lists, and the course's own subclassed
Keras models (the accuracy tier has its own tests)."""

import json

from conftest import FIXTURES, run_cli
from grader.chapters import chapter


def test_chapter_5_written_differently_scores_full_marks(tmp_path):
    unit = [e for e in chapter("ch5").exercises if e.tier == "unit"]
    out = tmp_path / "r.json"
    result = run_cli(
        "grade", "ch5", "--target", str(FIXTURES / "alt_student_ch5"), "--json", str(out),
        "--only", ",".join(e.short for e in unit),
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    ids = {e.id for e in unit}
    statuses = {e["id"]: e["status"] for e in data["exercises"]}
    rows = [e for e in data["exercises"] if e["id"] in ids]
    failing = {e["id"]: e["checks"] for e in rows if e["status"] != "passed"}
    assert ids <= set(statuses)
    assert not failing, failing
    assert result.exit_code == 0
