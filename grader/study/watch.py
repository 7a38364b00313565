"""`coursekit watch ch2`: regrade on save, from warm zygotes.

The first grade is the whole chapter. After that a save regrades only the exercises whose
module changed, or imports a module that changed (the chapter's files may import each other).
Each grade is an ordinary ``grading.grade`` (same cell, limits and untrusted channel) whose
checker and worker are forked from zygotes that imported TensorFlow once (grader.warm).
Keys: h hint, l list, n next, q quit.
"""

from __future__ import annotations

import ast
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from grader import chapters as registry
from grader.grading import assemble, choose_sandbox, grade, resolve_target
from grader.i18n import _
from grader.results import CheckResult, GradeReport
from grader.warm import Pools


def importers(folder: Path, changed: set[str]) -> set[str]:
    """``changed`` module names (``losses``) and every module of ``folder`` that imports one of
    them, directly or through another (``from .losses import mse``)."""
    imports: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except SyntaxError:
            imports[path.stem] = set()
            continue
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.rsplit(".", 1)[-1])
            elif isinstance(node, ast.Import):
                names.update(a.name.rsplit(".", 1)[-1] for a in node.names)
        imports[path.stem] = names
    result = set(changed)
    while True:
        more = {m for m, uses in imports.items() if uses & result} - result
        if not more:
            return result
        result |= more


def outline(path: Path) -> dict[str, str]:
    """Each top-level definition of a module as text (``ast.dump``: comments and spacing do
    not count), keyed by name; statements that define no name share one entry."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, SyntaxError, ValueError):
        return {"<unparsed>": str(time.monotonic())}  # changed, whatever it was before
    parts: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            parts[node.name] = ast.dump(node)
        else:
            parts["<module>"] = parts.get("<module>", "") + ast.dump(node)
    return parts


@dataclass
class Changes:
    """What each save changed, function by function, so a save regrades only what it can
    affect: an edit inside ``softmax`` regrades ch2.softmax; an edit to a helper, an import or
    a constant regrades every exercise of that module and of the modules importing it."""

    seen: dict[Path, dict[str, str]] = field(default_factory=dict)

    def remember(self, folder: Path) -> None:
        for path in folder.glob("*.py"):
            self.seen[path] = outline(path)

    def exercises(
        self, chapter: registry.Chapter, folder: Path, paths: Iterable[Path]
    ) -> list[str]:
        whole: set[str] = set()  # modules whose every exercise is affected
        functions: set[tuple[str, str]] = set()  # (module, function) edited
        for path in {p for p in paths if p.suffix == ".py"}:
            before, after = self.seen.get(path, {}), outline(path)
            self.seen[path] = after
            edited = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
            exercise_functions = {f for e in chapter.exercises for f in e.functions
                                  if e.module.split(".")[-1] == path.stem}  # fmt: skip
            if edited - exercise_functions:
                whole.add(path.stem)
            functions |= {(path.stem, f) for f in edited & exercise_functions}
        touched = importers(folder, whole) if whole else set()
        return [
            e.id
            for e in chapter.exercises
            if (stem := e.module.split(".")[-1]) in touched
            or any((stem, f) in functions for f in e.functions)
        ]


@dataclass
class WatchState:
    """The latest result of every exercise, merged across partial regrades."""

    chapter: registry.Chapter
    target: Path
    checks: dict[str, list[CheckResult]] = field(default_factory=dict)
    report: GradeReport | None = None

    def merge(self, partial: GradeReport) -> GradeReport:
        for ch in partial.chapters:
            for ex in ch.exercises:
                self.checks[ex.id] = list(ex.checks)
        first = partial.chapters[0]
        results = [c for ex in self.chapter.exercises for c in self.checks.get(ex.id, [])]
        from grader.grading import RunFacts

        facts = RunFacts(first.profile, first.profile_reason, first.hardware, first.sandbox)
        self.report = assemble([self.chapter], self.target, results, facts=facts)
        return self.report


Printer = Callable[[GradeReport, GradeReport, float], None]


def watch(
    *,
    chapter: str,
    console: Console,
    target: Path | None = None,
    sandbox: str | None = None,
    stop: threading.Event | None = None,
    on_grade: Printer | None = None,
) -> None:
    """Grade ``chapter`` now and after every save until ``stop`` is set (or q is pressed)."""
    import watchfiles

    (ch,) = registry.resolve(chapter)
    folder = resolve_target(target, False)
    level = choose_sandbox(sandbox, False)
    stop = stop or threading.Event()
    pools = Pools.start(level)
    if pools.why_cold:
        cold = _("part of each grade starts cold: {why}").format(why=pools.why_cold)
        console.print("[yellow]" + _("note:") + f"[/] {cold}")
    state, changes = WatchState(ch, folder), Changes()
    changes.remember(folder / chapter)
    show = on_grade or _printer(console, folder)
    try:
        started = time.monotonic()
        partial = grade(chapter=chapter, target=folder, sandbox=level, pools=pools)
        show(state.merge(partial), partial, time.monotonic() - started)
        saves = watchfiles.watch(folder / chapter, stop_event=stop, debounce=50, step=20)
        for saved in saves:
            started = time.monotonic()
            wanted = changes.exercises(ch, folder / chapter, [Path(p) for _c, p in saved])
            if not wanted:
                continue
            partial = grade(chapter=chapter, target=folder, only=wanted, sandbox=level,
                            pools=pools)  # fmt: skip
            show(state.merge(partial), partial, time.monotonic() - started)
    finally:
        pools.close()


def _printer(console: Console, folder: Path) -> Printer:
    def show(full: GradeReport, partial: GradeReport, seconds: float) -> None:
        from grader.scorecard import Scorecard
        from grader.study import after_grade

        console.print(Scorecard(full))
        after_grade(partial, folder, console, shown=full)
        done = _("graded in {seconds} s · h hint · l list · n next · q quit").format(
            seconds=f"{seconds:.2f}"
        )
        console.print(f"[dim]{done}[/]")

    return show
