"""Report formats: one module per format, one registry, one way to write a report to a file.

The result records (``grader.results``) know nothing of files; each module here turns a
``GradeReport`` into one format's text, and ``write`` puts it on disk atomically (a reader sees the
old file or the new one, never half, also when the grader fails and writes its report in a
``finally``). A new format is one module with a ``FORMAT`` and one line in ``FORMATS``.

The CLI's ``--report FORMAT=PATH`` goes through ``parse_option``, so a typo is a usage error that
names the formats there are, before anything is graded.
"""

from __future__ import annotations

from pathlib import Path

from grader.errors import UsageError
from grader.formats import classroom, csv_format, gradescope, json_format, junit
from grader.formats.common import Format
from grader.i18n import _
from grader.results import GradeReport, write_atomically

FORMATS: dict[str, Format] = {
    f.name: f
    for f in sorted(
        (
            classroom.FORMAT,
            csv_format.FORMAT,
            gradescope.FORMAT,
            json_format.FORMAT,
            junit.FORMAT,
        ),
        key=lambda f: f.name,
    )
}

__all__ = ["FORMATS", "Format", "get", "parse_option", "render", "write"]


def _known() -> str:
    return ", ".join(FORMATS)


def get(fmt: str) -> Format:
    """The registered format of that name (case and surrounding spaces do not matter)."""
    name = fmt.strip().lower()
    if name not in FORMATS:
        raise UsageError(
            _("unknown report format {format}; expected one of: {formats}").format(
                format=repr(fmt), formats=_known()
            )
        )
    return FORMATS[name]


def render(report: GradeReport, fmt: str) -> str | bytes:
    """The whole content of the report in that format."""
    return get(fmt).render(report)


def write(report: GradeReport, fmt: str, path: Path) -> None:
    """Write the report in that format to ``path`` atomically (folders are created)."""
    write_atomically(Path(path), render(report, fmt))


def parse_option(value: str) -> tuple[str, Path]:
    """``--report FORMAT=PATH`` -> (format name, path). The first ``=`` splits, so a path may hold
    one (and a Windows drive, ``junit=C:\\ci\\r.xml``, needs no quoting of its own)."""
    name, sep, path = value.partition("=")
    if not sep or not name.strip() or not path.strip():
        raise UsageError(
            _(
                "--report expects FORMAT=PATH (e.g. json=out/results.json), received {value};"
                " formats: {formats}"
            ).format(value=repr(value), formats=_known())
        )
    return get(name).name, Path(path.strip())
