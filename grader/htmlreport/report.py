"""``coursekit report``: one self-contained HTML page of a grade or of a batch gradebook.

The page needs nothing beside itself: CSS inline, figures inlined as ``data:image/png;base64``,
no font, script or other file fetched (its Content-Security-Policy forbids it too).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from grader.errors import UsageError
from grader.htmlreport.inputs import chapters_of, figures, last_results, read_json
from grader.htmlreport.page import chapter_section, document, header, score_line, tr
from grader.i18n import _


def results_page(results: dict[str, Any], source: str, report_dir: Path) -> str:
    """The page of one results JSON (one chapter, or `grade all`'s chapters)."""
    chapters = chapters_of(results)
    several = "chapters" in results
    body = [header(results, source)]
    for chapter in chapters:
        body.append(chapter_section(chapter, figures(chapter, report_dir), titled=several))
    if not chapters:
        body.append("<p>" + tr("No exercises were graded.") + "</p>")
    name = results.get("chapter") or ("all" if several else "")
    title = _("coursekit report: {name} {score}").format(
        name=name, score=score_line(results.get("score"))
    )
    return document(title, body)


def source_of(results: Path | None, *, last: bool, report_dir: Path, cwd: Path) -> Path:
    """What to render: RESULTS (a JSON or a gradebook folder), or with ``--last`` the newest
    results (see ``inputs.last_results``)."""
    if last and results is not None:
        raise UsageError(_("expected RESULTS or --last, not both"))
    if last:
        return last_results(report_dir, cwd)
    if results is None:
        raise UsageError(_("expected a results JSON, a gradebook folder, or --last"))
    if not results.exists():
        raise UsageError(
            _("expected a results JSON or a gradebook folder; {path} does not exist").format(
                path=results
            )
        )
    return results


def render(source: Path, report_dir: Path) -> str:
    if source.is_dir():
        from grader.htmlreport.classview import class_page

        return class_page(source)
    return results_page(read_json(source), source.name, report_dir)


def write_report(
    *,
    results: Path | None = None,
    last: bool = False,
    output: Path = Path("report.html"),
    report_dir: Path = Path("reports"),
    cwd: Path | None = None,
) -> tuple[Path, Path]:
    """Write the page of ``results`` (or the newest results, ``last``) to ``output``; figures
    come from inside ``report_dir``. Returns (what was rendered, where the page is)."""
    from grader.results import write_atomically

    source = source_of(results, last=last, report_dir=report_dir, cwd=cwd or Path.cwd())
    write_atomically(output, render(source, report_dir))
    return source, output
