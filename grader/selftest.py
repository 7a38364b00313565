"""`coursekit selftest`: prove the kit on itself in one grading run.

References must score 100 %, generated stubs 0 % with every exercise "todo", every catalogued
mistake must lose exactly the exercises it names, every exercise must have a mistake that
catches it, and the stubs in exercises/ must be in step with solutions/ with nothing leaked.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader import chapters as registry
from grader import protocol
from grader.grading import assemble
from grader.i18n import _
from grader.loader import module_path
from grader.mistakes import Mistake, build_target, catalogue
from grader.mutation import render_mutants, run_mutants
from grader.paths import EXERCISES_DIR, MISTAKES_DIR, SOLUTIONS_DIR
from grader.results import OK_STATUSES, ChapterResult
from grader.runner import Limits, kit_target, run_checks
from grader.selection import Selection
from grader.stubs import code_lines, plan, solution_lines, write_stubs

TITLE = "coursekit selftest"  # the command, as typed
BAD_STYLE = "bold red"  # a rich style


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
                _("stubs in step with solutions"),
                not stale,
                _("out of step: {files} (run: coursekit release --stubs)").format(
                    files=", ".join(stale)
                )
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
            Verdict(
                f"exercises/{ch.id}", _("no solution line in a stub"), not leaks, "; ".join(leaks)
            )
        )
    return verdicts


def _mistake_verdict(
    m: Mistake, statuses: dict[str, str], profile: str, scope: set[str] | None = None
) -> Verdict:
    """``scope``: the exercises selftest --only ran; the mistake is judged on those alone."""
    loses = [x for x in m.loses if scope is None or x in scope]
    unknown = [x for x in loses if x not in statuses]
    if unknown:
        return Verdict(
            m.name,
            _("names real exercises"),
            False,
            _("unknown ids: {ids}").format(ids=unknown),
        )
    claim = _("loses {ids}").format(ids=", ".join(loses))
    if all(statuses[x] == "skipped" for x in loses):
        return Verdict(
            m.name,
            claim,
            True,
            _("not run on the {profile} profile (skipped)").format(profile=profile),
        )
    kept = [x for x in loses if statuses[x] == "passed"]
    extra = [f"{x} ({s})" for x, s in statuses.items() if x not in loses and s not in OK_STATUSES]
    problems = [
        _("not caught by {ids}").format(ids=", ".join(kept)) if kept else "",
        _("also lost {ids} (declare it in LOSES?)").format(ids=", ".join(extra)) if extra else "",
    ]
    detail = "; ".join(p for p in problems if p) or ", ".join(f"{x}: {statuses[x]}" for x in loses)
    return Verdict(m.name, claim, not kept and not extra, detail)


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


# the kit's own code, graded in-process: a check's limit is only a guard against a hang
SELFTEST_LIMITS = Limits(check_s=20.0, total_s=3600.0, memory_mb=4096)


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
        Selection.parse(chs, only)  # an unknown name is a usage error
        mistakes = [m for m in mistakes if wanted & set(m.loses)]
    with tempfile.TemporaryDirectory(prefix="coursekit-selftest-") as tmp:
        stubs = Path(tmp) / "stubs"
        write_stubs(SOLUTIONS_DIR, stubs)
        targets = [kit_target("reference", SOLUTIONS_DIR), kit_target("stubs", stubs)]
        for m in mistakes:
            path = build_target(m, SOLUTIONS_DIR, Path(tmp) / "mistakes" / m.name)
            scope = [x for x in affected(m, chs) if not wanted or x in wanted]
            targets.append(kit_target(f"mistake:{m.name}", path, only=scope))
        env = {protocol.PROFILE: profile, protocol.REPORT_DIR: str(Path(tmp) / "reports")}
        outcome = run_checks(
            chapters=ids,
            targets=targets,
            selection=Selection(tuple(sorted(wanted))),
            limits=limits or SELFTEST_LIMITS,
            env=env,
        )
        graded = {
            t.label: assemble(
                chs,
                t.path,
                outcome.results[t.label],
                selection=Selection(tuple(t.only or sorted(wanted))),
            )
            for t in targets
        }
    ref, stub = _statuses(graded["reference"].chapters), _statuses(graded["stubs"].chapters)
    bad_ref = [f"{x} ({s})" for x, s in ref.items() if s not in OK_STATUSES]
    skipped = [x for x, s in ref.items() if s == "skipped"]
    note = (
        _("all passed; skipped on the {profile} profile: {ids}").format(
            profile=profile, ids=", ".join(skipped)
        )
        if skipped
        else ""
    )
    report.verdicts.append(
        Verdict(
            "solutions",
            _("score 100 %"),
            not bad_ref,
            "; ".join(bad_ref) or note or _("all passed"),
        )
    )
    bad_stub = [f"{x} ({s})" for x, s in stub.items() if s != "todo"]
    report.verdicts.append(
        Verdict("stubs", _("all todo, 0 %"), not bad_stub, "; ".join(bad_stub) or _("all todo"))
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
                        ex.id,
                        _("has a catalogued mistake"),
                        False,
                        _("add one to mistakes/{chapter}/").format(chapter=ch.id),
                    )
                )
    return report


def render(report: SelftestReport) -> Table:
    table = Table(title=TITLE, title_justify="left")
    table.add_column(_("subject"), style="cyan", no_wrap=True)
    table.add_column(_("verdict"), no_wrap=True)
    table.add_column(_("claim, and what the grader saw"))
    for v in report.verdicts:
        verdict = Text("✔ " + _("holds"), "green") if v.ok else Text("✘ " + _("FAILED"), BAD_STYLE)
        claim = Text(v.claim, "bold")
        if v.detail:
            claim.append(f" — {v.detail}", style="" if v.ok else "red")
        table.add_row(v.subject, verdict, claim)
    passed = sum(v.ok for v in report.verdicts)
    table.caption = _("{passed}/{total} claims hold").format(
        passed=passed, total=len(report.verdicts)
    )
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
            console.print(_("mutation report written to {file}").format(file=json_path))
        return mutation.ok
    ok = True
    for chapter in chapters:
        report = run_selftest(chapter=chapter, profile=profile, only=only)
        console.print(render(report))
        ok = ok and report.ok
    return ok
