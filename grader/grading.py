"""`coursekit grade`: the Python API behind the CLI (it owns the defaults)."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from grader import chapters as registry
from grader import hardware, integrity, protocol
from grader.errors import UsageError
from grader.i18n import _
from grader.paths import EXERCISES_DIR, SOLUTIONS_DIR
from grader.results import ChapterResult, CheckResult, ExerciseResult, GradeReport
from grader.runner import EventHook, Limits, TargetSpec, run_checks
from grader.selection import EVERY_CHECK, Selection
from grader.training import PROFILES, choose_profile
from grader.warm import Pools


def resolve_target(target: Path | None, solutions: bool) -> Path:
    if solutions and target is not None:
        raise UsageError(_("use either --solutions or --target, not both"))
    path = SOLUTIONS_DIR if solutions else (target or EXERCISES_DIR)
    if not path.is_dir():
        raise UsageError(
            _("target folder not found: {path} (expected a folder like exercises/)").format(
                path=path
            )
        )
    return path.resolve()


def rerun_command(chapter: str, target: Path, exercise: registry.Exercise, check: str) -> str:
    """The command that reruns one check of this grade."""
    where = "" if target == EXERCISES_DIR.resolve() else f" --target {shlex.quote(str(target))}"
    if target == SOLUTIONS_DIR.resolve():
        where = " --solutions"
    return f"coursekit grade {chapter} --only {exercise.short}::{check}{where}"


@dataclass(frozen=True)
class RunFacts:
    """What a grade knows about how it ran, the same for each chapter it reports."""

    profile: str = "sample"
    profile_reason: str = ""  # why this profile (shown for chapters that train)
    hardware: dict[str, Any] = field(default_factory=dict)
    sandbox: str = ""
    notes: tuple[str, ...] = ()


def assemble(
    chs: Sequence[registry.Chapter],
    target: Path,
    results: list[CheckResult],
    *,
    selection: Selection = EVERY_CHECK,
    facts: RunFacts | None = None,
    all_chapters: bool = False,
    status: str = "ok",
    reason: str = "",
    changed_files: Sequence[str] = (),
) -> GradeReport:
    """Group check results by exercise, in registry order, one ChapterResult per chapter; each
    record is complete when it is built (a failing check's rerun command included)."""
    facts = facts or RunFacts()
    chapters = []
    for ch in chs:
        exercises = []
        for ex in ch.exercises:
            if not selection.wants_exercise(ex.id):
                continue
            checks = [
                c
                if c.status == "passed"
                else replace(c, rerun=rerun_command(ch.id, target, ex, c.name))
                for c in results
                if c.exercise == ex.id
            ]
            if not checks:
                message = _("no check ran for this exercise")
                if selection.names_a_check(ex.id):
                    message += _(" (is the check name after :: spelled right?)")
                checks = [CheckResult(ex.id, "checks", "error", message)]
            exercises.append(ExerciseResult(ex.id, ex.title, ex.points, checks))
        chapters.append(
            ChapterResult(
                ch.id,
                ch.title,
                str(target),
                exercises,
                profile=facts.profile,
                profile_reason=facts.profile_reason if ch.datasets else "",
                hardware=facts.hardware,
                notes=list(facts.notes),
                sandbox=facts.sandbox,
            )
        )
    return GradeReport(
        chapters,
        all_chapters=all_chapters or len(chs) > 1,
        status=status,
        reason=reason,
        changed_files=list(changed_files),
    )


def full_data_ready(chs: Sequence[registry.Chapter]) -> dict[str, bool]:
    """For each full dataset the chapters train on: is it in the data folder already?"""
    names = sorted({d for c in chs for d in c.datasets})
    if not names:
        return {}
    from grader.data.manifest import get_spec
    from grader.data.state import dataset_status

    return {n: dataset_status(get_spec(n)).usable for n in names}


CHECK_S = 20.0  # one check's wall time, by default: a grade's and a batch's
MEMORY_MB = 4096  # the worker's address space on the sample profile: a grade's and a batch's


def grade(
    *,
    chapter: str,
    target: Path | None = None,
    solutions: bool = False,
    only: Sequence[str] = (),
    profile: str | None = None,
    report_dir: Path = Path("reports"),
    check_s: float = CHECK_S,
    total_s: float = 3600.0,
    memory_mb: int = MEMORY_MB,
    on_event: EventHook | None = None,
    sandbox: str | None = None,
    require_sandbox: bool = False,
    pools: Pools | None = None,
) -> GradeReport:
    """Grade one chapter (or 'all') of a target folder; the scorecard renders the report.

    The defaults of a grade live here and nowhere else (the CLI passes only what it was
    given). ``profile`` (sample / standard / full) picks the training tier's budgets; by
    default the richest one the hardware and the cached data allow. Learning curves go to
    ``report_dir``. ``check_s`` is one check's wall time (a check may declare its own),
    ``total_s`` the whole run's, ``memory_mb`` the worker's address space on the sample
    profile. ``sandbox`` asks for a cell level (bwrap, landlock, uid, plain; default: the
    strongest this machine has); ``require_sandbox`` refuses to grade at the plain level.
    ``pools`` are the warm zygotes a long-lived caller (watch) keeps between grades.
    """
    chs = registry.resolve(chapter)
    path = resolve_target(target, solutions)
    selection = Selection.parse(chs, only)
    level = choose_sandbox(sandbox, require_sandbox)
    before = integrity.snapshot(tuple(c.id for c in chs))
    if profile is not None and profile not in PROFILES:
        raise UsageError(
            _("unknown profile {profile!r}; expected one of: {known}").format(
                profile=profile, known=", ".join(PROFILES)
            )
        )
    hw = hardware.detect()
    chosen, why = choose_profile(profile, hw["gpus"], full_data_ready(chs))
    limits = worker_limits(Limits(check_s, total_s, memory_mb), chosen, bool(hw["gpus"]))
    outcome = run_checks(
        chapters=[c.id for c in chs],
        targets=[TargetSpec("target", path)],
        selection=selection,
        limits=limits,
        env={protocol.PROFILE: chosen, protocol.REPORT_DIR: str(report_dir.resolve())},
        on_event=on_event,
        sandbox=level,
        warm=pools.workers if pools else None,
        checkers=pools.checkers if pools else None,
    )
    changed = integrity.changed(before, integrity.snapshot(tuple(c.id for c in chs)))
    void = _(
        "the kit's grading files changed during this grade, so its score is void: {files}"
    ).format(files=", ".join(changed[:10]))
    return assemble(
        chs,
        path,
        outcome.results["target"],
        selection=selection,
        facts=RunFacts(chosen, why, hw, level, tuple(outcome.notes)),
        all_chapters=chapter == "all",
        status="tampered" if changed else "ok",
        reason=void if changed else "",
        changed_files=changed,
    )


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
        raise UsageError(
            _("unknown sandbox {sandbox!r}; expected one of: {known}").format(
                sandbox=wanted, known=", ".join(cell.LEVELS)
            )
        )
    levels = cell.available_levels()
    if wanted is not None and wanted not in levels:
        raise UsageError(
            _("sandbox {sandbox!r} is not available here; this machine has: {levels}").format(
                sandbox=wanted, levels=", ".join(levels)
            )
        )
    level = wanted or levels[0]
    if required and level == "plain":
        raise UsageError(
            _(
                "--require-sandbox: no sandbox on this machine (Linux with bubblewrap:"
                " apt-get install bubblewrap; or a kernel with Landlock; or run as root)"
            )
        )
    return level
