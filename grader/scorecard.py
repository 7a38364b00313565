"""The rich scorecard: one row per exercise, a total, then what broke and how to rerun it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich import box
from rich.cells import cell_len
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

from grader import edition, glyphs
from grader.chapters import title
from grader.i18n import N_, _
from grader.results import ChapterResult, CheckResult, ExerciseResult, GradeReport, worst

STYLE = {  # status -> (symbol, label, style); labels translated where shown
    "passed": ("✔", N_("passed"), "green"),
    "failed": ("✘", N_("failed"), "red"),
    "error": ("‼", N_("error"), "bold red"),
    "timeout": ("⏱", N_("timeout"), "magenta"),
    "todo": ("…", N_("todo"), "yellow"),
    "skipped": ("–", N_("skipped"), "dim"),
}


def describe_hardware(hardware: dict[str, Any]) -> str:
    """The machine in words: "2 CPU cores, no GPU" (``grader.hardware.detect``'s facts)."""
    gpus = hardware.get("gpus") or []
    gpu_text = ", ".join(f"{g['name']} ({g['memory_mb'] // 1024} GiB)" for g in gpus) or _("no GPU")
    return _("{cores} CPU cores, {gpus}").format(
        cores=hardware.get("cpu_cores", "?"), gpus=gpu_text
    )


NARROW = 100  # below this many columns tables drop their outer frame
TITLE_MIN_WIDTH = 18  # a title column never narrower than this (wraps at words above it)


def status_label(status: str) -> str:
    """'✔ passed' (in the current language); an unknown status as it is."""
    if status not in STYLE:
        return status
    mark, label, _style = STYLE[status]
    return f"{mark} {_(label)}"


def status_text(status: str) -> Text:
    return Text(status_label(status), style=STYLE[status][2] if status in STYLE else "")


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
    table = Table(title=f"{ch.chapter}: {title(ch.title)}", title_justify="left", expand=False)
    if narrow:
        frameless(table)
    table.add_column(_("exercise"), style="cyan", no_wrap=True, min_width=max(id_width, 8))
    table.add_column(_("title"), min_width=TITLE_MIN_WIDTH)
    table.add_column(_("status"), no_wrap=True, min_width=9)
    table.add_column(_("checks"), justify="right", no_wrap=True)
    table.add_column(_("points"), justify="right", no_wrap=True)
    for ex in ch.exercises:
        passed = sum(c.status == "passed" for c in ex.checks)
        table.add_row(
            ex.id,
            title(ex.title),
            status_text(ex.status),
            f"{passed}/{len(ex.checks)}",
            _points(ex.earned, ex.possible),
        )
    table.add_section()
    table.add_row(
        _("total"),
        f"{ch.percent:.1f} %",
        status_text(ch_status(ch)),
        "",
        _points(ch.earned, ch.possible),
    )
    return table


def _failure(ex: ExerciseResult, check: CheckResult) -> Panel:
    body = Text()
    body.append(check.message + "\n", style="bold")
    labels = [
        (_("input"), check.inputs),
        (_("expected"), check.expected),
        (_("got"), check.got),
        (_("hint"), check.hint),
        (_("rerun"), check.rerun),
    ]
    width = max(9, *(Text(label).cell_len for label, _v in labels))  # labels right-aligned
    for i, (label, value) in enumerate(labels):
        if value:
            body.append(" " * (width - Text(label).cell_len) + f"{label}: ", style="dim")
            body.append(value + ("\n" if i < len(labels) - 1 else ""), style="cyan" * (i == 4))
    title = Text.assemble((ex.id, "cyan"), " · ", check.name, "  ", status_text(check.status))
    return Panel(body, title=title, title_align="left", border_style=STYLE[check.status][2])


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
                    _(": test accuracy {accuracy} (needed {threshold}) ").format(
                        accuracy=f"{m['accuracy']:.4f}", threshold=m.get("threshold", "?")
                    ),
                    style="green" if ok else "red",
                )
                line.append(
                    _(
                        "after {epochs} epochs on {dataset} in {seconds} s · seed {seeds}"
                        " · {device} · curves: {curves}"
                    ).format(
                        epochs=m.get("epochs", "?"),
                        dataset=m.get("dataset", "?"),
                        seconds=m.get("train_seconds", "?"),
                        seeds=", ".join(map(str, m.get("seeds") or [])),
                        device=m.get("device", ""),
                        curves=m.get("curves", ""),
                    ),
                    style="dim",
                )
                yield line
            elif "rmse" in m and "naive_rmse" in m:  # a forecast (grader.testing.forecast)
                line = Text("  ")
                line.append(ex.id, style="cyan")
                line.append(
                    _(": RMSE {rmse} (needed < {bar}, the naive forecast {naive}) ").format(
                        rmse=m["rmse"], bar=m.get("bar", "?"), naive=m["naive_rmse"]
                    ),
                    style="green" if c.status == "passed" else "red",
                )
                line.append(
                    _("· MAE {mae} · seed {seeds} · plot: {plot}").format(
                        mae=m.get("mae", "?"),
                        seeds=", ".join(map(str, m.get("seeds") or [])),
                        plot=m.get("plot", ""),
                    ),
                    style="dim",
                )
                yield line
            elif c.status == "skipped":
                line = Text("  ")
                line.append(ex.id, style="cyan")
                line.append(_(": skipped — {reason}").format(reason=c.message), style="dim")
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
        if line.cell_len + 3 + cell_len(part) > width:  # a Chinese character takes 2 cells
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
        # a cp936/GBK console has the Chinese but not every symbol: those degrade (glyphs)
        yield from glyphs.safe_render(console, options, self._parts(options))

    def _parts(self, options: ConsoleOptions) -> Iterator[Text | Table | Panel]:
        first = self.report.chapters[0] if self.report.chapters else None
        if first is not None:
            yield from _header(
                [
                    _("target {target}").format(target=first.target),
                    _("profile {profile}").format(profile=first.profile),
                    describe_hardware(first.hardware),
                    _("sandbox {sandbox}").format(sandbox=first.sandbox or _("none")),
                ],
                options.max_width,
            )
        if self.report.void:
            yield Text(
                _("VOID ({status}): {reason}").format(
                    status=self.report.status, reason=self.report.reason
                ),
                style="bold red",
            )
        for ch in self.report.chapters:
            yield from self._chapter(ch, options)
        if len(self.report.chapters) > 1:
            r = self.report
            yield Text(
                _("all chapters: {points} ({percent} %)").format(
                    points=_points(r.earned, r.possible), percent=f"{r.percent:.1f}"
                )
            )

    def _chapter(self, ch: ChapterResult, options: ConsoleOptions) -> Iterator[Any]:
        if ch.profile_reason:
            yield Text(
                _("{chapter} profile: {profile} — {reason}").format(
                    chapter=ch.chapter, profile=ch.profile, reason=ch.profile_reason
                ),
                style="dim",
            )
        yield _exercise_table(ch, narrow=options.max_width < NARROW)
        yield from _training_lines(ch)
        todo = sum(e.status == "todo" for e in ch.exercises)
        if todo:
            yield Text(
                _("{count} exercise(s) not attempted yet (todo).").format(count=todo),
                style="yellow",
            )
        problems = list(_problems(ch))
        yield from problems[: self.max_failures]
        if len(problems) > self.max_failures:
            more = len(problems) - self.max_failures
            yield Text(
                _("… and {count} more failing checks (see --json).").format(count=more),
                style="dim",
            )
        for note in ch.notes:
            yield Text(_("note: {note}").format(note=note), style="dim")
        hidden = edition.hidden_note(e.id for e in ch.exercises)  # the student edition
        if hidden:
            yield Text(
                _("{note} (this edition runs the public checks).").format(note=hidden),
                style="cyan",
            )


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
        self.console = console
        self.task = self.progress.add_task(_("grading: starting (loading TensorFlow)…"), total=None)
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
                self.task,
                advance=1,
                description=_("grading {exercise}").format(exercise=event.get("exercise", "")),
            )
            task = self.training.pop(event.get("nodeid", ""), None)
            if task is not None:
                self.progress.remove_task(task)
        elif kind == "progress":
            nodeid = event["nodeid"]
            text = "  " + glyphs.symbol(self.console, "↳") + " "
            text += _("training: epoch {epoch}/{epochs} loss {loss} accuracy {accuracy}").format(
                epoch=event["epoch"],
                epochs=event["epochs"],
                loss=f"{event['loss']:.4f}",
                accuracy=f"{event['accuracy']:.4f}",
            )
            if nodeid not in self.training:
                self.training[nodeid] = self.progress.add_task(text, total=event["epochs"])
            self.progress.update(self.training[nodeid], completed=event["epoch"], description=text)
