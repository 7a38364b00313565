"""The rich scorecard: one row per exercise, a total, then what broke and how to rerun it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from grader import hardware
from grader.release import edition
from grader.results import ChapterResult, CheckResult, ExerciseResult, GradeReport, worst

STYLE = {
    "passed": ("✔ passed", "green"),
    "failed": ("✘ failed", "red"),
    "error": ("‼ error", "bold red"),
    "timeout": ("⏱ timeout", "magenta"),
    "todo": ("… todo", "yellow"),
    "skipped": ("– skipped", "dim"),
}


NARROW = 100  # below this many columns tables drop their outer frame
TITLE_MIN_WIDTH = 18  # a title column never narrower than this (wraps at words above it)


def status_text(status: str) -> Text:
    label, style = STYLE.get(status, (status, ""))
    return Text(label, style=style)


def _points(earned: float, possible: float) -> str:
    return f"{earned:.4g}/{possible:g}"


def ch_status(ch: ChapterResult) -> str:
    graded = [e.status for e in ch.exercises if e.graded]
    return worst(graded) if graded else "skipped"


def frameless(table: Table) -> Table:
    """The narrow-terminal look: rules above and below the header and the total, no frame,
    two spaces between columns (every column saved goes to the titles)."""
    table.box, table.show_edge, table.pad_edge = box.HORIZONTALS, False, False
    table.collapse_padding = True
    return table


def _exercise_table(ch: ChapterResult, *, narrow: bool = False) -> Table:
    # Every column but the title keeps its natural width (ids are never wrapped or cut: they
    # are what --only takes); the title gets what is left and wraps at words, never narrower
    # than TITLE_MIN_WIDTH, so at 80 columns a long title takes two lines, not one word a line.
    id_width = max((len(e.id) for e in ch.exercises), default=8)
    table = Table(title=f"{ch.chapter}: {ch.title}", title_justify="left", expand=False)
    if narrow:
        frameless(table)
    table.add_column("exercise", style="cyan", no_wrap=True, min_width=max(id_width, 8))
    table.add_column("title", min_width=TITLE_MIN_WIDTH)
    table.add_column("status", no_wrap=True, min_width=9)
    table.add_column("checks", justify="right", no_wrap=True)
    table.add_column("points", justify="right", no_wrap=True)
    for ex in ch.exercises:
        passed = sum(c.status == "passed" for c in ex.checks)
        table.add_row(
            ex.id,
            ex.title,
            status_text(ex.status),
            f"{passed}/{len(ex.checks)}",
            _points(ex.earned, ex.possible),
        )
    table.add_section()
    table.add_row(
        "total",
        f"{ch.percent:.1f} %",
        status_text(ch_status(ch)),
        "",
        _points(ch.earned, ch.possible),
    )
    return table


def _failure(ex: ExerciseResult, check: CheckResult) -> Panel:
    body = Text()
    body.append(check.message + "\n", style="bold")
    for label, value in (
        ("input", check.inputs),
        ("expected", check.expected),
        ("got", check.got),
        ("hint", check.hint),
    ):
        if value:
            body.append(f"{label:>9}: ", style="dim")
            body.append(value + "\n")
    if check.rerun:
        body.append("    rerun: ", style="dim")
        body.append(check.rerun, style="cyan")
    title = Text.assemble((ex.id, "cyan"), " · ", check.name, "  ", status_text(check.status))
    return Panel(body, title=title, title_align="left", border_style=STYLE[check.status][1])


def _training_lines(ch: ChapterResult) -> Iterator[Text]:
    """One line per training check: reached vs needed, time, and where the curves are."""
    for ex in ch.exercises:
        for c in ex.checks:
            m = c.metrics
            if "accuracy" in m:
                ok = c.status == "passed"
                line = Text("  ")
                line.append(ex.id, style="cyan")
                line.append(
                    f": test accuracy {m['accuracy']:.4f} (needed {m.get('threshold', '?')}) ",
                    style="green" if ok else "red",
                )
                line.append(
                    f"after {m.get('epochs', '?')} epochs on {m.get('dataset', '?')} in"
                    f" {m.get('train_seconds', '?')} s"
                    f" · seed {', '.join(map(str, m.get('seeds') or []))} · {m.get('device', '')}"
                    f" · curves: {m.get('curves', '')}",
                    style="dim",
                )
                yield line
            elif "rmse" in m and "naive_rmse" in m:  # a forecast (grader.testing.forecast)
                line = Text("  ")
                line.append(ex.id, style="cyan")
                line.append(
                    f": RMSE {m['rmse']} (needed < {m.get('bar', '?')}, the naive forecast"
                    f" {m['naive_rmse']}) ",
                    style="green" if c.status == "passed" else "red",
                )
                line.append(
                    f"· MAE {m.get('mae', '?')} · seed {', '.join(map(str, m.get('seeds') or []))}"
                    f" · plot: {m.get('plot', '')}",
                    style="dim",
                )
                yield line
            elif c.status == "skipped":
                line = Text("  ")
                line.append(ex.id, style="cyan")
                line.append(f": skipped — {c.message}", style="dim")
                yield line


def _problems(ch: ChapterResult) -> Iterator[Panel]:
    for ex in ch.exercises:
        for c in ex.checks:
            if c.status in ("failed", "error", "timeout"):
                yield _failure(ex, c)


def _header(parts: list[str], width: int) -> Iterator[Text]:
    """'coursekit · a · b · c', broken between the parts (never inside one) when too wide."""
    line = Text("coursekit", style="dim")
    line.stylize("bold", 0, len(line))
    for part in parts:
        if line.cell_len + 3 + len(part) > width:
            yield line
            line = Text("  " + part, style="dim")
        else:
            line.append(" · " + part)
    yield line


class Scorecard:
    """Renders a GradeReport (``console.print(Scorecard(report))``)."""

    def __init__(self, report: GradeReport, *, max_failures: int = 20) -> None:
        self.report, self.max_failures = report, max_failures

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        first = self.report.chapters[0] if self.report.chapters else None
        if first is not None:
            yield from _header(
                [
                    f"target {first.target}",
                    f"profile {first.profile}",
                    hardware.describe(first.hardware),
                    f"sandbox {first.sandbox or 'none'}",
                ],
                options.max_width,
            )
        if self.report.void:
            yield Text(f"VOID ({self.report.status}): {self.report.reason}", style="bold red")
        for ch in self.report.chapters:
            if ch.profile_reason:
                yield Text(f"{ch.chapter} profile: {ch.profile} — {ch.profile_reason}", style="dim")
            yield _exercise_table(ch, narrow=options.max_width < NARROW)
            yield from _training_lines(ch)
            todo = sum(e.status == "todo" for e in ch.exercises)
            if todo:
                yield Text(f"{todo} exercise(s) not attempted yet (todo).", style="yellow")
            problems = list(_problems(ch))
            yield from problems[: self.max_failures]
            if len(problems) > self.max_failures:
                more = len(problems) - self.max_failures
                yield Text(f"… and {more} more failing checks (see --json).", style="dim")
            for note in ch.notes:
                yield Text(f"note: {note}", style="dim")
            hidden = edition.hidden_note(e.id for e in ch.exercises)  # the student edition
            if hidden:
                yield Text(f"{hidden} (this edition runs the public checks).", style="cyan")
        if len(self.report.chapters) > 1:
            r = self.report
            yield Text(f"all chapters: {_points(r.earned, r.possible)} ({r.percent:.1f} %)")


def render_text(report: GradeReport, width: int = 110) -> str:
    """The scorecard as plain text (tests, logs)."""
    from io import StringIO

    buf = StringIO()
    Console(file=buf, width=width, color_system=None, legacy_windows=False).print(Scorecard(report))
    return buf.getvalue()


class LiveProgress:
    """A progress bar fed by the runner's events (checks done / total)."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("grading: starting (loading TensorFlow)…", total=None)
        self.training: dict[str, Any] = {}  # nodeid -> its progress task

    def __enter__(self) -> LiveProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def __call__(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "collected":
            done = self.progress.tasks[0].completed
            self.progress.update(self.task, total=done + len(event["items"]))
        elif kind == "result":
            self.progress.update(
                self.task, advance=1, description=f"grading {event.get('exercise', '')}"
            )
            task = self.training.pop(event.get("nodeid", ""), None)
            if task is not None:
                self.progress.remove_task(task)
        elif kind == "progress":
            nodeid = event["nodeid"]
            text = (
                f"  ↳ training: epoch {event['epoch']}/{event['epochs']}"
                f" loss {event['loss']:.4f} accuracy {event['accuracy']:.4f}"
            )
            if nodeid not in self.training:
                self.training[nodeid] = self.progress.add_task(text, total=event["epochs"])
            self.progress.update(self.training[nodeid], completed=event["epoch"], description=text)
