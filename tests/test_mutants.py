"""Mutation testing: the mutator plants the issue's kinds of bug only inside the solution
regions, the equivalents files stay honest, and `selftest --mutants` grades and reports."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from conftest import run_cli
from grader import chapters as registry
from grader import selftest as selftest_module
from grader.mutants import (
    load_equivalents,
    mutable_exercises,
    mutants_of,
    solution_regions,
)
from grader.mutation import ExerciseMutation, MutationReport, run_mutants
from grader.paths import SOLUTIONS_DIR


def _all(chapter: str):
    ch = registry.chapter(chapter)
    return [m for ex in mutable_exercises(ch) for m in mutants_of(ex, SOLUTIONS_DIR)]


def test_every_kind_of_mutation_the_issue_names_is_made():
    labels = {m.key.split(": ")[1] for m in _all("ch2")}
    kinds = "compare operator constant axis swap-function swap-arguments swap-operands"
    for kind in (kinds + " drop-term drop-statement drop-keyword in_place").split():
        assert kind.replace("-", " ").replace("_", "-") in labels, kind
    keys = [m.key for m in _all("ch2")]
    assert any("reduce_sum" in k and "reduce_mean" in k for k in keys)
    assert any("`x > 0` -> `x >= 0`" in k for k in keys)
    assert any("keepdims=True" in k and "keepdims=False" in k for k in keys) or any(
        "`True` -> `False`" in k for k in keys
    )


def test_mutants_change_only_one_function_and_only_inside_its_markers():
    for m in _all("ch2")[:120]:
        original = (SOLUTIONS_DIR / (m.module.replace(".", "/") + ".py")).read_text("utf-8")
        old, new = ast.parse(original), ast.parse(m.source)
        old_fns = {n.name: ast.unparse(n) for n in old.body if isinstance(n, ast.FunctionDef)}
        new_fns = {n.name: ast.unparse(n) for n in new.body if isinstance(n, ast.FunctionDef)}
        changed = [n for n in old_fns if old_fns[n] != new_fns[n]]
        assert changed == [m.function], m.key
        fn = next(n for n in old.body if isinstance(n, ast.FunctionDef) and n.name == m.function)
        mutated = next(
            n for n in new.body if isinstance(n, ast.FunctionDef) and n.name == m.function
        )
        assert ast.get_docstring(fn) == ast.get_docstring(mutated)  # outside the region
        assert ast.unparse(fn.args) == ast.unparse(mutated.args)
        assert all(a <= b for a, b in solution_regions(original))


def test_keys_are_unique_within_an_exercise():
    for chapter in ("ch2", "ch3"):
        for ex in mutable_exercises(registry.chapter(chapter)):
            keys = [m.key for m in mutants_of(ex, SOLUTIONS_DIR)]
            assert len(keys) == len(set(keys)), ex.id


def test_chapter_3_mutates_only_its_unit_exercises():
    ids = {e.id for e in mutable_exercises(registry.chapter("ch3"))}
    assert ids == {"ch3.shuffle", "ch3.normalize", "ch3.accuracy_stop"}
    assert any("AccuracyStop.on_epoch_end" in m.key for m in _all("ch3"))


@pytest.mark.parametrize("chapter", ["ch2", "ch3"])
def test_every_listed_equivalent_is_a_real_mutant_with_a_reason(chapter):
    keys = {(m.exercise, m.key) for m in _all(chapter)}
    for (exercise, key), reason in load_equivalents(chapter).items():
        assert (exercise, key) in keys, f"stale entry: {exercise}: {key}"
        assert len(reason) > 20


def test_a_small_mutation_run_kills_and_reports(tmp_path: Path):
    """Grade the sgd and relu mutants; list one killable sgd mutant as 'equivalent' to see
    the report refuse it."""
    sgd = mutants_of(registry.exercise("ch2.sgd"), SOLUTIONS_DIR)
    (tmp_path / "ch2").mkdir()
    (tmp_path / "ch2" / "equivalent_mutants.toml").write_text(
        f'[[equivalent]]\nexercise = "ch2.sgd"\nmutant = "{sgd[0].key}"\nreason = "wrongly'
        ' listed, to see the report refuse it"\n',
        encoding="utf-8",
    )
    report = run_mutants(chapters=["ch2"], only=["ch2.sgd", "ch2.relu"], checks_dir=tmp_path)
    rows = {e.id: e for e in report.chapters["ch2"]}
    assert rows["ch2.sgd"].mutants == len(sgd)
    assert rows["ch2.sgd"].killed == len(sgd) - 1
    assert rows["ch2.sgd"].killed_but_listed == [sgd[0].key]
    assert rows["ch2.relu"].killed == rows["ch2.relu"].mutants  # x >= 0 at the boundary too
    assert not report.ok
    data = report.to_json()
    assert data["chapters"][0]["id"] == "ch2"
    first = data["chapters"][0]["exercises"][0]
    assert {"id", "mutants", "killed", "equivalent", "survived"} <= set(first)


def test_selftest_mutants_cli_prints_the_table_and_writes_json(tmp_path, monkeypatch):
    survivor = {"mutant": "softmax: axis: ...", "diff": "--- reference\n+++ mutant\n-a\n+b"}
    row = ExerciseMutation("ch2.softmax", mutants=14, killed=12, equivalent=1, survived=[survivor])
    report = MutationReport({"ch2": [row]})
    seen = {}

    def fake(*, chapters, **kwargs):
        seen["chapters"] = list(chapters)
        return report

    monkeypatch.setattr(selftest_module, "run_mutants", fake)
    out = tmp_path / "m.json"
    result = run_cli("selftest", "--mutants", "ch2", "ch3", "--json", str(out))
    assert seen["chapters"] == ["ch2", "ch3"]
    assert result.exit_code == 0  # 12 of 13 non-equivalent mutants killed: 92 % >= 90 %
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["chapters"][0]["exercises"][0]["survived"] == [survivor]
    assert "ch2.softmax" in result.output and "softmax: axis" in result.output
    assert "| ch2.softmax | 14 | 12 | 1 | 0 | 1 | 92 % |" in report.markdown()

    report.chapters["ch2"][0].killed = 6  # 6 of 13: below the goal
    assert run_cli("selftest", "--mutants", "ch2").exit_code == 1


def _called(mutant, target: Path, *args):
    """Build the mutant's folder and call its function once, in this process."""
    from grader.loader import import_module
    from grader.mutants import build_target

    build_target(mutant, SOLUTIONS_DIR, target)
    module = import_module(target, f"_mutant_{abs(hash(target))}", mutant.module)
    return getattr(module, mutant.function)(*args)


def test_an_in_place_edit_of_an_int_is_inert_and_of_an_array_is_not(tmp_path):
    """The mark a mutant leaves tells an edit that never applied (the argument was an int)
    from one that did (an array the caller can see change)."""
    import numpy as np

    from grader.mutants import is_inert

    ch5 = {m.key: m for m in _all("ch5")}
    on_int = ch5["conv_output_size: in-place: the caller's `n` is changed after the result"]
    _called(on_int, tmp_path / "int", 7, 3, 1, "valid")
    assert is_inert(on_int, tmp_path / "int")

    ch2 = {m.key: m for m in _all("ch2")}
    on_array = ch2["relu: in-place: the caller's `x` is changed after the result"]
    x = np.array([-1.0, 2.0])
    _called(on_array, tmp_path / "array", x)
    assert not is_inert(on_array, tmp_path / "array")
    assert x.tolist() != [-1.0, 2.0]  # the caller's array did change

    never_called = ch2["sgd_step: in-place: the caller's `w` is changed after the result"]
    from grader.mutants import build_target

    build_target(never_called, SOLUTIONS_DIR, tmp_path / "never")
    assert not is_inert(never_called, tmp_path / "never")  # no mark: not counted as inert
