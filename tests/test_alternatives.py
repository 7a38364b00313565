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
