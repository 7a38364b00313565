"""`coursekit ci-template`: the workflows parse as YAML with the structure each CI system reads,
and the single-student template's grade command is a valid command line (run here, with
--solutions in place of the student's folder and --only softmax to stay quick)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from grader.cli import app
from grader.errors import UsageError
from grader.release.autograder import write_autograder_edition
from grader.release.ci import render


def _load(system: str, **options: object) -> dict:
    data = yaml.safe_load(render(system, **options))  # type: ignore[arg-type]
    assert isinstance(data, dict)
    return data


def _runs(steps: list[dict]) -> str:
    return "\n".join(str(s.get("run", "")) for s in steps)


def test_github_one_student_grades_uploads_and_fails_under_the_minimum():
    data = _load("github", chapter="ch3", min_score=75)
    assert data["env"]["KIT"] == "."
    steps = data["jobs"]["grade"]["steps"]
    assert steps[0]["uses"] == "actions/checkout@v4"
    assert "pip install -e" in _runs(steps)
    assert "coursekit grade ch3" in _runs(steps) and "--min-score 75" in _runs(steps)
    upload = next(s for s in steps if s.get("uses") == "actions/upload-artifact@v4")
    assert upload["if"] == "always()" and "results/" in upload["with"]["path"]


def test_github_class_is_a_matrix_of_shards_and_a_merge_job():
    data = _load("github", shards=4, min_score=50)
    grade, merge = data["jobs"]["grade"], data["jobs"]["merge"]
    assert grade["strategy"]["matrix"]["shard"] == [1, 2, 3, 4]
    assert "--shard ${{ matrix.shard }}/4" in _runs(grade["steps"])
    assert "coursekit batch" in _runs(grade["steps"])
    assert merge["needs"] == "grade"
    assert "coursekit gradebook merge merged shards/*" in _runs(merge["steps"])
    assert "< 50" in _runs(merge["steps"])
    uploads = [s for s in grade["steps"] + merge["steps"] if "upload-artifact" in s.get("uses", "")]
    assert all(s["uses"] == "actions/upload-artifact@v4" for s in uploads) and len(uploads) == 2


def test_gitlab_one_student_reports_junit():
    data = _load("gitlab", chapter="ch2", min_score=60)
    job = data["grade"]
    assert data["stages"] == ["grade"] and data["default"]["image"].startswith("python:")
    assert any("coursekit grade ch2" in line and "--min-score 60" in line for line in job["script"])
    assert job["artifacts"]["reports"]["junit"] == "results/ch2.xml"
    assert job["artifacts"]["when"] == "always"


def test_gitlab_class_runs_in_parallel_then_merges():
    data = _load("gitlab", shards=3)
    assert data["stages"] == ["grade", "merge"] and data["variables"]["SUBMISSIONS"]
    assert data["grade"]["parallel"] == 3
    assert any("$CI_NODE_INDEX/$CI_NODE_TOTAL" in line for line in data["grade"]["script"])
    assert any("gradebook merge" in line for line in data["merge"]["script"])


@pytest.mark.parametrize(
    "options", [{"system": "jenkins"}, {"system": "github", "shards": -1}, {"chapter": "ch9"}]
)
def test_bad_options_are_usage_errors(options):
    system = str(options.pop("system", "github"))
    with pytest.raises(UsageError):
        render(system, **options)  # type: ignore[arg-type]


def test_the_command_writes_the_file(tmp_path: Path):
    out = tmp_path / ".github" / "workflows" / "grade.yml"
    result = CliRunner().invoke(app, ["ci-template", "github", "-o", str(out), "--shards", "2"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["jobs"]["merge"]
    bad = CliRunner().invoke(app, ["ci-template", "jenkins", "-o", str(out)])
    assert bad.exit_code == 2 and "github, gitlab" in bad.output


def _grade_lines() -> set[str]:
    """Every `coursekit grade` line of the single-student templates."""
    lines = set()
    for system in ("github", "gitlab"):
        for line in render(system, chapter="ch2", min_score=60).splitlines():
            text = line.strip().removeprefix("- ").strip("'")
            if text.startswith("coursekit grade"):
                lines.add(text)
    return lines


def test_the_grade_command_line_is_valid(tmp_path: Path):
    lines = _grade_lines()
    assert len(lines) == 1  # the same line in both systems
    words = shlex.split(lines.pop().replace('--target "$TARGET"', "--solutions"))
    assert words[:2] == ["coursekit", "grade"]
    # a copy of the kit grades (the autograder edition): a repository being edited while the
    # grade runs would void it ("the kit's grading files changed during this grade")
    kit, work = tmp_path / "kit", tmp_path / "work"
    write_autograder_edition(kit, chapter="ch2")
    work.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "grader.cli", *words[1:], "--only", "softmax"],
        cwd=work, env={**os.environ, "PYTHONPATH": str(kit)},
        capture_output=True, text=True, timeout=400,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads((work / "results" / "ch2.json").read_text(encoding="utf-8"))
    assert report["score"]["percent"] == 100.0
    assert Path(report["target"]).resolve() == (kit / "solutions").resolve()
    assert (work / "results" / "ch2.xml").is_file()
