"""What changed since the previous run of a chapter, as data (Delta) and on screen (DeltaPanel).

The history computes a Delta when it stores a run; the panel prints it after the scorecard:
newly passing, regressions (bold red), still failing, and accuracy-like metrics up or down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.text import Text

from grader import glyphs
from grader.i18n import _, ngettext

# The metrics a student wants to see move; everything else a check records (epochs, seeds,
# thresholds, timings) is context. Accuracy goes up when it gets better, errors go down.
HIGHER_IS_BETTER = ("accuracy",)
LOWER_IS_BETTER = ("rmse", "mse", "mae", "loss")
NOT_PASSING = ("failed", "error", "timeout")  # attempted, and not (yet) right


def tracked(metric: str) -> bool:
    """Is ``metric`` accuracy-like (worth comparing between runs)?"""
    name = metric.lower()
    if name.startswith("naive_"):
        return False
    return any(k in name for k in HIGHER_IS_BETTER) or name in LOWER_IS_BETTER


@dataclass(frozen=True)
class State:
    """One exercise in one run: its status and its numeric metrics."""

    status: str
    earned: float = 0.0
    possible: float = 0.0
    metrics: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class MetricChange:
    exercise: str
    metric: str
    before: float
    after: float

    @property
    def up(self) -> bool:
        return self.after > self.before

    @property
    def better(self) -> bool:
        return self.up == any(k in self.metric.lower() for k in HIGHER_IS_BETTER)


@dataclass(frozen=True)
class ChapterDelta:
    chapter: str
    time: float  # this run (seconds since the epoch)
    previous_time: float | None  # the chapter's previous run; None: the first recorded one
    earned: float
    possible: float
    passed: int
    total: int
    newly_passing: tuple[str, ...] = ()
    regressions: tuple[str, ...] = ()
    still_failing: tuple[str, ...] = ()  # not passing now, nor in its previous recorded run
    attempted: tuple[str, ...] = ()  # todo (or never recorded) before, not passing now
    metrics: tuple[MetricChange, ...] = ()
    # exercises not passing in this run -> consecutive recorded runs they were not passing
    streaks: Mapping[str, int] = field(default_factory=dict)

    @property
    def first(self) -> bool:
        return self.previous_time is None


@dataclass(frozen=True)
class Delta:
    """What one grade changed, one ChapterDelta per graded chapter (exercise ids are unique
    across chapters, so the lists below are simply joined)."""

    chapters: tuple[ChapterDelta, ...] = ()

    @property
    def newly_passing(self) -> list[str]:
        return [e for c in self.chapters for e in c.newly_passing]

    @property
    def regressions(self) -> list[str]:
        return [e for c in self.chapters for e in c.regressions]

    @property
    def still_failing(self) -> list[str]:
        return [e for c in self.chapters for e in c.still_failing]

    @property
    def accuracy_up(self) -> list[MetricChange]:
        return [m for c in self.chapters for m in c.metrics if m.better]

    @property
    def accuracy_down(self) -> list[MetricChange]:
        return [m for c in self.chapters for m in c.metrics if not m.better]

    @property
    def streaks(self) -> dict[str, int]:
        return {k: v for c in self.chapters for k, v in c.streaks.items()}


def compare(
    chapter: str,
    before: Mapping[str, State],
    now: Mapping[str, State],
    *,
    time: float,
    previous_time: float | None,
    streaks: Mapping[str, int] | None = None,
) -> ChapterDelta:
    """``before``: each exercise's latest earlier state (absent: never recorded); ``now``: this
    run's states, in course order."""
    newly: list[str] = []
    regressions: list[str] = []
    still: list[str] = []
    attempted: list[str] = []
    changes: list[MetricChange] = []
    for ex, state in now.items():
        old = before.get(ex)
        if previous_time is None or state.status == "skipped":
            pass
        elif state.status == "passed":
            if old is None or old.status != "passed":
                newly.append(ex)
        elif old is not None and old.status == "passed":
            regressions.append(ex)
        elif state.status in NOT_PASSING:
            (still if old is not None and old.status in NOT_PASSING else attempted).append(ex)
        if old is None:
            continue
        for name, value in state.metrics.items():
            prev = old.metrics.get(name)
            if tracked(name) and prev is not None and abs(prev - value) > 1e-9:
                changes.append(MetricChange(ex, name, prev, value))
    graded = [s for s in now.values() if s.status != "skipped"]
    return ChapterDelta(
        chapter,
        time,
        previous_time,
        earned=sum(s.earned for s in graded),
        possible=sum(s.possible for s in graded),
        passed=sum(s.status == "passed" for s in now.values()),
        total=len(now),
        newly_passing=tuple(newly),
        regressions=tuple(regressions),
        still_failing=tuple(still),
        attempted=tuple(attempted),
        metrics=tuple(changes),
        streaks=dict(streaks or {}),
    )


