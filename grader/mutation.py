"""`coursekit selftest --mutants`: grade every mutant of each unit exercise on that exercise
and report, per exercise, how many the checks kill (grader.mutants makes them)."""

from __future__ import annotations

import multiprocessing
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rich.table import Table
from rich.text import Text

from grader import chapters as registry
from grader import protocol
from grader.hardware import cpu_cores
from grader.i18n import N_, _
from grader.paths import SOLUTIONS_DIR
from grader.results import OK_STATUSES, CheckResult
from grader.runner import Limits, TargetSpec, kit_target, run_checks
from grader.selection import Selection

TITLE = "coursekit selftest --mutants"  # the command, as typed
BAD_STYLE = "bold red"  # a rich style
MUTATION_GOAL = 90.0  # per exercise: % of non-equivalent mutants the checks must kill
COLUMNS = (  # the terminal table's (the README's markdown table stays English)
    (N_("exercise"), "left"),
    (N_("mutants"), "right"),
    (N_("killed"), "right"),
    (N_("equivalent"), "right"),
    (N_("inert"), "right"),
    (N_("survived"), "right"),
    (N_("score"), "right"),
)


@dataclass
class ExerciseMutation:
    id: str
    mutants: int = 0
    killed: int = 0
    equivalent: int = 0
    # in-place mutants whose edit never applied (every argument it targets was immutable):
    # equivalent by construction, measured in the run rather than reviewed
    inert: int = 0
    survived: list[dict[str, str]] = field(default_factory=list)  # {"mutant", "diff"}
    killed_but_listed: list[str] = field(default_factory=list)  # stale equivalents entries
    listed_but_inert: list[str] = field(default_factory=list)  # entries the run makes moot

    @property
    def percent(self) -> float:
        """Killed share of the non-equivalent mutants."""
        real = self.mutants - self.equivalent - self.inert
        return 100.0 * self.killed / real if real else 100.0

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "mutants": self.mutants,
            "killed": self.killed,
            "equivalent": self.equivalent,
            "inert": self.inert,
            "survived": self.survived,
            "score_percent": round(self.percent, 1),
            "listed_as_equivalent_but_killed": self.killed_but_listed,
            "listed_as_equivalent_but_inert": self.listed_but_inert,
        }


