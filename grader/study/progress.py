"""Every chapter at a glance, from the history: points, exercises passed, when; the points
over time as a plot; and the next exercise to work on.

A run graded with --only holds a few exercises: the state of a chapter is each exercise's
latest recorded state, so such a run updates its exercises and keeps the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.table import Table

from grader import chapters as registry
from grader import plotlang
from grader.i18n import N_, _
from grader.study import history
from grader.study.delta import State, ago


@dataclass(frozen=True)
class ChapterProgress:
    chapter: str
    title: str
    earned: float
    possible: float  # the chapter's points
    passed: int
    total: int
    last_time: float | None  # None: never graded
    runs: int


def latest_states(runs: list[history.Run]) -> dict[str, State]:
    """Each exercise's latest recorded state over ``runs`` (oldest first)."""
    states: dict[str, State] = {}
    for run in runs:
        states.update(run.exercises)
    return states


def overview(target: Path) -> list[ChapterProgress]:
    """One row per chapter of the registry, from ``target``'s history."""
    all_runs = history.runs(target)
    rows = []
    for ch in registry.CHAPTERS:
        runs = [r for r in all_runs if r.chapter == ch.id]
        states = latest_states(runs)
        known = [states[e.id] for e in ch.exercises if e.id in states]
        rows.append(
            ChapterProgress(
                ch.id,
                ch.title,
                earned=sum(s.earned for s in known),
                possible=ch.points,
                passed=sum(s.status == "passed" for s in known),
                total=len(ch.exercises),
                last_time=runs[-1].time if runs else None,
                runs=len(runs),
            )
        )
    return rows


def table(rows: list[ChapterProgress], now: float) -> Table:
    out = Table(title=_("your progress"), title_justify="left")
    out.add_column(_("chapter"), style="cyan", no_wrap=True)
    out.add_column(_("title"))
    out.add_column(_("points"), justify="right", no_wrap=True)
    out.add_column(_("passed"), justify="right", no_wrap=True)
    out.add_column(_("last graded"), no_wrap=True)
    out.add_column(_("runs"), justify="right")
    for r in rows:
        when = ago(max(0.0, now - r.last_time)) if r.last_time is not None else _("never")
        style = "green" if r.total and r.passed == r.total else ""
        out.add_row(
            r.chapter,
            registry.title(r.title),
            f"{r.earned:g}/{r.possible:g}",
            f"{r.passed}/{r.total}",
            when,
            str(r.runs),
            style=style,
        )
    return out


def series(target: Path) -> dict[str, list[tuple[float, float]]]:
    """Chapter -> [(time, points)] after each of its runs (latest state of every exercise)."""
    out: dict[str, list[tuple[float, float]]] = {}
    states: dict[str, dict[str, State]] = {}
    for run in history.runs(target):
        chapter_states = states.setdefault(run.chapter, {})
        chapter_states.update(run.exercises)
        points = sum(s.earned for s in chapter_states.values())
        out.setdefault(run.chapter, []).append((run.time, points))
    return out


def plot(target: Path, path: Path) -> Path:
    """Points over time, one line per chapter, as a PNG at ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    try:
        for chapter, points in sorted(series(target).items()):
            times = [datetime.fromtimestamp(t) for t, _ in points]
            ax.plot(times, [p for _, p in points], marker="o", label=chapter)  # type: ignore[arg-type]
        word = plotlang.labels()  # Chinese only where matplotlib has a font that draws it
        ax.set_title(word(N_("points per chapter over time")))
        ax.set_xlabel(word(N_("when graded")))
        ax.set_ylabel(word(N_("points")))
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
        fig.autofmt_xdate()
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path)
    finally:
        plt.close(fig)
    return path


def next_exercise(target: Path) -> tuple[registry.Exercise, State | None] | None:
    """The first exercise in course order whose latest state is not passed (skipped ones, which
    this machine cannot run, are passed over); with no history, the course's first exercise;
    None when every exercise has passed."""
    states = latest_states(history.runs(target))
    for ch in registry.CHAPTERS:
        for e in ch.exercises:
            state = states.get(e.id)
            if state is None or state.status not in ("passed", "skipped"):
                return e, state
    return None
