"""Stubs are generated from solutions, stay in step, and leak nothing."""

from pathlib import Path

import pytest

from grader.loader import is_stub
from grader.paths import EXERCISES_DIR, SOLUTIONS_DIR
from grader.stubs import MarkerError, code_lines, make_stub, plan, solution_lines, write_stubs

SOURCE = '''import math


def area(r):
    """Area of a circle: pi * r^2."""
    # BEGIN SOLUTION
    return math.pi * r * r
    # END SOLUTION
'''


def test_make_stub_keeps_signature_and_docstring():
    stub = make_stub(SOURCE)
    assert 'def area(r):\n    """Area of a circle: pi * r^2."""\n' in stub
    assert '    raise NotImplementedError("write your solution here")\n' in stub
    assert "math.pi * r * r" not in stub
    assert "import math" in stub


@pytest.mark.parametrize(
    "broken",
    [
        "# BEGIN SOLUTION\nx = 1\n",
        "# END SOLUTION\n",
        "# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION\n",
    ],
)
def test_unbalanced_markers_are_refused(broken):
    with pytest.raises(MarkerError):
        make_stub(broken)


def test_generated_stub_is_detected_as_stub(tmp_path: Path):
    path = tmp_path / "m.py"
    path.write_text(make_stub(SOURCE))
    assert is_stub(path, "area")
    path.write_text(SOURCE)
    assert not is_stub(path, "area")


def test_shipped_stubs_are_in_step_with_solutions():
    plans = plan(SOLUTIONS_DIR, EXERCISES_DIR)
    assert plans, "no solutions found"
    stale = [str(p.stub) for p in plans if not p.in_step]
    assert not stale, f"run `coursekit release --stubs`: {stale}"


def test_no_solution_line_leaks_into_a_stub():
    for p in plan(SOLUTIONS_DIR, EXERCISES_DIR):
        hidden = solution_lines(p.solution.read_text(encoding="utf-8"))
        shipped = code_lines(p.stub.read_text(encoding="utf-8"))
        assert not [line for line in hidden if line in shipped], p.stub


def test_every_solution_function_is_hidden_in_its_stub():
    """Each exercise's functions exist in the stub and are stubs there."""
    from grader.chapters import CHAPTERS
    from grader.loader import module_path

    for ch in CHAPTERS:
        for ex in ch.exercises:
            for fn in ex.functions:
                assert is_stub(module_path(EXERCISES_DIR, ex.module), fn), (ex.id, fn)
                assert not is_stub(module_path(SOLUTIONS_DIR, ex.module), fn), (ex.id, fn)


def test_write_stubs_reproduces_exercises(tmp_path: Path):
    write_stubs(SOLUTIONS_DIR, tmp_path)
    for p in plan(SOLUTIONS_DIR, EXERCISES_DIR):
        rel = p.stub.relative_to(EXERCISES_DIR)
        assert (tmp_path / rel).read_text(encoding="utf-8") == p.text