@dataclass
class MutationReport:
    chapters: dict[str, list[ExerciseMutation]] = field(default_factory=dict)
    unknown_equivalents: list[str] = field(default_factory=list)
    goal: float = MUTATION_GOAL
    notes: list[str] = field(default_factory=list)  # what the grader had to do (restarts)

    @property
    def ok(self) -> bool:
        exercises = [e for exs in self.chapters.values() for e in exs]
        return not self.unknown_equivalents and all(
            e.percent >= self.goal and not e.killed_but_listed and not e.listed_but_inert
            for e in exercises
        )

    def to_json(self) -> dict:
        return {
            "goal_percent": self.goal,
            "ok": self.ok,
            "chapters": [
                {"id": ch, "exercises": [e.to_json() for e in exs]}
                for ch, exs in self.chapters.items()
            ],
            "unknown_equivalents": self.unknown_equivalents,
            "notes": self.notes,
        }

    def markdown(self) -> str:
        """The README's table: one row per exercise."""
        rows = [
            "| exercise | mutants | killed | equivalent | inert | survived | score |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for exs in self.chapters.values():
            for e in exs:
                rows.append(
                    f"| {e.id} | {e.mutants} | {e.killed} | {e.equivalent} | {e.inert}"
                    f" | {len(e.survived)}"
                    f" | {e.percent:.0f} % |"
                )
        return "\n".join(rows)


def run_mutants(
    *,
    chapters: Sequence[str] = ("all",),
    limits: Limits | None = None,
    solutions: Path = SOLUTIONS_DIR,
    checks_dir: Path | None = None,
    only: Sequence[str] = (),
) -> MutationReport:
    """Grade every mutant of each unit exercise on that exercise, in one grading run per
    chapter; a mutant is killed when any of its exercise's checks does not pass. ``only``
    narrows to some exercises (ids, or short names within the chapters)."""
    from grader.mutants import build_target as build_mutant
    from grader.mutants import is_inert, load_equivalents, mutable_exercises, mutants_of

    chs = [c for arg in chapters for c in registry.resolve(arg)]
    report = MutationReport()
    for ch in dict.fromkeys(chs):
        equivalents = load_equivalents(ch.id, checks_dir) if checks_dir else load_equivalents(ch.id)
        exercises = [e for e in mutable_exercises(ch) if not only or {e.id, e.short} & set(only)]
        if not exercises:
            continue
        found = {ex.id: mutants_of(ex, solutions) for ex in exercises}
        with tempfile.TemporaryDirectory(prefix="coursekit-mutants-") as tmp:
            targets = [
                kit_target(
                    f"mutant:{ex_id}:{k}",
                    build_mutant(m, solutions, Path(tmp) / f"{ex_id}-{k}"),
                    only=[ex_id],
                )
                for ex_id, ms in found.items()
                for k, m in enumerate(ms)
            ]
            env = {
                protocol.REPORT_DIR: str(Path(tmp) / "reports"),
                protocol.VERDICT_ONLY: "1",  # a killed mutant needs no shrunk input
            }
            results, notes = _grade_in_shares(
                ch.id, targets, list(found), limits or MUTANT_LIMITS, env
            )
            inert = {
                (ex_id, m.key)
                for ex_id, ms in found.items()
                for k, m in enumerate(ms)
                if is_inert(m, Path(tmp) / f"{ex_id}-{k}")
            }
        seen: set[str] = set()
        rows = []
        for ex_id, ms in found.items():
            row = ExerciseMutation(ex_id, mutants=len(ms))
            for k, m in enumerate(ms):
                statuses = [r.status for r in results.get(f"mutant:{ex_id}:{k}", [])]
                killed = bool(statuses) and any(s not in OK_STATUSES for s in statuses)
                seen.add(m.key)
                if (ex_id, m.key) in inert and not killed:
                    row.inert += 1
                    if (ex_id, m.key) in equivalents:
                        row.listed_but_inert.append(m.key)
                elif (ex_id, m.key) in equivalents:
                    row.equivalent += 1
                    if killed:
                        row.killed_but_listed.append(m.key)
                elif killed:
                    row.killed += 1
                else:
                    row.survived.append({"mutant": m.key, "diff": m.diff})
            rows.append(row)
        report.chapters[ch.id] = rows
        report.notes += [f"{ch.id}: {n.splitlines()[0]}" for n in notes]
        report.unknown_equivalents += sorted(
            f"{ex_id}: {key}"
            for (ex_id, key) in equivalents
            if (not only or ex_id in found) and key not in seen
        )
    return report


# a check of a mutant may be slow on a busy machine; a timeout would restart the grading child
# (a TensorFlow import) for a verdict a failure gives as well: only endless loops should hit it
MUTANT_LIMITS = Limits(check_s=120.0, total_s=3 * 3600.0, memory_mb=4096)
SHARE_MIN_TARGETS = 60  # below this one grading child is quicker than two TensorFlow imports


def _grade_share(
    chapter: str, targets: list[TargetSpec], only: list[str], limits: Limits, env: dict
) -> tuple[dict[str, list[CheckResult]], list[str]]:
    outcome = run_checks(
        chapters=[chapter],
        targets=targets,
        selection=Selection(tuple(only)),
        limits=limits,
        env=env,
    )
    return outcome.results, outcome.notes


def _grade_in_shares(
    chapter: str, targets: list[TargetSpec], only: list[str], limits: Limits, env: dict
) -> tuple[dict[str, list[CheckResult]], list[str]]:
    """Grade the mutants in one grading run, or in one per core (each its own process, with
    its own child and reaper) when there are many: the cores are the limit, not the count."""
    shares = min(cpu_cores(), 2) if len(targets) >= SHARE_MIN_TARGETS else 1
    if shares == 1:
        return _grade_share(chapter, targets, only, limits, env)
    parts = [targets[i::shares] for i in range(shares)]  # round robin: big exercises split
    # fork where there is one: the parent holds no TensorFlow, and a script without a
    # __main__ guard is not imported again
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    results: dict[str, list[CheckResult]] = {}
    notes: list[str] = []
    with ProcessPoolExecutor(shares, mp_context=context) as pool:
        args = [(chapter, p, only, limits, env) for p in parts]
        for part, part_notes in pool.map(_grade_share, *zip(*args)):
            results.update(part)
            notes += part_notes
    return results, notes


def render_mutants(report: MutationReport) -> Table:
    table = Table(title=TITLE, title_justify="left")
    for name, justify in COLUMNS:
        table.add_column(_(name), justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for exs in report.chapters.values():
        for e in exs:
            ok = e.percent >= report.goal and not e.killed_but_listed and not e.listed_but_inert
            table.add_row(
                e.id,
                str(e.mutants),
                str(e.killed),
                str(e.equivalent),
                str(e.inert),
                str(len(e.survived)),
                Text(f"{e.percent:.0f} %", "green" if ok else BAD_STYLE),
            )
    survivors = [(e.id, s) for exs in report.chapters.values() for e in exs for s in e.survived]
    lines = [
        _("survived ({exercise}): {mutant}").format(exercise=ex_id, mutant=s["mutant"])
        + f"\n{s['diff']}"
        for ex_id, s in survivors
    ]
    lines += [
        _("listed as equivalent but killed ({exercise}): {mutant}").format(
            exercise=e.id, mutant=key
        )
        for exs in report.chapters.values()
        for e in exs
        for key in e.killed_but_listed
    ]
    lines += [
        _(
            "listed as equivalent but inert in this run, remove the entry ({exercise}): {mutant}"
        ).format(exercise=e.id, mutant=key)
        for exs in report.chapters.values()
        for e in exs
        for key in e.listed_but_inert
    ]
    lines += [
        _("equivalents entry matches no mutant: {entry}").format(entry=x)
        for x in report.unknown_equivalents
    ]
    lines += [_("note:") + f" {n}" for n in report.notes]
    verdict = _("goal met") if report.ok else _("goal NOT met")
    table.caption = _(
        "goal: ≥ {goal} % of non-equivalent mutants killed per exercise — {verdict}"
    ).format(goal=f"{report.goal:g}", verdict=verdict) + (
        "\n\n" + "\n\n".join(lines) if lines else ""
    )
    table.caption_justify = "left"
    return table
