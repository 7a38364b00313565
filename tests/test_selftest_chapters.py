"""Every chapter proven both ways by `coursekit selftest`: the references score 100 %, the
stubs are all todo, every catalogued mistake is caught on the exercises it names, and every
exercise has at least one catalogued mistake. One parametrised test: a new chapter is one id."""

import pytest

from conftest import run_cli
from grader.chapters import CHAPTERS, chapter
from grader.mistakes import catalogue
from grader.paths import MISTAKES_DIR

IDS = [c.id for c in CHAPTERS]
# ch5's whole selftest trains its networks and every training mistake on CIFAR and MNIST
# samples: 9.5 minutes of the CI tier's 2 cores, over its 20-minute budget. CI proves its unit
# exercises (every catalogued mistake of them) below; `make test-full` runs the whole chapter.
SLOW = {"ch5"}


@pytest.mark.parametrize(
    "chapter_id", [pytest.param(c, marks=pytest.mark.slow) if c in SLOW else c for c in IDS]
)
def test_selftest_holds_and_names_every_mistake(chapter_id):
    result = run_cli("selftest", chapter_id)
    assert result.exit_code == 0, result.output
    for m in catalogue(MISTAKES_DIR, [chapter_id]):
        assert m.name in result.output
    assert "FAILED" not in result.output


@pytest.mark.parametrize("chapter_id", sorted(SLOW))
def test_selftest_of_the_unit_exercises_holds(chapter_id):
    """The CI tier's part of a slow chapter: references, stubs and every mistake of its unit
    exercises (a mistake that also loses a training exercise is judged on the units alone)."""
    units = [e.short for e in chapter(chapter_id).exercises if e.tier == "unit"]
    result = run_cli("selftest", chapter_id, "--only", ",".join(units))
    assert result.exit_code == 0, result.output
    caught = {m.name for m in catalogue(MISTAKES_DIR, [chapter_id])
              if {f"{chapter_id}.{u}" for u in units} & set(m.loses)}  # fmt: skip
    assert caught and all(name in result.output for name in caught)
    assert "FAILED" not in result.output


@pytest.mark.parametrize("chapter_id", IDS)
def test_every_exercise_has_a_catalogued_mistake(chapter_id):
    caught = {x for m in catalogue(MISTAKES_DIR, [chapter_id]) for x in m.loses}
    assert {e.id for e in chapter(chapter_id).exercises} <= caught
