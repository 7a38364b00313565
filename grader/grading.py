"""`coursekit grade`: the Python API behind the CLI (it owns the defaults)."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from grader import chapters as registry
from grader import hardware, integrity
from grader.errors import UsageError
from grader.paths import EXERCISES_DIR, SOLUTIONS_DIR
from grader.results import ChapterResult, CheckResult, ExerciseResult, GradeReport
from grader.runner import EventHook, Limits, TargetSpec, run_checks
from grader.training import PROFILES, choose_profile


def resolve_target(target: Path | None, solutions: bool) -> Path:
    if solutions and target is not None:
        raise UsageError("use either --solutions or --target, not both")
    path = SOLUTIONS_DIR if solutions else (target or EXERCISES_DIR)
    if not path.is_dir():
        raise UsageError(f"target folder not found: {path} (expected a folder like exercises/)")
    return path.resolve()


def check_only(chs: Sequence[registry.Chapter], only: Sequence[str]) -> list[str]:
    """Validate --only entries: exercise ids or short names, optionally '::check_name'."""
    known = {e.id for c in chs for e in c.exercises} | {e.short for c in chs for e in c.exercises}
    for item in only:
        name = item.partition("::")[0]
        if name not in known:
            options = ", ".join(sorted(e.short for c in chs for e in c.exercises))
            raise UsageError(f"--only: no exercise {name!r}; expected one of: {options}")
    return list(only)


def _rerun_command(chapter: str, target: str, check: CheckResult, exercise_id: str) -> str:
    where = "" if target == str(EXERCISES_DIR.resolve()) else f" --target {shlex.quote(target)}"
    if target == str(SOLUTIONS_DIR.resolve()):
        where = " --solutions"
    short = exercise_id.split(".", 1)[1]
    return f"coursekit grade {chapter} --only {short}::{check.name}{where}"


def assemble(
    chs: Sequence[registry.Chapter],
    target: Path,
    results: list[CheckResult],
    *,
    only: Sequence[str] = (),
    notes: Sequence[str] = (),
    hw: dict | None = None,
    profile: str = "sample",
    all_chapters: bool = False,
) -> GradeReport:
    """Group check results by exercise, in registry order, one ChapterResult per chapter."""
    wanted = {i.partition("::")[0] for i in only}
    report = GradeReport([], all_chapters=all_chapters or len(chs) > 1)
    for ch in chs:
        exercises = []
        for ex in ch.exercises:
            if wanted and ex.id not in wanted and ex.short not in wanted:
                continue
            checks = [r for r in results if r.exercise == ex.id]
            for c in checks:
                if c.status != "passed":
                    c.rerun = _rerun_command(ch.id, str(target), c, ex.id)
            if not checks:
                message = "no check ran for this exercise"
                if any("::" in o and o.partition("::")[0] in (ex.id, ex.short) for o in only):
                    message += " (is the check name after :: spelled right?)"
                checks = [CheckResult(ex.id, "checks", "error", message)]
            exercises.append(ExerciseResult(ex.id, ex.title, ex.points, checks))
        report.chapters.append(
            ChapterResult(
                ch.id,
                ch.title,
                str(target),
                exercises,
                profile=profile,
                hardware=hw or hardware.detect(),
                notes=list(notes),
            )
        )
    return report


def full_data_ready(chs: Sequence[registry.Chapter]) -> dict[str, bool]:
    """For each full dataset the chapters train on: is it in the data folder already?"""
    names = sorted({d for c in chs for d in c.datasets})
    if not names:
        return {}
    from grader.data.manifest import get_spec
    from grader.data.state import dataset_status

    return {n: dataset_status(get_spec(n)).usable for n in names}


def grade(
    *,
    chapter: str,
    target: Path | None = None,
    solutions: bool = False,
    only: Sequence[str] = (),
    profile: str | None = None,
    report_dir: Path = Path("reports"),
    limits: Limits | None = None,
    on_event: EventHook | None = None,
    sandbox: str | None = None,
    require_sandbox: bool = False,
) -> GradeReport:
    """Grade one chapter (or 'all') of a target folder; the scorecard renders the report.

    ``profile`` (sample / standard / full) picks the training tier's budgets; by default the
    richest one the hardware and the cached data allow. Learning curves go to ``report_dir``.
    ``sandbox`` asks for a cell level (bwrap, landlock, uid, plain; default: the strongest this
    machine has); ``require_sandbox`` refuses to grade at the plain level.
    """
    chs = registry.resolve(chapter)
    path = resolve_target(target, solutions)
    only = check_only(chs, only)
    level = choose_sandbox(sandbox, require_sandbox)
    before = integrity.snapshot(tuple(c.id for c in chs))
    if profile is not None and profile not in PROFILES:
        raise UsageError(f"unknown profile {profile!r}; expected one of: {', '.join(PROFILES)}")
    hw = hardware.detect()
    chosen, why = choose_profile(profile, hw["gpus"], full_data_ready(chs))
    limits = worker_limits(limits or Limits(), chosen, bool(hw["gpus"]))
    outcome = run_checks(
        chapters=[c.id for c in chs],
        targets=[TargetSpec("target", path)],
        only=only,
        limits=limits,
        env={"COURSEKIT_PROFILE": chosen, "COURSEKIT_REPORT_DIR": str(report_dir.resolve())},
        on_event=on_event,
        sandbox=level,
    )
    report = assemble(
        chs,
        path,
        outcome.results["target"],
        only=only,
        notes=outcome.notes,
        hw=hw,
        profile=chosen,
        all_chapters=chapter == "all",
    )
    for ch in report.chapters:
        ch.profile_reason = why if ch.chapter in {c.id for c in chs if c.datasets} else ""
        ch.sandbox = level
    report.changed_files = integrity.changed(before, integrity.snapshot(tuple(c.id for c in chs)))
    if report.changed_files:
        report.status = "tampered"
        report.reason = (
            "the kit's grading files changed during this grade, so its score is void:"
            f" {', '.join(report.changed_files[:10])}"
        )
    return report


# The worker's address space when it trains on full datasets: training the course's Baseline
# or the small ResNet on the 50,000 CIFAR-10 images peaked at 7.07 GB of virtual memory
# (VmPeak, TF 2.21, 2 cores); at the 4 GiB that guards the sample profile it was killed.
TRAINING_MEMORY_MB = 10240


def worker_limits(limits: Limits, profile: str, gpus: bool) -> Limits:
    """The limits of this grade's worker: no address-space limit with a GPU (CUDA maps far
    more virtual memory than it uses), room for full datasets beyond the sample profile."""
    if gpus or not limits.memory_mb:
        return replace(limits, memory_mb=0)
    if profile != "sample":
        return replace(limits, memory_mb=max(limits.memory_mb, TRAINING_MEMORY_MB))
    return limits


def choose_sandbox(wanted: str | None, required: bool) -> str:
    """The worker's cell level: the one asked for, else the strongest this machine has."""
    from grader.worker import cell

    if wanted is not None and wanted not in cell.LEVELS:
        raise UsageError(f"unknown sandbox {wanted!r}; expected one of: {', '.join(cell.LEVELS)}")
    levels = cell.available_levels()
    if wanted is not None and wanted not in levels:
        raise UsageError(
            f"sandbox {wanted!r} is not available here; this machine has: {', '.join(levels)}"
        )
    level = wanted or levels[0]
    if required and level == "plain":
        raise UsageError(
            "--require-sandbox: no sandbox on this machine (Linux with bubblewrap:"
            " apt-get install bubblewrap; or a kernel with Landlock; or run as root)"
        )
    return level
