"""A batch gradebook as one page: the class's score distribution, each exercise's spread of
statuses and mean points (small inline SVG bars), and one row per student.

A gradebook folder holds ``students/<name>.json``: one results JSON per student with the batch's
own fields (``student``, ``batch_status``, ``batch_reason``). Every value is untrusted text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.chapters import title
from grader.errors import UsageError
from grader.htmlreport.inputs import chapters_of, exercises_of, gradebook_files, read_json
from grader.htmlreport.page import (
    STATUS_MARKS,
    document,
    heads,
    number,
    status_badge,
    status_word,
    text,
    tr,
)
from grader.i18n import _

COLOURS = {"passed": "#2e9d55", "failed": "#d0453b", "error": "#e08a1e", "timeout": "#9b59c7",
           "todo": "#b8bec7", "skipped": "#6d9bd1", "other": "#555"}  # fmt: skip
BAR_WIDTH, BAR_HEIGHT = 260, 16


@dataclass
class ExerciseSpread:
    title: str = ""
    statuses: Counter[str] = field(default_factory=Counter)
    earned: list[float] = field(default_factory=list)
    possible: float = 0.0


def _float(value: object) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value == value
    return float(value) if ok and abs(float(value)) < 1e12 else None  # type: ignore[arg-type]


def spreads(students: list[dict[str, Any]]) -> dict[str, ExerciseSpread]:
    """Per exercise id, in first-seen order: statuses counted, points earned per student."""
    found: dict[str, ExerciseSpread] = {}
    for results in students:
        for chapter in chapters_of(results):
            for ex in exercises_of(chapter):
                spread = found.setdefault(str(ex.get("id", "?"))[:200], ExerciseSpread())
                spread.title = spread.title or str(ex.get("title", ""))
                status = ex.get("status")
                spread.statuses[status if status in STATUS_MARKS else "other"] += 1
                earned, possible = _float(ex.get("earned")), _float(ex.get("possible"))
                if earned is not None:
                    spread.earned.append(earned)
                spread.possible = max(spread.possible, possible or 0.0)
    return found


def status_bar(counts: Counter[str]) -> str:
    """One stacked bar: the share of students in each status, a tooltip per segment."""
    total = sum(counts.values()) or 1
    x, rects = 0.0, []
    for status in [*STATUS_MARKS, "other"]:
        n = counts.get(status, 0)
        if not n:
            continue
        width = BAR_WIDTH * n / total
        rects.append(
            f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="{BAR_HEIGHT}"'
            f' fill="{COLOURS[status]}"><title>{text(status_word(status), 40)}: {n}</title></rect>'
        )
        x += width
    label = ", ".join(f"{status_word(s)}: {n}" for s, n in counts.items())
    return (
        f'<svg width="{BAR_WIDTH}" height="{BAR_HEIGHT}" role="img" aria-label="{text(label)}"'
        f' xmlns="http://www.w3.org/2000/svg">{"".join(rects)}</svg>'
    )


def histogram(percents: list[float]) -> str:
    """The class's scores in ten bins (0-10 %, …, 90-100 %), as an inline SVG."""
    bins = [0] * 10
    for p in percents:
        bins[min(9, max(0, int(p // 10)))] += 1
    top, width, height = max(bins) or 1, 36, 120
    bars = []
    for i, n in enumerate(bins):
        h = height * n / top
        x = i * width + 2
        bars.append(
            f'<rect x="{x}" y="{height - h + 14:.1f}" width="{width - 4}" height="{h:.1f}"'
            f' fill="#3b6ea8"><title>{i * 10}-{i * 10 + 10} %: {n}</title></rect>'
            f'<text x="{x + (width - 4) / 2}" y="{height + 28}" font-size="10"'
            f' text-anchor="middle">{i * 10}</text>'
            + (
                f'<text x="{x + (width - 4) / 2}" y="{height - h + 11:.1f}" font-size="10"'
                f' text-anchor="middle">{n}</text>'
                if n
                else ""
            )  # fmt: skip
        )
    label = text(_("score distribution"))
    return (
        f'<svg width="{10 * width + 4}" height="{height + 34}" role="img"'
        f' aria-label="{label}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>'
    )


def exercise_table(found: dict[str, ExerciseSpread]) -> str:
    rows = []
    for ex_id, s in found.items():
        mean = sum(s.earned) / len(s.earned) if s.earned else None
        passed = f"{s.statuses.get('passed', 0)} / {sum(s.statuses.values())}"
        rows.append(
            f"<tr><td><code>{text(ex_id, 200)}</code></td><td>{text(title(s.title), 300)}</td>"
            f"<td>{status_bar(s.statuses)}</td><td class='num'>{passed}</td>"
            f"<td class='num'>{number(round(mean, 2)) if mean is not None else '?'}"
            f" / {number(s.possible)}</td></tr>"
        )
    head = heads(
        tr("exercise"), tr("title"), tr("statuses"), tr("passed"), tr("mean points"), num=2
    )
    return f"<table>{head}\n" + "\n".join(rows) + "</table>"


def student_table(named: list[tuple[str, dict[str, Any]]]) -> str:
    rows = []
    for name, results in named:
        found = results.get("score")
        score: dict[str, Any] = found if isinstance(found, dict) else {}
        reason = results.get("batch_reason") or ""
        rows.append(
            f"<tr><td>{text(results.get('student') or name, 200)}</td>"
            f"<td>{status_badge(results.get('batch_status', '?'))} {text(reason, 300)}</td>"
            f"<td class='num'>{number(score.get('earned'))} / {number(score.get('possible'))}</td>"
            f"<td class='num'>{number(score.get('percent'))} %</td></tr>"
        )
    head = heads(tr("student"), tr("batch status"), tr("points"), tr("score"), num=2)
    return f"<table>{head}\n" + "\n".join(rows) + "</table>"


def class_page(folder: Path) -> str:
    named: list[tuple[str, dict[str, Any]]] = []
    for path in gradebook_files(folder):
        try:
            named.append((path.stem, read_json(path)))
        except UsageError:
            named.append((path.stem, {"batch_status": "unreadable", "batch_reason": path.name}))
    percents = []
    for _name, results in named:
        score = results.get("score")
        value = _float(score.get("percent")) if isinstance(score, dict) else None
        if value is not None:
            percents.append(value)
    mean = f"{sum(percents) / len(percents):.1f} %" if percents else "?"
    body = [
        "<h1>" + tr("coursekit class report") + "</h1>",
        '<p class="meta">'
        + tr("from {source} · {count} student(s)", source=text(folder, 300), count=str(len(named)))
        + "</p>",
        '<p class="score" id="score">' + tr("class mean {mean}", mean=mean) + "</p>",
        "<h2>" + tr("Scores") + "</h2>",
        histogram(percents),
        "<h2>" + tr("Per exercise") + "</h2>",
        exercise_table(spreads([r for _name, r in named])),
        "<h2>" + tr("Students") + "</h2>",
        student_table(named),
    ]
    return document(_("coursekit class report: {folder}").format(folder=folder.name), body)
