"""The CLI end to end: scorecard, JSON, JUnit, exit codes, --only, list, release."""

import json
from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml, Skipped

from conftest import run_cli
from grader.chapters import chapter

CH2 = chapter("ch2")


@pytest.fixture(scope="module")
def solutions_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("solutions")
    result = run_cli(
        "grade", "ch2", "--solutions", "--json", str(out / "r.json"), "--junit", str(out / "r.xml")
    )
    return result, out


@pytest.fixture(scope="module")
def stubs_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("stubs")
    result = run_cli("grade", "ch2", "--json", str(out / "r.json"), "--min-score", "50")
    return result, out


def test_solutions_score_full_marks(solutions_run):
    result, out = solutions_run
    assert result.exit_code == 0, result.output
    assert "100.0 %" in result.output
    data = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert set(data) == {
        "kit_version", "chapter", "target", "profile", "profile_reason", "hardware", "sandbox",
        "score", "exercises", "status",
    }  # fmt: skip
    assert data["status"] == "ok" and data["sandbox"] in ("bwrap", "landlock", "uid", "plain")
    assert data["chapter"] == "ch2" and data["score"]["percent"] == 100.0
    assert data["score"]["possible"] == CH2.points
    assert [e["id"] for e in data["exercises"]] == [e.id for e in CH2.exercises]
    for ex in data["exercises"]:
        assert ex["status"] == "passed" and ex["earned"] == ex["possible"]
        assert ex["checks"] and all(c["status"] == "passed" for c in ex["checks"])
        assert set(ex["checks"][0]) >= {"name", "status", "message", "duration_s"}
    assert isinstance(data["hardware"]["cpu_cores"], int)


def test_junit_has_one_testcase_per_check(solutions_run):
    _, out = solutions_run
    data = json.loads((out / "r.json").read_text(encoding="utf-8"))
    xml = JUnitXml.fromfile(str(out / "r.xml"))
    cases = [case for suite in xml for case in suite]
    assert len(cases) == sum(len(e["checks"]) for e in data["exercises"])
    assert {c.classname for c in cases} == {e.id for e in CH2.exercises}
    assert all(c.is_passed for c in cases)


def test_stubs_score_zero_as_todo(stubs_run):
    result, out = stubs_run
    assert result.exit_code == 1, "--min-score 50 must fail a 0 % submission"
    data = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert data["score"]["earned"] == 0
    assert {e["status"] for e in data["exercises"]} == {"todo"}
    assert f"{len(CH2.exercises)} exercise(s) not attempted yet" in result.output
    assert "failed" not in {c["status"] for e in data["exercises"] for c in e["checks"]}


def test_failures_name_input_expected_got_hint_and_rerun(submission, tmp_path: Path):
    student = submission()
    losses = student / "ch2" / "losses.py"
    text = losses.read_text(encoding="utf-8")
    losses.write_text(
        text.replace("return tf.reduce_mean(tf.square(", "return tf.reduce_sum(tf.square(")
    )
    result = run_cli(
        "grade", "ch2", "--target", str(student), "--only", "mse,softmax",
        "--junit", str(tmp_path / "r.xml"),
    )  # fmt: skip
    assert result.exit_code == 0
    out = result.output
    assert "ch2.mse" in out and "✘ failed" in out and "ch2.softmax" in out
    assert "input:" in out and "expected:" in out and "got:" in out and "hint:" in out
    assert "coursekit grade ch2 --only mse::" in out
    cases = {c.name: c for suite in JUnitXml.fromfile(str(tmp_path / "r.xml")) for c in suite}
    failing = [c for c in cases.values() if any(isinstance(r, Failure) for r in c.result)]
    assert failing and all(c.classname == "ch2.mse" for c in failing)
    assert not any(isinstance(r, Error | Skipped) for c in cases.values() for r in c.result)


def test_only_narrows_to_named_exercises():
    result = run_cli("grade", "ch2", "--solutions", "--only", "softmax,ch2.adam")
    assert result.exit_code == 0
    assert "ch2.softmax" in result.output and "ch2.adam" in result.output
    assert "ch2.mse" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grade", "ch9"], "unknown chapter 'ch9'"),
        (["grade", "ch2", "--only", "nope"], "no exercise 'nope'"),
        (["grade", "ch2", "--target", "/no/such/folder"], "target folder not found"),
        (["grade", "ch2", "--solutions", "--target", "."], "either --solutions or --target"),
    ],
)
def test_usage_errors_exit_2_with_a_message(args, message):
    result = run_cli(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_list_shows_exercises_points_and_tiers():
    result = run_cli("list")
    assert result.exit_code == 0
    for ex in CH2.exercises:
        assert ex.id in result.output
    assert "unit" in result.output and "activations.py" in result.output


def test_release_check_reports_stubs_in_step():
    result = run_cli("release", "--stubs", "--check")
    assert result.exit_code == 0, result.output
    assert "in step" in result.output


def test_grade_all_writes_every_chapter(tmp_path: Path):
    # one exercise of two chapters: every chapter is collected, the training tiers are not run
    result = run_cli("grade", "all", "--solutions", "--only", "sgd,normalize",
                     "--json", str(tmp_path / "all.json"))  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert set(data) == {"kit_version", "chapters", "score", "status"}
    assert [c["chapter"] for c in data["chapters"]] == ["ch1", "ch2", "ch3", "ch4", "ch5", "ch6"]
    assert data["score"]["percent"] == 100.0
