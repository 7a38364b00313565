"""Every report format, from hand-built reports: JSON and JUnit exactly as before the formats moved
into grader/formats/ (golden files in tests/fixtures/formats/ written by the code before the move),
Gradescope and GitHub Classroom with only their documented fields, CSV one row per check, and no
text from a submission reaching any of them unclean."""

from __future__ import annotations

from grader.results import ChapterResult, CheckResult, ExerciseResult, GradeReport, failed_report


def _check(exercise: str, name: str, status: str, **kw: object) -> CheckResult:
    return CheckResult(exercise, name, status, **kw)  # type: ignore[arg-type]


def _ch2() -> ChapterResult:
    softmax = ExerciseResult(
        "ch2.softmax",
        "Softmax",
        2.0,
        [
            _check("ch2.softmax", "test_rows_sum_to_one", "passed", duration_s=0.12),
            _check("ch2.softmax", "test_large_logits", "passed", duration_s=0.05),
        ],
    )
    mse = ExerciseResult(
        "ch2.mse",
        "Mean squared error",
        3.0,
        [
            _check("ch2.mse", "test_zero_for_equal", "passed", duration_s=0.01),
            _check(
                "ch2.mse",
                "test_matches_reference",
                "failed",
                message="values differ — 2 of 3 elements",
                duration_s=0.3,
                inputs="y_true=[1.0, 2.0, 3.0], y_pred=[1.0, 2.5, 3.0]",
                expected="0.0833",
                got="0.25",
                hint="average over the batch, not the sum",
                rerun="coursekit grade ch2 --only mse",
            ),
            _check("ch2.mse", "test_gpu_tier", "skipped", message="needs a GPU"),
        ],
    )
    bce = ExerciseResult(
        "ch2.bce",
        "Binary cross-entropy",
        4.0,
        [
            _check("ch2.bce", "test_runs", "error", message="TypeError: bad operand <b>&</b>"),
            _check("ch2.bce", "test_fast", "timeout", message="exceeded 10 s", duration_s=10.0),
            _check(
                "ch2.bce",
                "test_trains",
                "passed",
                duration_s=1.5,
                metrics={"accuracy": 0.91, "seed": 7, "device": "cpu"},
            ),
        ],
    )
    todo = ExerciseResult(
        "ch2.huber",
        "Huber loss",
        1.0,
        [_check("ch2.huber", "test_huber", "todo", message="not attempted")],
    )
    skipped = ExerciseResult(
        "ch2.big",
        "Full-data training",
        5.0,
        [_check("ch2.big", "test_full", "skipped", message="the full profile needs 8 GB")],
    )
    return ChapterResult(
        "ch2",
        "Losses",
        "exercises",
        [softmax, mse, bce, todo, skipped],
        profile="sample",
        profile_reason="no GPU",
        hardware={"gpus": [], "cpu_cores": 2},
        notes=["worker restarted once"],
        sandbox="bwrap",
    )


def _ch1() -> ChapterResult:
    relu = ExerciseResult(
        "ch1.relu",
        "ReLU — café",
        1.5,
        [_check("ch1.relu", "test_relu", "passed", duration_s=0.02)],
    )
    return ChapterResult("ch1", "Tensors", "submissions/alice", [relu], sandbox="plain")


def sample_reports() -> dict[str, GradeReport]:
    """One report per shape a format must handle."""
    return {
        "chapter": GradeReport([_ch2()]),
        "tampered": GradeReport(
            [_ch2()],
            status="tampered",
            reason="the kit's grading files changed during the grade",
            changed_files=["solutions/ch2/losses.py", "grader/checks/ch2/test_losses.py"],
        ),
        "grader_error": failed_report("ch3", "exercises", "ch3's checks could not be collected"),
        "all": GradeReport([_ch1(), _ch2()], all_chapters=True),
        "empty": GradeReport([ChapterResult("ch4", "CNNs", "exercises", [])]),
    }
