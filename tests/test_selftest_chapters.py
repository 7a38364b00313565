"""Every chapter proven both ways by `coursekit selftest`: the references score 100 %, the
stubs are all todo, every catalogued mistake is caught on the exercises it names, and every
exercise has at least one catalogued mistake. One parametrised test: a new chapter is one id."""

import pytest

from conftest import run_cli
from grader.chapters import CHAPTERS, chapter
from grader.mistakes import catalogue
from grader.paths import MISTAKES_DIR

IDS = [c.id for c in CHAPTERS]


@pytest.mark.parametrize("chapter_id", IDS)
def test_selftest_holds_and_names_every_mistake(chapter_id):
    result = run_cli("selftest", chapter_id)
    assert result.exit_code == 0, result.output
    for m in catalogue(MISTAKES_DIR, [chapter_id]):
        assert m.name in result.output
    assert "FAILED" not in result.output


@pytest.mark.parametrize("chapter_id", IDS)
def test_every_exercise_has_a_catalogued_mistake(chapter_id):
    caught = {x for m in catalogue(MISTAKES_DIR, [chapter_id]) for x in m.loses}
    assert {e.id for e in chapter(chapter_id).exercises} <= caught
