"""`coursekit selftest`: prove the kit on itself in one grading run.

References must score 100 %, generated stubs 0 % with every exercise "todo", every catalogued
mistake must lose exactly the exercises it names, every exercise must have a mistake that
catches it, and the stubs in exercises/ must be in step with solutions/ with nothing leaked.
"""

from __future__ import annotations

import json
import multiprocessing
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader import chapters as registry
from grader.grading import assemble, check_only
from grader.hardware import cpu_cores
from grader.loader import module_path
from grader.mistakes import Mistake, build_target, catalogue
from grader.paths import EXERCISES_DIR, MISTAKES_DIR, SOLUTIONS_DIR
from grader.results import ChapterResult, CheckResult
from grader.runner import Limits, TargetSpec, run_checks
from grader.stubs import code_lines, plan, solution_lines, write_stubs


@dataclass
class Verdict:
    subject: str
    claim: str
    ok: bool
    detail: str = ""


@dataclass
class SelftestReport:
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(v.ok for v in self.verdicts)


def _statuses(chs: list[ChapterResult]) -> dict[str, str]:
    return {e.id: e.status for ch in chs for e in ch.exercises}


def stub_verdicts(chs: tuple[registry.Chapter, ...], solutions: Path, exercises: Path) -> list:
    verdicts = []
    for ch in chs:
        plans = plan(solutions / ch.id, exercises / ch.id)
        stale = [str(p.stub.relative_to(exercises)) for p in plans if not p.in_step]
        verdicts.append(
            Verdict(
                f"exercises/{ch.id}",
                "stubs in step with solutions",
                not stale,
                "out of step: " + ", ".join(stale) + " (run: coursekit release --stubs)"
                if stale
                else "",
            )
        )
        leaks = []
        for p in plans:
            if p.stub.is_file():
                shipped = code_lines(p.stub.read_text(encoding="utf-8"))
                hidden = solution_lines(p.solution.read_text(encoding="utf-8"))
                leaks += [f"{p.stub.name}: {line}" for line in hidden if line in shipped]
        verdicts.append(
            Verdict(f"exercises/{ch.id}", "no solution line in a stub", not leaks, "; ".join(leaks))
        )
    return verdicts


def _mistake_verdict(
    m: Mistake, statuses: dict[str, str], profile: str, scope: set[str] | None = None
) -> Verdict:
    """``scope``: the exercises selftest --only ran; the mistake is judged on those alone."""
    loses = [x for x in m.loses if scope is None or x in scope]
    unknown = [x for x in loses if x not in statuses]
    if unknown:
        return Verdict(m.name, "names real exercises", False, f"unknown ids: {unknown}")
    claim = f"loses {', '.join(loses)}"
    if all(statuses[x] == "skipped" for x in loses):
        return Verdict(m.name, claim, True, f"not run on the {profile} profile (skipped)")
    kept = [x for x in loses if statuses[x] == "passed"]
    extra = [f"{x} ({s})" for x, s in statuses.items() if x not in loses and s not in OK_STATUSES]
    problems = [
        f"not caught by {', '.join(kept)}" if kept else "",
        f"also lost {', '.join(extra)} (declare it in LOSES?)" if extra else "",
    ]
    detail = "; ".join(p for p in problems if p) or ", ".join(f"{x}: {statuses[x]}" for x in loses)
    return Verdict(m.name, claim, not kept and not extra, detail)


OK_STATUSES = ("passed", "skipped")


def kit_target(label: str, path: Path, only: list[str] | None = None) -> TargetSpec:
    """A target made of the kit's own code (references, mistakes, mutants): trusted, so it is
    graded in-process where the runner knows that, not in a worker each."""
    return TargetSpec(label, path, only=only, trusted=True)


MUTATION_GOAL = 90.0  # per exercise: % of non-equivalent mutants the checks must kill


