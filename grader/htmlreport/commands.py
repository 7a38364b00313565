"""This package's `coursekit` commands (registered by grader.cli; imports stay lazy)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add this package's commands to the `coursekit` app."""
    app.command("report")(report)


def report(
    results: Annotated[
        Path | None,
        typer.Argument(help="a results JSON (coursekit grade --json) or a batch gradebook folder"),
    ] = None,
    last: Annotated[
        bool,
        typer.Option(
            "--last",
            help="the newest results: .coursekit/last.json or the newest *.json directly in"
            " the report folder",
        ),
    ] = False,
    output: Annotated[Path, typer.Option("--output", "-o", help="the HTML file to write")] = Path(
        "report.html"
    ),
    report_dir: Annotated[
        Path, typer.Option(help="where the grade wrote its learning curves (PNG)")
    ] = Path("reports"),
) -> None:
    """Write one self-contained HTML page (no network needed) of a grade or a class."""
    from rich.console import Console
    from rich.text import Text

    from grader.errors import CourseKitError
    from grader.htmlreport.report import write_report

    console = Console(highlight=False, stderr=True)
    try:
        source, page = write_report(
            results=results, last=last, output=output, report_dir=report_dir
        )
    except CourseKitError as exc:
        console.print(Text.assemble(("error: ", "bold red"), str(exc)))
        raise typer.Exit(2) from None
    except OSError as exc:
        console.print(Text.assemble(("error: ", "bold red"), f"cannot write {output} ({exc})"))
        raise typer.Exit(2) from None
    typer.echo(f"report of {source} written to {page}")
