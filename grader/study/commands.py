"""This package's `coursekit` commands (registered by grader.cli; imports stay lazy):
progress, show and next, for the student who practises alone."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from grader import i18n
from grader.chapters import title
from grader.glyphs import console as _console
from grader.i18n import _, status_word

if TYPE_CHECKING:
    from rich.console import Console

    from grader.results import GradeReport

TargetOption = Annotated[
    Path | None,
    typer.Option(help=_("your exercises folder (the one holding ch1 … ch6); default: exercises/")),
]


def _target(target: Path | None) -> Path:
    from grader.errors import UsageError
    from grader.paths import EXERCISES_DIR

    path = target or EXERCISES_DIR
    if not path.is_dir():
        raise UsageError(
            _("target folder not found: {path} (expected a folder like exercises/)").format(
                path=path
            )
        )
    return path


def _usage(exc: Exception) -> typer.Exit:
    from rich.markup import escape

    _console().print("[bold red]" + _("error:") + f"[/] {escape(str(exc))}")
    return typer.Exit(2)


def progress(
    target: TargetOption = None,
    plot: Annotated[
        Path | None, typer.Option(help=_("also draw points over time per chapter into this PNG"))
    ] = None,
) -> None:
    """Every chapter at a glance, from your grade history."""
    import time

    from grader.errors import CourseKitError
    from grader.study import progress as logic

    try:
        folder = _target(target)
    except CourseKitError as exc:
        raise _usage(exc) from None
    console = _console()
    rows = logic.overview(folder)
    console.print(logic.table(rows, time.time()))
    if not any(r.runs for r in rows):
        console.print(_("no grades recorded yet: run [bold]coursekit grade ch1[/]"))
    if plot is not None:
        console.print(_("plot written to {path}").format(path=logic.plot(folder, plot)))


def show(
    exercise: Annotated[str, typer.Argument(help=_("ch2.softmax, or softmax when unambiguous"))],
    target: TargetOption = None,
) -> None:
    """Where an exercise lives: your file and function, its docstring, its hidden checks and
    the catalogued mistakes it must catch."""
    from rich.markup import escape

    from grader.errors import CourseKitError
    from grader.study.show import shown, where

    try:
        found = where(exercise, _target(target))
    except CourseKitError as exc:
        raise _usage(exc) from None
    console = _console()
    e = found.exercise
    about = _("({points} points, {tier})").format(
        points=f"{e.points:g}", tier=i18n.tier_word(e.tier)
    )
    console.print(f"[bold cyan]{e.id}[/]: {escape(title(e.title))} {about}")
    for f in found.functions:
        missing = _("{file} (not found)").format(file=shown(found.file))
        at = f"{shown(found.file)}:{f.line}" if f.line else missing
        console.print(f"\n[bold]{f.name}[/]  {escape(at)}")
        if f.docstring:
            console.print(escape(f.docstring), style="dim")
    console.print("\n[bold]" + _("hidden checks") + "[/]")
    for path in found.check_files:
        names = ", ".join(c.name for c in found.checks if c.path == path)
        console.print(f"  {escape(shown(path))}: {escape(names)}")
    if not found.checks:
        console.print("  " + _("(none found)"))
    if found.mistakes:
        heading = _("catalogued mistakes")
        console.print(f"\n[bold]{heading}[/] " + _("(each must lose this exercise)"))
        for m in found.mistakes:
            console.print(f"  {escape(shown(m.source))}: {escape(m.summary)}")


def next_cmd(target: TargetOption = None) -> None:
    """The first exercise you have not passed yet, in course order, with a first hint."""
    from rich.markup import escape

    from grader.errors import CourseKitError
    from grader.study.hints import first_hint
    from grader.study.progress import next_exercise
    from grader.study.show import functions, shown

    try:
        folder = _target(target)
    except CourseKitError as exc:
        raise _usage(exc) from None
    console = _console()
    found = next_exercise(folder)
    if found is None:
        console.print("[green]" + _("every exercise passes: well done") + "[/]")
        return
    e, state = found
    status = status_word(state.status) if state else _("not graded yet")
    name = escape(title(e.title))
    console.print(_("next:") + f" [bold cyan]{e.id}[/] {name} ({status})")
    from grader.loader import module_path

    file = module_path(folder, e.module)
    for f in functions(file, e.functions):
        at = f"{shown(file)}:{f.line}" if f.line else shown(file)
        console.print(f"  {f.name}  {escape(at)}")
    hint = first_hint(e.id)
    if hint:
        console.print(_("hint: {hint}").format(hint=escape(hint)))
    command = f"coursekit grade {e.chapter} --only {e.short}"
    console.print(_("then: {command}").format(command=command), style="dim")


def watch_cmd(
    chapter: Annotated[str, typer.Argument(help=_("the chapter to watch: ch1 … ch6"))],
    target: TargetOption = None,
    sandbox: Annotated[
        str | None, typer.Option(help=_("the student code's cell: bwrap, landlock, uid or plain"))
    ] = None,
) -> None:
    """Regrade on every save (warm: TensorFlow imported once). Keys: h hint, l list, n next,
    q quit."""
    import threading

    from grader import chapters as registry
    from grader.errors import CourseKitError
    from grader.study.keys import read_keys
    from grader.study.watch import watch

    console = _console()
    stop = threading.Event()
    latest: dict[str, object] = {}

    def on_key(key: str) -> None:
        if key == "q":
            console.print("[dim]" + _("stopping…") + "[/]")
            stop.set()
        elif key == "n":
            next_cmd(target)
        elif key == "l":
            from grader.scorecard import Scorecard

            if latest.get("report") is not None:
                console.print(Scorecard(latest["report"]))  # type: ignore[arg-type]
        elif key == "h":
            _hint(latest, console)

    def shown(full: GradeReport, partial: GradeReport, seconds: float) -> None:
        latest["report"] = full
        printer(full, partial, seconds)

    from grader.study.watch import _printer

    try:
        folder = _target(target)
        registry.resolve(chapter)  # an unknown chapter: its error, before "watching …"
        printer = _printer(console, folder)
        read_keys(on_key, stop)
        console.print(
            _("watching {folder} · h hint · l list · n next · q quit").format(
                folder=folder / chapter
            )
        )
        watch(chapter=chapter, console=console, target=folder, sandbox=sandbox, stop=stop,
              on_grade=shown)  # fmt: skip
    except CourseKitError as exc:
        raise _usage(exc) from None
    except KeyboardInterrupt:
        pass


def _hint(latest: dict[str, object], console: Console) -> None:
    """h: the next hint of the first exercise that fails (else the first not attempted yet);
    each press goes one hint further."""
    from rich.markup import escape

    from grader.study.hints import hints

    report = latest.get("report")
    failing = [e for c in getattr(report, "chapters", []) for e in c.exercises
               if e.status not in ("passed", "skipped")]  # fmt: skip
    if not failing:
        console.print("[green]" + _("nothing failing: no hint needed") + "[/]")
        return
    tried = [e for e in failing if e.status in ("failed", "error", "timeout")]
    ex = (tried or failing)[0]
    given = latest.setdefault(f"hints:{ex.id}", 0)
    options = hints(ex.id)
    if not options:
        console.print(_("no hints written for {exercise}").format(exercise=ex.id))
        return
    level = min(int(given), len(options) - 1)  # type: ignore[call-overload]
    latest[f"hints:{ex.id}"] = level + 1
    heading = _("hint {number}/{count} for {exercise}:").format(
        number=level + 1, count=len(options), exercise=ex.id
    )
    console.print(f"[bold cyan]{heading}[/] {escape(options[level])}")


def register(app: typer.Typer) -> None:
    """Add this package's commands to the `coursekit` app."""
    app.command(
        "watch",
        help=_(
            "Regrade on every save (warm: TensorFlow imported once). Keys: h hint, l list,"
            " n next, q quit."
        ),
    )(watch_cmd)
    app.command("progress", help=_("Every chapter at a glance, from your grade history."))(progress)
    app.command(
        "show",
        help=_(
            "Where an exercise lives: your file and function, its docstring, its hidden checks"
            " and the catalogued mistakes it must catch."
        ),
    )(show)
    app.command(
        "next",
        help=_("The first exercise you have not passed yet, in course order, with a first hint."),
    )(next_cmd)
