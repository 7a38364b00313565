"""GradeReports built by hand for the study tests (no real grade: no TensorFlow import)."""

from __future__ import annotations

from pathlib import Path

from grader.results import ChapterResult, CheckResult, ExerciseResult, GradeReport


def exercise(ex_id: str, status: str, points: float = 1.0, **metrics: float) -> ExerciseResult:
    hint = "" if status == "passed" else "the check's own hint"
    check = CheckResult(ex_id, f"test_{ex_id.split('.')[1]}", status, hint=hint, metrics=metrics)
    return ExerciseResult(ex_id, ex_id.split(".")[1], points, [check])


def report(
    chapter: str, statuses: dict[str, str], target: str = "t", **metrics: dict
) -> GradeReport:
    """``statuses``: short name -> status; ``metrics``: short name -> {metric: value}."""
    exercises = [
        exercise(f"{chapter}.{short}", status, **metrics.get(short, {}))
        for short, status in statuses.items()
    ]
    return GradeReport([ChapterResult(chapter, chapter.upper(), target, exercises)])


def student(tmp_path: Path) -> Path:
    """A student folder with one file per chapter (what the submission hash reads)."""
    target = tmp_path / "student"
    for ch in ("ch1", "ch2", "ch3"):
        (target / ch).mkdir(parents=True)
        (target / ch / "mod.py").write_text(f"# {ch}\n", encoding="utf-8")
    return target
