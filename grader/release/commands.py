"""This package's `coursekit` commands (registered by grader.cli; imports stay lazy).

``coursekit edition student OUT`` / ``coursekit edition autograder OUT --chapter ch2`` write what
is handed out (``coursekit release --stubs`` only regenerates exercises/ from solutions/);
``coursekit ci-template github|gitlab -o FILE`` writes a CI workflow that grades.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from grader.errors import CourseKitError
from grader.i18n import _


def _fail(console: Console, exc: CourseKitError) -> typer.Exit:
    console.print("[bold red]" + _("error:") + f"[/] {exc}")
    return typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add this package's commands to the `coursekit` app."""
    edition = typer.Typer(help=_("Write an edition of the kit: what students get, what grades."))
    app.add_typer(edition, name="edition")

    @edition.command(
        "student",
        help=_(
            "Stubs, engine, public checks, samples, README (en, zh); no references, hidden checks."
        ),
    )
    def student_cmd(
        out: Annotated[Path, typer.Argument(help=_("a new or empty folder"))],
    ) -> None:
        """Stubs, engine, public checks, samples, README (en, zh); no references, hidden checks."""
        from grader.release.student import write_student_edition

        console = Console(highlight=False)
        try:
            public = write_student_edition(out)
        except CourseKitError as exc:
            raise _fail(console, exc) from None
        counts = ", ".join(f"{ch} {n}" for ch, n in public.items())
        console.print(
            _("student edition written to {folder} (public checks: {counts})").format(
                folder=out, counts=counts
            )
        )

    @edition.command(
        "autograder",
        help=_(
            "Everything grading needs, and a Gradescope autograder.zip (setup.sh, run_autograder)."
        ),
    )
    def autograder_cmd(
        out: Annotated[Path, typer.Argument(help=_("a new or empty folder"))],
        chapter: Annotated[str, typer.Option(help=_("the chapter Gradescope grades"))] = "ch2",
    ) -> None:
        """Everything grading needs, and a Gradescope autograder.zip (setup.sh, run_autograder)."""
        from grader.release.autograder import write_autograder_edition

        console = Console(highlight=False)
        try:
            zip_path = write_autograder_edition(out, chapter=chapter)
        except CourseKitError as exc:
            raise _fail(console, exc) from None
        console.print(
            _("autograder edition written to {folder}; upload {zip} to Gradescope").format(
                folder=out, zip=zip_path
            )
        )

    @app.command(
        "ci-template",
        help=_(
            "A CI workflow: install the kit, grade, upload the reports, fail under --min-score."
        ),
    )
    def ci_template_cmd(
        system: Annotated[str, typer.Argument(help=_("github or gitlab"))],
        output: Annotated[Path, typer.Option("-o", "--output", help=_("the workflow file"))],
        chapter: Annotated[str, typer.Option(help=_("the chapter to grade"))] = "ch2",
        shards: Annotated[
            int, typer.Option(help=_("0: one student's repository; N: a class in N parallel jobs"))
        ] = 0,
        min_score: Annotated[float, typer.Option(help=_("fail below this percent"))] = 60.0,
        kit: Annotated[
            str,
            typer.Option(
                help=_(
                    "what pip installs: '.' (the repository holds the kit) or the git URL of"
                    " the instructor's autograder edition"
                )
            ),
        ] = ".",
    ) -> None:
        """A CI workflow: install the kit, grade, upload the reports, fail under --min-score."""
        from grader.release.ci import write_template

        console = Console(highlight=False)
        try:
            write_template(
                system, output, chapter=chapter, shards=shards, min_score=min_score, kit=kit
            )
        except CourseKitError as exc:
            raise _fail(console, exc) from None
        console.print(_("{system} workflow written to {file}").format(system=system, file=output))
