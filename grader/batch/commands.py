"""`coursekit batch`: a whole class (imports stay lazy: `coursekit --help` is quick)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from grader.i18n import N_, _, status_word

BATCH_STATUSES = {  # a row's batch_status, as shown (the row keeps the English word)
    "graded": N_("graded"),
    "empty": N_("empty"),
    "broken": N_("broken"),
}


def batch_status_word(status: str) -> str:
    """A row's batch status in the current language (error, timeout: the result words)."""
    return _(BATCH_STATUSES[status]) if status in BATCH_STATUSES else status_word(status)


def register(app: typer.Typer) -> None:
    help_text = _(
        "Grade a class: one results JSON per student, a ledger that makes a rerun resume."
    )
    app.command("batch", help=help_text)(batch_command)


def batch_command(
    submissions: Annotated[
        Path, typer.Argument(help=_("a folder with one folder or zip per student"))
    ],
    chapter: Annotated[str, typer.Option(help=_("the chapter to grade: ch1 … ch6"))],
    out: Annotated[Path, typer.Option(help=_("where students/*.json and the ledger go"))],
    jobs: Annotated[int | None, typer.Option(help=_("grading processes [default: 1]"))] = None,
    shard: Annotated[
        str | None, typer.Option(help=_("i/n: grade every n-th student from the i-th (CI matrix)"))
    ] = None,
    only: Annotated[
        str, typer.Option(help=_("comma-separated exercises (softmax,adam): only these are graded"))
    ] = "",
    check_timeout: Annotated[
        float | None, typer.Option(help=_("seconds allowed per check [default: 20]"))
    ] = None,
    sandbox: Annotated[str | None, typer.Option(help=_("bwrap, landlock, uid or plain"))] = None,
    cold: Annotated[
        bool, typer.Option("--cold", help=_("no warm zygote: import TensorFlow per student"))
    ] = False,
) -> None:
    """Grade a class: one results JSON per student, a ledger that makes a rerun resume."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,  # fmt: skip
        TimeRemainingColumn,
    )

    from grader.batch.api import batch
    from grader.cli import _fail, _given
    from grader.errors import CourseKitError

    console = Console(highlight=False)
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn(_("eta")), TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(_("{chapter} batch").format(chapter=chapter), total=None)

        def on_event(event: tuple[Any, ...]) -> None:
            if event[0] == "done":
                progress.advance(task)
                word = batch_status_word(event[2])
                progress.console.print(f"  {event[1]}: {word} {event[3]:.1f} %", style="dim")
            else:
                progress.console.print("[yellow]" + _("note:") + f"[/] {event[1]}")

        try:
            summary = batch(
                submissions=submissions, chapter=chapter, out=out, shard=shard, warm=not cold,
                only=[o.strip() for o in only.split(",") if o.strip()],
                sandbox=sandbox, on_event=on_event,
                on_plan=lambda n: progress.update(task, total=n),
                **_given(jobs=jobs, check_s=check_timeout),
            )  # fmt: skip
        except CourseKitError as exc:
            raise _fail(console, exc) from None
    done = len(summary.graded)
    rate = 60 * done / summary.seconds if summary.seconds and done else 0.0
    console.print(
        _(
            "{count} submission(s): {done} graded now, {skipped} already in the ledger;"
            " {seconds} s ({rate} per minute). Rows: {rows}"
        ).format(
            count=summary.students,
            done=done,
            skipped=summary.skipped,
            seconds=f"{summary.seconds:.1f}",
            rate=f"{rate:.1f}",
            rows=out / "students",
        )
    )
    console.print(_("next: coursekit gradebook build {out}").format(out=out))
