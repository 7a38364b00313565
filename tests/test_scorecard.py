"""The scorecard renders results for a student: rows, totals, failures with a rerun line."""

from grader.results import ChapterResult, CheckResult, ExerciseResult, GradeReport
from grader.scorecard import render_text


def _report() -> GradeReport:
    bad = CheckResult(
        "ch2.softmax",
        "test_softmax_large_logits",
        "failed",
        "overflow: softmax([1000.0, 1000.0]) gave nan/inf — subtract the max first",
        inputs="logits=[1000., 1000.]",
        got="[nan, nan]",
        hint="softmax(z) = softmax(z - max(z))",
        rerun="coursekit grade ch2 --only softmax::test_softmax_large_logits",
    )
    exercises = [
        ExerciseResult(
            "ch2.softmax", "Softmax", 2, [CheckResult("ch2.softmax", "a", "passed"), bad]
        ),
        ExerciseResult("ch2.adam", "Adam step", 2, [CheckResult("ch2.adam", "b", "todo")]),
        ExerciseResult("ch2.sgd", "SGD step", 1, [CheckResult("ch2.sgd", "c", "passed")]),
    ]
    hw = {"gpus": [], "cpu_cores": 2}
    return GradeReport([ChapterResult("ch2", "Chapter two", "exercises", exercises, hardware=hw)])


def test_rows_total_and_statuses():
    text = render_text(_report())
    assert "ch2.softmax" in text and "✘ failed" in text and "1/2" in text
    assert "ch2.adam" in text and "… todo" in text and "0/2" in text
    assert "2/5" in text and "40.0 %" in text
    assert "1 exercise(s) not attempted yet" in text
    assert "2 CPU cores, no GPU" in text


def test_failure_panel_teaches():
    text = render_text(_report())
    assert "overflow: softmax([1000.0, 1000.0]) gave nan/inf" in text
    assert "input: logits=[1000., 1000.]" in text
    assert "got: [nan, nan]" in text
    assert "hint: softmax(z) = softmax(z - max(z))" in text
    assert "rerun: coursekit grade ch2 --only softmax::test_softmax_large_logits" in text


def test_partial_credit_and_worst_status():
    ex = _report().chapters[0].exercises[0]
    assert ex.earned == 1.0 and ex.status == "failed"
    assert _report().chapters[0].exercises[1].status == "todo"


def test_narrow_console_still_readable():
    text = render_text(_report(), width=60)
    assert "ch2.softmax" in text and "rerun:" in text


def test_a_forecast_shows_its_error_against_the_naive_one():
    metrics = {"rmse": 0.4169, "mae": 0.3225, "naive_rmse": 0.513, "bar": 0.4873, "seeds": [0],
               "plot": "reports/ch6/co2_lstm.png"}  # fmt: skip
    check = CheckResult("ch6.co2_lstm", "t", "passed", metrics=metrics)
    exercises = [ExerciseResult("ch6.co2_lstm", "LSTM forecast", 3, [check])]
    hw = {"gpus": [], "cpu_cores": 2}
    text = render_text(GradeReport([ChapterResult("ch6", "Six", "x", exercises, hardware=hw)]))
    assert "RMSE 0.4169 (needed < 0.4873, the naive forecast 0.513)" in text
    assert "reports/ch6/co2_lstm.png" in text and "MAE 0.3225" in text
