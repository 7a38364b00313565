"""Chapter 5 proven both ways: references 100 %, stubs todo, every catalogued mistake caught."""

from conftest import run_cli
from grader.chapters import chapter
from grader.mistakes import catalogue
from grader.paths import MISTAKES_DIR


def test_selftest_ch5_holds_and_names_every_mistake():
    result = run_cli("selftest", "ch5")
    assert result.exit_code == 0, result.output
    for m in catalogue(MISTAKES_DIR, ["ch5"]):
        assert m.name in result.output
    assert "FAILED" not in result.output


def test_every_ch5_exercise_has_a_catalogued_mistake():
    caught = {x for m in catalogue(MISTAKES_DIR, ["ch5"]) for x in m.loses}
    assert {e.id for e in chapter("ch5").exercises} <= caught
