"""Chapter 6 proven both ways: selftest (references 100 %, stubs todo, every catalogued mistake
caught by the exercises it names), and a correct student in another style scores 100 %."""

import json

from conftest import FIXTURES, run_cli
from grader.chapters import chapter
from grader.mistakes import catalogue
from grader.paths import MISTAKES_DIR

UNIT = ",".join(e.short for e in chapter("ch6").exercises if e.tier == "unit")
NAMED = {
    "lstm_gate_order_swapped", "lstm_forget_gate_on_candidate", "gru_reset_before",
    "scaler_fit_on_whole_series", "windows_off_by_one", "rnn_state_not_carried",
    "lstm_params_without_biases",
}  # fmt: skip


def test_every_ch6_exercise_has_a_catalogued_mistake():
    mistakes = catalogue(MISTAKES_DIR, ["ch6"])
    assert NAMED <= {m.name for m in mistakes}
    assert {e.id for e in chapter("ch6").exercises} <= {x for m in mistakes for x in m.loses}


def test_alternative_ch6_student_scores_full_marks_on_the_unit_checks(tmp_path):
    """TF ops, per-gate matrices, precomputed projections, lists, no scikit-learn."""
    out = tmp_path / "r.json"
    result = run_cli(
        "grade", "ch6", "--target", str(FIXTURES / "alt_student_ch6"), "--only", UNIT,
        "--report-dir", str(tmp_path), "--json", str(out),
    )  # fmt: skip
    assert result.exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {e["id"]: e["status"] for e in data["exercises"] if e["status"] != "passed"} == {}
    assert data["score"]["percent"] == 100.0
