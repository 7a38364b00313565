"""The `coursekit` command line: parse, call the Python API, print. Nothing else lives here.

Exit codes: 0 done (score at or above --min-score), 1 below --min-score, 2 usage error,
3 the grader itself failed (a report is still written when it can be).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from grader import chapters as registry
from grader import cli_words, glyphs, i18n, protocol
from grader.errors import CourseKitError, GraderFailure, UsageError
from grader.i18n import _

# The help texts below are translated as the commands are declared, before typer parses
# anything: so the language (--lang in the raw arguments, COURSEKIT_LANG, the locale) is
# chosen now; the --lang option of the callback then only validates it.
i18n.setup(sys.argv)
cli_words.install()  # Typer's own words (panel titles, usage line, usage errors)

app = typer.Typer(
    help=_("coursekit: exercises, hidden checks and a scorecard for the TensorFlow 2 course."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _language(value: str | None) -> str | None:
    if value is not None and i18n.normalize(value) is None:
        raise typer.BadParameter(_("choose en or zh (received {value!r})").format(value=value))
    return value


@app.callback()
def main(
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="en|zh",
            callback=_language,
            help=_(
                "language of what coursekit prints: en or zh (default: COURSEKIT_LANG,"
                " else the system locale)"
            ),
        ),
    ] = None,
) -> None:
    # the app's help is Typer(help=...) above; this only takes --lang
    if lang is not None:
        i18n.set_language(lang)
        cli_words.install()


_console = glyphs.console  # UTF-8 on Windows consoles too


def _fail(console: Console, exc: Exception) -> typer.Exit:
    """A kit error: its message; anything else is a bug of the grader: exit 3, no traceback
    unless COURSEKIT_DEBUG is set."""
    if not isinstance(exc, CourseKitError):
        if os.environ.get(protocol.DEBUG):
            raise exc
        console.print(
            "[bold red]"
            + _("the grader itself failed:")
            + f"[/] {type(exc).__name__}: {exc}\n"
            + _("(a bug in coursekit, not in your code; COURSEKIT_DEBUG=1 shows the traceback)")
        )
        return typer.Exit(3)
    console.print("[bold red]" + _("error:") + f"[/] {exc}")
    return typer.Exit(3 if isinstance(exc, GraderFailure) else 2)


def _report_options(
    reports: list[str] | None, json_path: Path | None, junit_path: Path | None
) -> list[tuple[str, Path]]:
    """``--report FORMAT=PATH`` (repeatable), with ``--json``/``--junit`` as its aliases."""
    from grader.formats import parse_option

    wanted = [parse_option(r) for r in reports or ()]
    wanted += [("json", json_path)] if json_path is not None else []
    wanted += [("junit", junit_path)] if junit_path is not None else []
    return wanted


def _write_reports(console: Console, report: Any, wanted: list[tuple[str, Path]]) -> None:
    from grader.formats import write

    for fmt, path in wanted:
        write(report, fmt, path)
        console.print(_("{format} report written to {path}").format(format=fmt, path=path))


@app.command("list", help=_("List chapters, their exercises, points and tiers."))
def list_cmd() -> None:
    from rich.text import Text

    from grader.scorecard import TITLE_MIN_WIDTH, frameless

    console = _console()
    # 120 columns and more: one column each. Narrower: tier, file and functions in a dim
    # line under the title, no frame, so an 80-column terminal keeps a title on one line.
    wide = console.width >= 120
    for ch in registry.CHAPTERS:
        title = _("{chapter}: {title} ({points} points)").format(
            chapter=ch.id, title=registry.title(ch.title), points=f"{ch.points:g}"
        )
        table = Table(title=title, title_justify="left")
        id_width = max((len(e.id) for e in ch.exercises), default=8)
        table.add_column(_("exercise"), style="cyan", no_wrap=True, min_width=max(id_width, 8))
        if wide:
            table.add_column(_("title"), min_width=TITLE_MIN_WIDTH)
            table.add_column(_("file"), no_wrap=True)
            table.add_column(_("functions"))
        else:
            frameless(table).add_column(
                _("title · tier · file: functions"), min_width=TITLE_MIN_WIDTH
            )
        table.add_column(_("points"), justify="right", no_wrap=True)
        if wide:
            table.add_column(_("tier"), no_wrap=True)
        for e in ch.exercises:
            shown = registry.title(e.title)
            file = e.module.replace(".", "/") + ".py"
            functions = ", ".join(e.functions)
            if wide:
                table.add_row(e.id, shown, file, functions, f"{e.points:g}", i18n.tier_word(e.tier))
            else:
                where = f"{i18n.tier_word(e.tier)} · {file}: {functions}"
                table.add_row(e.id, Text.assemble(shown, "\n", (where, "dim")), f"{e.points:g}")
        console.print(table)


@app.command(help=_("Grade a chapter and print the scorecard."))
def grade(
    chapter: Annotated[str, typer.Argument(help=_("ch2, ch3, … or 'all'"))],
    target: Annotated[
        Path | None, typer.Option(help=_("a student's folder laid out like exercises/"))
    ] = None,
    solutions: Annotated[bool, typer.Option(help=_("grade the reference solutions"))] = False,
    only: Annotated[
        str, typer.Option(help=_("comma-separated exercises (softmax,adam) or exercise::check"))
    ] = "",
    json_path: Annotated[Path | None, typer.Option("--json", help=_("write results JSON"))] = None,
    junit_path: Annotated[Path | None, typer.Option("--junit", help=_("write JUnit XML"))] = None,
    reports: Annotated[
        list[str] | None,
        typer.Option(
            "--report",
            help=_("FORMAT=PATH, repeatable: json, junit, gradescope, classroom or csv"),
        ),
    ] = None,
    min_score: Annotated[
        float | None, typer.Option(help=_("exit with code 1 when the score is below this %"))
    ] = None,
    check_timeout: Annotated[
        float | None, typer.Option(help=_("seconds allowed per check [default: 20]"))
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            help=_(
                "training budgets: sample, standard or full (default: the richest"
                " the hardware and cached data allow)"
            )
        ),
    ] = None,
    report_dir: Annotated[
        Path | None,
        typer.Option(help=_("where learning curves (PNG) are written [default: reports]")),
    ] = None,
    sandbox: Annotated[
        str | None,
        typer.Option(
            help=_("the student code's cell: bwrap, landlock, uid or plain (default: best)")
        ),
    ] = None,
    require_sandbox: Annotated[
        bool, typer.Option(help=_("refuse to grade where no sandbox is available (for CI)"))
    ] = False,
) -> None:
    from grader.grading import grade as run_grade
    from grader.results import failed_report
    from grader.scorecard import LiveProgress, Scorecard

    console = _console()
    report, failure = None, _("the grade was interrupted")
    try:
        wanted = _report_options(reports, json_path, junit_path)
    except CourseKitError as exc:
        raise _fail(console, exc) from None
    try:
        with LiveProgress(console) as progress:
            report = run_grade(
                chapter=chapter,
                target=target,
                solutions=solutions,
                only=_split(only),
                profile=profile,
                on_event=progress if console.is_terminal else None,
                sandbox=sandbox,
                require_sandbox=require_sandbox,
                **_given(report_dir=report_dir, check_s=check_timeout),
            )
    except Exception as exc:  # noqa: BLE001 - the scorecard's user gets a message, not a trace
        failure = (
            f"{type(exc).__name__}: {exc}" if not isinstance(exc, CourseKitError) else str(exc)
        )
        raise _fail(console, exc) from None
    finally:  # the report files are the parent's, written after every child is gone, always
        if report is None and wanted:
            report = failed_report(chapter, str(target or "exercises"), failure)
        if report is not None:
            _write_reports(console, report, wanted)
    console.print(Scorecard(report))
    from grader.study import after_grade

    after_grade(report, None, console)  # history, what changed, hints: never fails a grade
    if report.status == "tampered":
        console.print("[bold red]" + _("void:") + f"[/] {report.reason}")
        raise typer.Exit(3)
    if min_score is not None and report.percent < min_score:
        below = _("score {percent} is below --min-score {min_score}").format(
            percent=f"{report.percent:.1f} %", min_score=f"{min_score:g}"
        )
        console.print(f"[red]{below}[/]")
        raise typer.Exit(1)


@app.command(
    help=_(
        "Prove the kit on itself: references 100 %, stubs todo, every catalogued mistake caught;"
        " with --mutants, the share of small bugs planted in the references that the checks kill."
    )
)
def selftest(
    chapters: Annotated[list[str] | None, typer.Argument(help=_("ch2 ch3 … or 'all'"))] = None,
    profile: Annotated[str, typer.Option(help=_("training budgets to prove on"))] = "sample",
    mutants: Annotated[
        bool, typer.Option("--mutants", help=_("mutation testing of the unit exercises' checks"))
    ] = False,
    json_path: Annotated[
        Path | None, typer.Option("--json", help=_("write the --mutants report as JSON"))
    ] = None,
    only: Annotated[
        str | None,
        typer.Option(help=_("comma-separated exercises (a new one: its checks and mistakes only)")),
    ] = None,
) -> None:
    from grader.selftest import command

    console = _console()
    try:
        ok = command(console, chapters=chapters or ["all"], profile=profile, mutants=mutants,
                     json_path=json_path, only=_split(only))  # fmt: skip
    except CourseKitError as exc:
        raise _fail(console, exc) from None
    if not ok:
        raise typer.Exit(1)


def _given(**options: Any) -> dict[str, Any]:
    """The options the user gave: the rest keep the Python API's defaults (one place)."""
    return {k: v for k, v in options.items() if v is not None}


