"""The gradebook for a person: a rich table in the terminal and one PNG.

The table answers what an instructor asks first: which exercise did the class find hard (mean,
pass rate) and why (the check that failed most often), then how the totals spread. The PNG shows
the same two things for a slide: pass rate per exercise, and a histogram of totals.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table

from grader import plotlang
from grader.gradebook.table import Gradebook, batch_status_word
from grader.i18n import N_, _
from grader.results import clean


def _fmt(value: float, spec: str = ".2f") -> str:
    return "—" if math.isnan(value) else format(value, spec)


def exercise_table(book: Gradebook) -> Table:
    table = Table(title=_("Per exercise"), title_justify="left")
    for name, justify in [(_("exercise"), "left"), (_("points"), "right"), (_("mean"), "right")]:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column(_("pass rate"), justify="right")
    table.add_column(_("most frequent failing check (students)"), overflow="fold")
    for row in book.exercises.to_dict("records"):
        name, count = clean(row["top_failing"], 80), int(row["top_failing_count"])
        top = f"{escape(name)} ({count})" if name else ""  # a check name is not markup
        rate = float(row["pass_rate"])
        shown = "—" if math.isnan(rate) else f"{100 * rate:.0f} %"
        points = f"{float(row['possible']):g}"
        table.add_row(str(row["exercise"]), points, _fmt(float(row["mean"])), shown, top)
    return table


def summary_table(book: Gradebook) -> Table:
    """The class's totals: counts per batch status, then the spread of graded totals."""
    students = book.students
    graded = students[students["status"] == "graded"]["total"]
    table = Table(title=_("Class totals"), title_justify="left", show_header=False)
    table.add_column(_("what"))
    table.add_column(_("value"), justify="right")
    counts = students["status"].value_counts()
    table.add_row(_("students"), str(len(students)))
    for status in sorted(counts.index):
        table.add_row(f"  {escape(batch_status_word(status))}", str(int(counts[status])))
    possible = float(students["possible"].iloc[0]) if len(students) else 0.0
    table.add_row(_("points possible"), f"{possible:g}")
    if len(graded):
        quartiles = graded.quantile([0.25, 0.5, 0.75])
        table.add_row(_("mean (graded)"), f"{graded.mean():.2f}")
        table.add_row(_("min / max"), f"{graded.min():g} / {graded.max():g}")
        table.add_row(_("quartiles"), " / ".join(f"{q:.2f}" for q in quartiles))
    return table


def render(book: Gradebook) -> Group:
    return Group(exercise_table(book), summary_table(book))


def print_gradebook(book: Gradebook, console: Console | None = None) -> None:
    (console or Console()).print(render(book))


# The PNG's words: Chinese only where matplotlib has a font with the glyphs (grader.plotlang).
PASS_RATE_AXIS = N_("pass rate (%)")
PASS_RATE_TITLE = N_("Pass rate per exercise")
TOTAL_AXIS = N_("total points (of {possible})")
STUDENTS_AXIS = N_("students")
TOTALS_TITLE = N_("Totals of {count} graded students")


def png_words() -> tuple[Callable[[str], str], dict[str, Any]]:
    """How the PNG's labels are translated, and the rcParams that make them drawable: Chinese
    with a CJK font where one is installed, else English (the message ids) and no change."""
    params = plotlang.font_params()
    return (_ if params else (lambda text: text)), params


def draw_png(book: Gradebook, path: Path) -> None:
    """Pass rate per exercise (bars) beside a histogram of graded totals; Agg, no display."""
    import matplotlib

    matplotlib.use("Agg")
    word, params = png_words()
    if params:
        try:
            with matplotlib.rc_context(params):  # type: ignore[arg-type]
                _draw(book, path, word)
            return
        except Exception:  # noqa: BLE001 - the font failed: drawn again in English below
            pass
    _draw(book, path, lambda text: text)


def _draw(book: Gradebook, path: Path, word: Callable[[str], str]) -> None:
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(12, 5), layout="constrained")
    bars, hist = fig.subplots(1, 2, width_ratios=[2, 1])
    names = [e.split(".", 1)[-1] for e in book.exercises["exercise"]]
    rates = [0.0 if math.isnan(r) else 100 * r for r in book.exercises["pass_rate"]]
    bars.bar(names, rates, color="#4c72b0")
    bars.set_ylim(0, 100)
    bars.set_ylabel(word(PASS_RATE_AXIS))
    bars.set_title(word(PASS_RATE_TITLE))
    bars.tick_params(axis="x", labelrotation=60, labelsize=8)
    students = book.students
    graded = students[students["status"] == "graded"]["total"]
    possible = float(students["possible"].iloc[0]) if len(students) else 1.0
    hist.hist(graded, bins=10, range=(0, possible or 1.0), color="#55a868", edgecolor="white")
    hist.set_xlabel(word(TOTAL_AXIS).format(possible=f"{possible:g}"))
    hist.set_ylabel(word(STUDENTS_AXIS))
    hist.yaxis.set_major_locator(MaxNLocator(integer=True))  # students come whole
    hist.set_title(word(TOTALS_TITLE).format(count=len(graded)))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