def affected(m: Mistake, chs: tuple[registry.Chapter, ...]) -> list[str]:
    """The exercises a mistake can change: those of its module and of modules importing it.
    The others run unchanged reference code, so their verdict is the reference's. A training
    exercise of an importing module (minutes of training: ch5's small ResNet is built from the
    student's block) is graded only where the mistake says it loses it."""
    leaf = m.module.rsplit(".", 1)[-1]
    importers = {m.module}
    for ch in chs:
        for ex in ch.exercises:
            source = module_path(SOLUTIONS_DIR, ex.module).read_text(encoding="utf-8")
            if f"from .{leaf} import" in source or f"from . import {leaf}" in source:
                importers.add(ex.module)
    return [
        ex.id
        for ch in chs
        for ex in ch.exercises
        if ex.module == m.module
        or (ex.module in importers and (ex.tier != "training" or ex.id in m.loses))
    ]


def run_selftest(
    *,
    chapter: str = "all",
    limits: Limits | None = None,
    mistakes_dir: Path = MISTAKES_DIR,
    profile: str = "sample",
    only: Sequence[str] = (),
) -> SelftestReport:
    """``only`` (exercise ids or short names) narrows the proof to those exercises: their
    checks on the references and stubs, and the mistakes that lose one of them."""
    chs = registry.resolve(chapter)
    ids = [c.id for c in chs]
    report = SelftestReport(stub_verdicts(chs, SOLUTIONS_DIR, EXERCISES_DIR))
    mistakes = catalogue(mistakes_dir, ids)
    wanted = {e.id for c in chs for e in c.exercises if e.id in only or e.short in only}
    if only:
        check_only(chs, only)
        mistakes = [m for m in mistakes if wanted & set(m.loses)]
    with tempfile.TemporaryDirectory(prefix="coursekit-selftest-") as tmp:
        stubs = Path(tmp) / "stubs"
        write_stubs(SOLUTIONS_DIR, stubs)
        targets = [kit_target("reference", SOLUTIONS_DIR), kit_target("stubs", stubs)]
        for m in mistakes:
            path = build_target(m, SOLUTIONS_DIR, Path(tmp) / "mistakes" / m.name)
            scope = [x for x in affected(m, chs) if not wanted or x in wanted]
            targets.append(kit_target(f"mistake:{m.name}", path, only=scope))
        env = {"COURSEKIT_PROFILE": profile, "COURSEKIT_REPORT_DIR": str(Path(tmp) / "reports")}
        outcome = run_checks(
            chapters=ids, targets=targets, only=sorted(wanted), limits=limits or Limits(), env=env
        )
        graded = {
            t.label: assemble(
                chs, t.path, outcome.results[t.label], only=t.only or sorted(wanted), hw={}
            )
            for t in targets
        }
    ref, stub = _statuses(graded["reference"].chapters), _statuses(graded["stubs"].chapters)
    bad_ref = [f"{x} ({s})" for x, s in ref.items() if s not in OK_STATUSES]
    skipped = [x for x, s in ref.items() if s == "skipped"]
    note = f"all passed; skipped on the {profile} profile: {', '.join(skipped)}" if skipped else ""
    report.verdicts.append(
        Verdict("solutions", "score 100 %", not bad_ref, "; ".join(bad_ref) or note or "all passed")
    )
    bad_stub = [f"{x} ({s})" for x, s in stub.items() if s != "todo"]
    report.verdicts.append(
        Verdict("stubs", "all todo, 0 %", not bad_stub, "; ".join(bad_stub) or "all todo")
    )
    for m in mistakes:
        statuses = _statuses(graded[f"mistake:{m.name}"].chapters)
        report.verdicts.append(_mistake_verdict(m, statuses, profile, wanted or None))
    caught = {x for m in mistakes for x in m.loses}
    for ch in chs:
        for ex in ch.exercises:
            if ex.id not in caught and (not only or ex.id in wanted):
                report.verdicts.append(
                    Verdict(
                        ex.id, "has a catalogued mistake", False, f"add one to mistakes/{ch.id}/"
                    )
                )
    return report