def _split(value: str | None) -> list[str]:
    """A comma-separated option as its items."""
    return [v.strip() for v in (value or "").split(",") if v.strip()]


@app.command(help=_("Generate the students' stubs from the reference solutions."))
def release(
    stubs: Annotated[
        bool, typer.Option("--stubs", help=_("write exercises/ from solutions/"))
    ] = False,
    check: Annotated[bool, typer.Option(help=_("only report stubs that are out of step"))] = False,
) -> None:
    from grader.paths import EXERCISES_DIR, SOLUTIONS_DIR
    from grader.stubs import plan, write_stubs

    console = _console()
    if not stubs:
        raise _fail(console, UsageError(_("say what to release: --stubs")))
    if check:
        stale = [p.stub for p in plan(SOLUTIONS_DIR, EXERCISES_DIR) if not p.in_step]
        for path in stale:
            console.print(_("out of step: {path}").format(path=path))
        if stale:
            raise typer.Exit(1)
        console.print(_("every stub is in step with its solution"))
        return
    written = write_stubs(SOLUTIONS_DIR, EXERCISES_DIR)
    for path in written:
        console.print(_("wrote {path}").format(path=path))
    console.print(_("{count} file(s) written").format(count=len(written)))


def _mount_data() -> None:
    try:
        from grader.data.cli import data_app
    except ImportError:
        return
    app.add_typer(data_app, name="data")


# Commands that live beside what they drive: each module's register(app) adds them, and
# imports its heavy parts inside the command so that `coursekit --help` stays quick.
_COMMAND_MODULES = ("batch", "gradebook", "release", "study", "htmlreport")


def _mount_commands() -> None:
    import importlib

    for name in _COMMAND_MODULES:
        importlib.import_module(f"grader.{name}.commands").register(app)


_mount_data()
_mount_commands()

if __name__ == "__main__":
    app()
