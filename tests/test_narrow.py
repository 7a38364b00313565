"""`coursekit list` and the scorecard on an 80-column terminal: ids whole, titles never broken
one word per line; at 120 columns and more every title stays on its row's line."""

import pytest

from conftest import run_cli
from grader.chapters import CHAPTERS
from grader.results import ChapterResult, CheckResult, ExerciseResult, GradeReport
from grader.scorecard import render_text

EXERCISES = [e for ch in CHAPTERS for e in ch.exercises]
STATUSES = ["passed", "failed", "todo", "error", "timeout", "skipped"]


def _report() -> GradeReport:
    chapters = []
    for ch in CHAPTERS:
        exercises = [
            ExerciseResult(e.id, e.title, e.points, [CheckResult(e.id, "t", STATUSES[i % 6])])
            for i, e in enumerate(ch.exercises)
        ]
        chapters.append(ChapterResult(ch.id, ch.title, "exercises", exercises, hardware={}))
    return GradeReport(chapters)


def _title_lines(text: str, header: str, end_column: str, stop=lambda title: False):
    """{exercise id: the lines its title takes}, read between the header's column names."""
    lines = text.splitlines()
    found: dict[str, list[str]] = {}
    ids = {e.id for e in EXERCISES}
    start = end = 0
    current: list[str] | None = None
    for line in lines:
        line = line.replace("│", " ").replace("┃", " ")  # a framed table reads the same
        if line.split()[:1] == ["exercise"] and header in line:
            start, end = line.find(header), line.find(end_column)
            assert 0 < start < end, f"header cut: {line!r}"
            current = None
            continue
        first = (line.split() or [""])[0]
        if first in ids and line.index(first) < start:
            current = found.setdefault(first, [])
            current.append(line[start:end].strip())
        elif current is not None and line[:start].strip() == "" and line[start:end].strip():
            cell = line[start:end].strip()
            if stop(cell):
                current = None
            else:
                current.append(cell)
        else:
            current = None
    return found


def _assert_titles_readable(found: dict[str, list[str]]) -> None:
    assert set(found) == {e.id for e in EXERCISES}, "an id is missing or wrapped"
    for e in EXERCISES:
        lines = found[e.id]
        assert " ".join(lines) == e.title, (e.id, lines)
        assert len(lines) <= 2, f"{e.id}: title over {len(lines)} lines: {lines}"
        if len(e.title.split()) > 1:
            assert len(lines[0].split()) > 1, f"{e.id}: one word on a line: {lines}"


def test_scorecard_at_80_columns():
    text = render_text(_report(), width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    _assert_titles_readable(_title_lines(text, "title", "status"))


def test_scorecard_at_120_columns_keeps_each_row_on_one_line():
    text = render_text(_report(), width=120)
    for e in EXERCISES:
        row = next(line for line in text.splitlines() if f"│ {e.id} " in line)
        assert e.title in row


@pytest.fixture
def list_output(monkeypatch):
    def run(columns: int) -> str:
        monkeypatch.setenv("COLUMNS", str(columns))
        result = run_cli("list")
        assert result.exit_code == 0
        return result.output

    return run


def test_list_at_80_columns(list_output):
    text = list_output(80)
    assert max(len(line) for line in text.splitlines()) <= 80
    tiers = tuple(f"{t} · " for t in ("unit", "training"))
    found = _title_lines(text, "title", "points", stop=lambda cell: cell.startswith(tiers))
    _assert_titles_readable(found)
    for e in EXERCISES:  # file and tier still shown, under the title
        assert f"{e.tier} · {e.module.replace('.', '/')}.py:" in text


def test_list_at_120_columns_has_its_columns(list_output):
    text = list_output(120)
    header = next(line for line in text.splitlines() if "exercise" in line)
    for column in ("title", "file", "functions", "points", "tier"):
        assert column in header
    for e in EXERCISES:
        row = next(line for line in text.splitlines() if f"│ {e.id} " in line)
        assert e.title.split()[0] in row and e.module.replace(".", "/") + ".py" in row
