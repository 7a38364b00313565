"""This package's `coursekit` commands (registered by grader.cli; imports stay lazy).

``coursekit gradebook build | merge | similarity``: each command parses, calls a keyword-only
function that owns the defaults, and prints. pandas, matplotlib and copydetect are imported
inside those functions so that ``coursekit --help`` stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from grader.errors import CourseKitError
from grader.i18n import _

if TYPE_CHECKING:
    from rich.console import Console

    from grader.gradebook.table import Gradebook


@dataclass(frozen=True)
class BuildResult:
    book: Gradebook
    files: list[Path]


def build(
    *, batch_dir: Path, out: Path | None = None, roster: Path | None = None,
    console: Console | None = None,
) -> BuildResult:  # fmt: skip
    """Read ``batch_dir/students/*.json``; write gradebook.csv, canvas.csv, moodle.csv and
    gradebook.png under ``out`` (default ``batch_dir/gradebook``); print the tables."""
    from grader.gradebook import exports, render, table

    out = out or batch_dir / "gradebook"
    if not (batch_dir / "students").is_dir():
        raise CourseKitError(
            _("expected a batch folder with students/, received {folder}").format(folder=batch_dir)
        )
    people = exports.read_roster(roster) if roster else None
    book = table.load(batch_dir)
    files = [out / n for n in ("gradebook.csv", "canvas.csv", "moodle.csv", "gradebook.png")]
    exports.write_gradebook_csv(book, files[0])
    exports.write_canvas(book, files[1], people)
    exports.write_moodle(book, files[2], people)
    render.draw_png(book, files[3])
    if console is not None:
        render.print_gradebook(book, console)
    return BuildResult(book, files)


def register(app: typer.Typer) -> None:
    """Add ``coursekit gradebook ...`` to the `coursekit` app."""
    gradebook = typer.Typer(help=_("A class's gradebook: tables, LMS exports, similarity."))
    app.add_typer(gradebook, name="gradebook")

    def fail(exc: CourseKitError) -> None:
        typer.echo(_("error:") + f" {exc}", err=True)
        raise typer.Exit(2)

    @gradebook.command(
        "build", help=_("Gradebook CSV, Canvas and Moodle imports, a PNG, and the class table.")
    )
    def build_cmd(
        batch_dir: Annotated[Path, typer.Argument(help=_("a `coursekit batch --out` folder"))],
        out: Annotated[
            Path | None, typer.Option(help=_("where the files go (default DIR/gradebook)"))
        ] = None,
        roster: Annotated[
            Path | None, typer.Option(help=_("CSV: student,name,email,sis_id,section"))
        ] = None,
    ) -> None:
        """Gradebook CSV, Canvas and Moodle imports, a PNG, and the class table."""
        from rich.console import Console

        try:
            result = build(batch_dir=batch_dir, out=out, roster=roster, console=Console())
        except CourseKitError as exc:
            fail(exc)
        for path in result.files:
            typer.echo(_("wrote {path}").format(path=path))

    @gradebook.command(
        "merge",
        help=_(
            "Join shard folders into one batch folder; one student, two submissions is an error."
        ),
    )
    def merge_cmd(
        out: Annotated[Path, typer.Argument(help=_("the merged batch folder"))],
        shards: Annotated[list[Path], typer.Argument(help=_("shard folders (batch --shard i/n)"))],
    ) -> None:
        """Join shard folders into one batch folder; one student, two submissions is an error."""
        from grader.gradebook.merge import merge

        try:
            written = merge(out=out, shards=shards)
        except CourseKitError as exc:
            fail(exc)
        typer.echo(
            _("merged {count} students into {folder}").format(
                count=len(written), folder=out / "students"
            )
        )

    @gradebook.command(
        "similarity",
        help=_("Pairs of students with similar files, and functions copied from the references."),
    )
    def similarity_cmd(
        submissions: Annotated[Path, typer.Argument(help=_("the class's submissions folder"))],
        out: Annotated[Path, typer.Option(help=_("where the two CSVs go"))],
        threshold: Annotated[float, typer.Option(help=_("report pairs at or above (0-1)"))] = 0.8,
        chapter: Annotated[
            str, typer.Option(help=_("the chapter whose files are compared"))
        ] = "ch2",
    ) -> None:
        """Pairs of students with similar files, and functions copied from the references."""
        from grader.chapters import chapter as known_chapter
        from grader.gradebook.similarity import similarity

        try:
            known_chapter(chapter)
            pairs, copies = similarity(
                submissions=submissions, out=out, chapter=chapter, threshold=threshold
            )
        except CourseKitError as exc:
            fail(exc)
        typer.echo(
            _("{count} pair(s) at or above {threshold}: {path}").format(
                count=len(pairs), threshold=threshold, path=out / "similarity.csv"
            )
        )
        typer.echo(
            _("{count} reference copy(ies): {path}").format(
                count=len(copies), path=out / "reference_copies.csv"
            )
        )
