"""Escalating hints: every exercise of the registry has at least two, none gives away a line of
the reference solution, and repeated failures walk down the list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader import chapters as registry
from grader import i18n
from grader.loader import module_path
from grader.paths import SOLUTIONS_DIR
from grader.study.hints import chapter_hints, first_hint, hint_for, hints

EXERCISES = [e for ch in registry.CHAPTERS for e in ch.exercises]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # Han or its punctuation
_BODY = re.compile(r"#\s*BEGIN SOLUTION\s*\n(.*?)#\s*END SOLUTION", re.S)


def solution_lines(module: str) -> set[str]:
    """The non-trivial lines between the markers of a module's solutions, stripped; with the
    expression alone too (after `return ` or `name = `), where that is itself non-trivial."""
    text = module_path(SOLUTIONS_DIR, module).read_text(encoding="utf-8")
    found = set()
    for body in _BODY.findall(text):
        for raw in body.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            forms = {line, re.sub(r"^return\s+", "", line)}
            forms.add(re.sub(r"^[\w\s,\[\]\.]+?\s*[-+*/]?=\s*(?!=)", "", line))
            found |= {f for f in forms if len(f) >= 16}
    return found


def test_every_exercise_has_two_or_three_hints() -> None:
    for e in EXERCISES:
        assert 2 <= len(hints(e.id)) <= 3, e.id
    for ch in registry.CHAPTERS:  # and no hints for exercises that do not exist
        assert set(chapter_hints(ch.id)) == {e.short for e in ch.exercises}, ch.id


def test_every_exercise_has_its_hints_in_chinese() -> None:
    for ch in registry.CHAPTERS:
        english, chinese = chapter_hints(ch.id), chapter_hints(ch.id, "zh")
        for e in ch.exercises:
            assert len(chinese[e.short]) == len(english[e.short]), e.id  # the same steps
            assert chinese[e.short] != english[e.short], f"{e.id}: no zh list"
            assert all(CJK.search(h) for h in chinese[e.short]), e.id


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("exercise_id", [e.id for e in EXERCISES])
def test_no_hint_holds_a_line_of_the_solution(exercise_id: str, lang: str) -> None:
    lines = solution_lines(registry.exercise(exercise_id).module)
    with i18n.using(lang):
        found = hints(exercise_id)
    for hint in found:
        squeezed = " ".join(hint.split())
        leaked = [line for line in lines if line in squeezed]
        assert not leaked, f"{exercise_id}: the hint {hint!r} holds solution code {leaked}"


def test_the_check_finds_a_leak() -> None:
    lines = solution_lines("ch2.losses")
    assert any("reduce_max" in line for line in lines)  # softmax's body is read
    leaky = f"try: {next(iter(sorted(lines)))}"
    assert any(line in leaky for line in lines)


def test_escalation() -> None:
    found = hints("ch2.softmax")
    assert hint_for("ch2.softmax", 0) is None and hint_for("ch2.softmax", 1) is None
    assert [hint_for("ch2.softmax", n) for n in (2, 3, 4, 9)] == [
        found[0],
        found[1],
        found[2],
        found[2],
    ]
    assert "max" in found[2]  # the near step of the course: subtract the row max
    assert first_hint("ch2.softmax") == found[0]
    assert hint_for("ch9.nothing", 5) is None and hints("ch2.nothing") == ()


def test_hint_files_ship_beside_the_module() -> None:
    from grader.study import hints as module

    assert sorted(p.name for p in Path(module.HINTS_DIR).glob("*.toml")) == [
        f"{ch.id}.toml" for ch in registry.CHAPTERS
    ]