def render(report: SelftestReport) -> Table:
    table = Table(title="coursekit selftest", title_justify="left")
    table.add_column("subject", style="cyan", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    table.add_column("claim, and what the grader saw")
    for v in report.verdicts:
        verdict = Text("✔ holds", "green") if v.ok else Text("✘ FAILED", "bold red")
        claim = Text(v.claim, "bold")
        if v.detail:
            claim.append(f" — {v.detail}", style="" if v.ok else "red")
        table.add_row(v.subject, verdict, claim)
    passed = sum(v.ok for v in report.verdicts)
    table.caption = f"{passed}/{len(report.verdicts)} claims hold"
    return table


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
                "COURSEKIT_REPORT_DIR": str(Path(tmp) / "reports"),
                "COURSEKIT_VERDICT_ONLY": "1",  # a killed mutant needs no shrunk input
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
MUTANT_LIMITS = Limits(check_s=120.0, total_s=3 * 3600.0)
SHARE_MIN_TARGETS = 60  # below this one grading child is quicker than two TensorFlow imports


def _grade_share(
    chapter: str, targets: list[TargetSpec], only: list[str], limits: Limits, env: dict
) -> tuple[dict[str, list[CheckResult]], list[str]]:
    outcome = run_checks(chapters=[chapter], targets=targets, only=only, limits=limits, env=env)
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
    table = Table(title="coursekit selftest --mutants", title_justify="left")
    for name, justify in (
        ("exercise", "left"),
        ("mutants", "right"),
        ("killed", "right"),
        ("equivalent", "right"),
        ("inert", "right"),
        ("survived", "right"),
        ("score", "right"),
    ):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
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
                Text(f"{e.percent:.0f} %", "green" if ok else "bold red"),
            )
    survivors = [(e.id, s) for exs in report.chapters.values() for e in exs for s in e.survived]
    lines = [f"survived ({ex_id}): {s['mutant']}\n{s['diff']}" for ex_id, s in survivors]
    lines += [
        f"listed as equivalent but killed ({e.id}): {key}"
        for exs in report.chapters.values()
        for e in exs
        for key in e.killed_but_listed
    ]
    lines += [
        f"listed as equivalent but inert in this run, remove the entry ({e.id}): {key}"
        for exs in report.chapters.values()
        for e in exs
        for key in e.listed_but_inert
    ]
    lines += [f"equivalents entry matches no mutant: {x}" for x in report.unknown_equivalents]
    lines += [f"note: {n}" for n in report.notes]
    verdict = "goal met" if report.ok else "goal NOT met"
    table.caption = (
        f"goal: ≥ {report.goal:g} % of non-equivalent mutants killed per exercise — {verdict}"
        + ("\n\n" + "\n\n".join(lines) if lines else "")
    )
    table.caption_justify = "left"
    return table


def command(
    console: Console,
    *,
    chapters: Sequence[str],
    profile: str = "sample",
    mutants: bool = False,
    json_path: Path | None = None,
    only: Sequence[str] = (),
) -> bool:
    """What `coursekit selftest` does: print the verdicts (or the mutation table); True when
    everything holds."""
    if mutants:
        mutation = run_mutants(chapters=chapters, only=only)
        console.print(render_mutants(mutation))
        if json_path is not None:
            json_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = json_path.with_name(json_path.name + ".tmp")
            tmp.write_text(json.dumps(mutation.to_json(), indent=2) + "\n", encoding="utf-8")
            tmp.replace(json_path)
            console.print(f"mutation report written to {json_path}")
        return mutation.ok
    ok = True
    for chapter in chapters:
        report = run_selftest(chapter=chapter, profile=profile, only=only)
        console.print(render(report))
        ok = ok and report.ok
    return ok
