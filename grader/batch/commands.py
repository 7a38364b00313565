"""`coursekit batch`: a whole class (imports stay lazy: `coursekit --help` is quick)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    app.command("batch")(batch_command)


def batch_command(
    submissions: Annotated[
        Path, typer.Argument(help="a folder with one folder or zip per student")
    ],
    chapter: Annotated[str, typer.Option(help="the chapter to grade: ch1 … ch6")],
    out: Annotated[Path, typer.Option(help="where students/*.json and the ledger go")],
    jobs: Annotated[int | None, typer.Option(help="grading processes [default: 1]")] = None,
    shard: Annotated[
        str | None, typer.Option(help="i/n: grade every n-th student from the i-th (CI matrix)")
    ] = None,
    check_timeout: Annotated[
        float | None, typer.Option(help="seconds allowed per check [default: 20]")
    ] = None,
    sandbox: Annotated[str | None, typer.Option(help="bwrap, landlock, uid or plain")] = None,
    cold: Annotated[
        bool, typer.Option("--cold", help="no warm zygote: import TensorFlow per student")
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
               TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(f"{chapter} batch", total=None)

        def on_event(event: tuple[Any, ...]) -> None:
            if event[0] == "done":
                progress.advance(task)
                progress.console.print(f"  {event[1]}: {event[2]} {event[3]:.1f} %", style="dim")
            else:
                progress.console.print(f"[yellow]note:[/] {event[1]}")

        try:
            summary = batch(
                submissions=submissions, chapter=chapter, out=out, shard=shard, warm=not cold,
                sandbox=sandbox, on_event=on_event,
                on_plan=lambda n: progress.update(task, total=n),
                **_given(jobs=jobs, check_s=check_timeout),
            )  # fmt: skip
        except CourseKitError as exc:
            raise _fail(console, exc) from None
    done = len(summary.graded)
    rate = 60 * done / summary.seconds if summary.seconds and done else 0.0
    console.print(
        f"{summary.students} submission(s): {done} graded now, {summary.skipped} already in the"
        f" ledger; {summary.seconds:.1f} s ({rate:.1f} per minute). Rows: {out / 'students'}"
    )
    console.print(f"next: coursekit gradebook build {out}")
