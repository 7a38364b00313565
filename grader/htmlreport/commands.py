"""This package's `coursekit` commands (registered by grader.cli; imports stay lazy)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from grader.i18n import _

ERROR_STYLE = "bold red"  # a rich style


def register(app: typer.Typer) -> None:
    """Add this package's commands to the `coursekit` app."""
    app.command(
        "report",
        help=_("Write one self-contained HTML page (no network needed) of a grade or a class."),
    )(report)


def report(
    results: Annotated[
        Path | None,
        typer.Argument(
            help=_("a results JSON (coursekit grade --json) or a batch gradebook folder")
        ),
    ] = None,
    last: Annotated[
        bool,
        typer.Option(
            "--last",
            help=_(
                "the newest results: .coursekit/last.json or the newest *.json directly in"
                " the report folder"
            ),
        ),
    ] = False,
    output: Annotated[
        Path, typer.Option("--output", "-o", help=_("the HTML file to write"))
    ] = Path("report.html"),
    report_dir: Annotated[
        Path, typer.Option(help=_("where the grade wrote its learning curves (PNG)"))
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
        console.print(Text.assemble((_("error:") + " ", ERROR_STYLE), str(exc)))
        raise typer.Exit(2) from None
    except OSError as exc:
        cannot = _("cannot write {file} ({error})").format(file=output, error=exc)
        console.print(Text.assemble((_("error:") + " ", ERROR_STYLE), cannot))
        raise typer.Exit(2) from None
    typer.echo(_("report of {source} written to {page}").format(source=source, page=page))
