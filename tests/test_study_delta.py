"""The delta panel after the scorecard, over a scripted sequence of one exercise:
todo -> failed -> passed -> regressed, printed to a Console(file=StringIO())."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from rich.console import Console
from study_helpers import report, student

from grader.study.delta import ChapterDelta, Delta, DeltaPanel, MetricChange, ago, chapter_line
from grader.study.history import record

T0 = 1_800_000_000.0


def text(renderable: object, **options: object) -> str:
    console = Console(file=StringIO(), width=100, **options)  # type: ignore[arg-type]
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def flat(out: str) -> str:
    """The panel's words on one line: no frame, wrapped lines joined."""
    return " ".join(out.translate(str.maketrans("", "", "│╭╮╰╯─")).split())


def test_scripted_sequence(tmp_path: Path) -> None:
    target = student(tmp_path)
    script = [
        ("todo", 0.0, "first recorded run of ch2"),
        (
            "failed",
            600.0,
            "since your last ch2 run (10 min ago): attempted, not passing yet: softmax",
        ),
        ("passed", 600.0 + 2 * 3600, "since your last ch2 run (2 h ago): ✔ newly passing: softmax"),
        ("failed", 600.0 + 5 * 3600, "✘ regressions: softmax (was passing)"),
    ]
    shown = []
    for status, at, expected in script:
        statuses = {"softmax": status, "mse": "passed"}
        delta = record(report("ch2", statuses), target, now=T0 + at)
        out = text(DeltaPanel(delta))
        shown.append(out)
        assert expected in flat(out), out
    assert "regressions" not in "".join(shown[:3])
    nothing = record(report("ch2", {"softmax": "failed", "mse": "passed"}), target, now=T0 + 10**5)
    assert "(22 h ago): still failing: softmax ch2: 1/2 points" in flat(text(DeltaPanel(nothing)))
    assert "still failing" not in shown[1]  # todo -> failed: a first attempt, not "still"
    print("\n".join(shown))  # the panels, for the record (pytest -s)


def test_regressions_are_bold_red_and_accuracy_has_arrows() -> None:
    delta = Delta(
        (
            ChapterDelta(
                "ch2",
                time=T0 + 7200,
                previous_time=T0,
                earned=10,
                possible=12,
                passed=2,
                total=3,
                newly_passing=("ch2.softmax", "ch2.mse"),
                regressions=("ch2.adam",),
                metrics=(MetricChange("ch3.mnist_mlp", "accuracy", 0.91, 0.94),),
            ),
        )
    )
    plain = flat(text(DeltaPanel(delta)))
    assert "since your last ch2 run (2 h ago): ✔ newly passing: softmax, mse" in plain
    assert "✘ regressions: adam (was passing)" in plain
    assert "accuracy mnist_mlp 0.91 → 0.94 ↑" in plain
    line = chapter_line(delta.chapters[0])
    red = [line.plain[s.start : s.end] for s in line.spans if str(s.style) == "bold red"]
    assert red == ["✘ regressions: adam (was passing)"]
    ansi = text(DeltaPanel(delta), force_terminal=True, color_system="standard")
    assert "\x1b[1;31m✘ regressions: adam" in ansi and "\x1b[31m╭" in ansi  # red frame too


def test_still_failing_and_accuracy_down(tmp_path: Path) -> None:
    target = student(tmp_path)
    record(report("ch3", {"mnist_mlp": "failed"}, mnist_mlp={"accuracy": 0.8}), target, now=T0)
    delta = record(
        report("ch3", {"mnist_mlp": "failed"}, mnist_mlp={"accuracy": 0.7}), target, now=T0 + 90
    )
    out = flat(text(DeltaPanel(delta)))
    assert "still failing: mnist_mlp" in out and "accuracy mnist_mlp 0.8 → 0.7 ↓" in out


def test_empty_delta_and_ago() -> None:
    assert text(DeltaPanel(Delta())).strip() == ""
    assert [ago(s) for s in (5, 600, 7200, 3 * 86400)] == [
        "just now",
        "10 min ago",
        "2 h ago",
        "3 days ago",
    ]
