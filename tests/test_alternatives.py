"""A correct solution passes however it is written: NumPy, loops, float64, lists, np.int64."""

import json

from conftest import FIXTURES, run_cli


def test_numpy_and_loops_student_scores_full_marks(tmp_path):
    out = tmp_path / "r.json"
    result = run_cli(
        "grade", "ch2", "--target", str(FIXTURES / "numpy_student"), "--json", str(out)
    )
    assert result.exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    failing = {e["id"]: e["checks"] for e in data["exercises"] if e["status"] != "passed"}
    assert not failing
    assert data["score"]["percent"] == 100.0


def test_chapter_3_written_differently_scores_full_marks(tmp_path):
    """Functional API, logits with from_logits=True, tf ops, lists: all correct ways."""
    out = tmp_path / "r.json"
    result = run_cli(
        "grade", "ch3", "--profile", "sample", "--target", str(FIXTURES / "alt_student"),
        "--report-dir", str(tmp_path), "--json", str(out),
    )  # fmt: skip
    assert result.exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    statuses = {e["id"]: e["status"] for e in data["exercises"]}
    assert statuses.pop("ch3.fashion_mlp") == "skipped"
    assert set(statuses.values()) == {"passed"}, data
