"""Chapter 4 proven both ways: references 100 %, stubs todo, every catalogued mistake caught,
and a correct chapter written in another style passes (in the sandboxed worker, so the files
the checks write are shared with it)."""

import json

from conftest import FIXTURES, run_cli
from grader.mistakes import catalogue
from grader.paths import MISTAKES_DIR


def test_the_mistakes_the_issue_names_are_catalogued():
    names = {m.name for m in catalogue(MISTAKES_DIR, ["ch4"])}
    assert {
        "cache_written_never_read",
        "augmentation_on_at_test_time",
        "checkpoint_saves_the_last",
        "photo_not_inverted",
    } <= names


def test_ch4_written_differently_scores_full_marks(tmp_path):
    out = tmp_path / "r.json"
    result = run_cli(
        "grade", "ch4", "--target", str(FIXTURES / "alt_student_ch4"), "--json", str(out),
        "--report-dir", str(tmp_path),
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    failing = {e["id"]: e["checks"] for e in data["exercises"] if e["status"] != "passed"}
    assert not failing, failing
    assert result.exit_code == 0