def ago(seconds: float) -> str:
    """'just now', '12 min ago', '2 h ago', '3 days ago'."""
    if seconds < 60:
        return _("just now")
    if seconds < 3600:
        return _("{count} min ago").format(count=int(seconds // 60))
    if seconds < 2 * 86400:
        return _("{count} h ago").format(count=int(seconds // 3600))
    return _("{count} days ago").format(count=int(seconds // 86400))


def _short(exercise_id: str) -> str:
    return exercise_id.split(".", 1)[-1]


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def chapter_line(delta: ChapterDelta) -> Text:
    """One chapter's changes as one line of styled text."""
    if delta.first:
        return Text(_("first recorded run of {chapter}").format(chapter=delta.chapter))
    assert delta.previous_time is not None
    when = ago(max(0.0, delta.time - delta.previous_time))
    parts: list[Text] = []
    if delta.newly_passing:
        names = ", ".join(_short(e) for e in delta.newly_passing)
        parts.append(Text.assemble(("✔ " + _("newly passing: "), "green"), names))
    if delta.regressions:
        names = ", ".join(_short(e) for e in delta.regressions)
        text = ngettext(
            "regressions: {names} (was passing)",
            "regressions: {names} (were passing)",
            len(delta.regressions),
        ).format(names=names)
        parts.append(Text("✘ " + text, style="bold red"))
    if delta.still_failing:
        names = ", ".join(_short(e) for e in delta.still_failing)
        parts.append(Text(_("still failing: {names}").format(names=names), style="yellow"))
    if delta.attempted:
        names = ", ".join(_short(e) for e in delta.attempted)
        parts.append(
            Text(_("attempted, not passing yet: {names}").format(names=names), style="yellow")
        )
    for m in delta.metrics:
        arrow = "↑" if m.up else "↓"
        style = "green" if m.better else "red"
        parts.append(
            Text.assemble(
                f"{m.metric} {_short(m.exercise)} {_fmt(m.before)} → {_fmt(m.after)} ",
                (arrow, style),
            )
        )
    if not parts:
        parts.append(Text(_("no change"), style="dim"))
    line = Text(
        _("since your last {chapter} run ({when}): ").format(chapter=delta.chapter, when=when)
    )
    line.append_text(Text(" · ").join(parts))
    return line


def score(delta: ChapterDelta) -> str:
    return _("{earned}/{possible} points, {passed} of {total} passing").format(
        earned=f"{delta.earned:g}",
        possible=f"{delta.possible:g}",
        passed=delta.passed,
        total=delta.total,
    )


class DeltaPanel:
    """The delta after the scorecard; its border turns red when something regressed."""

    def __init__(self, delta: Delta) -> None:
        self.delta = delta

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from glyphs.safe_render(console, options, [self.__rich__()])  # ✔ ✘ on GBK

    def __rich__(self) -> Panel | Text:
        if not self.delta.chapters:
            return Text("")
        body = Text("\n").join(chapter_line(c) for c in self.delta.chapters)
        style = "red" if self.delta.regressions else "green" if self.delta.newly_passing else "dim"
        subtitle = "; ".join(f"{c.chapter}: {score(c)}" for c in self.delta.chapters)
        return Panel(
            body,
            title=_("since last time"),
            title_align="left",
            subtitle=subtitle,
            subtitle_align="right",
            border_style=style,
        )
