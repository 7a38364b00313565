"""Every report format, from hand-built reports: JSON and JUnit exactly as before the formats moved
into grader/formats/ (golden files in tests/fixtures/formats/ written by the code before the move),
Gradescope and GitHub Classroom with only their documented fields, CSV one row per check, and no
text from a submission reaching any of them unclean."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from junitparser import JUnitXml

from grader import __version__, formats
from grader.errors import UsageError
from grader.formats import json_format
from grader.results import _CONTROL as CONTROL  # what clean() removes
from grader.results import (
    TEXT_LIMIT,
    ChapterResult,
    CheckResult,
    ExerciseResult,
    GradeReport,
    failed_report,
)


def _check(exercise: str, name: str, status: str, **kw: object) -> CheckResult:
    return CheckResult(exercise, name, status, **kw)  # type: ignore[arg-type]


def _ch2() -> ChapterResult:
    softmax = ExerciseResult(
        "ch2.softmax",
        "Softmax",
        2.0,
        [
            _check("ch2.softmax", "test_rows_sum_to_one", "passed", duration_s=0.12),
            _check("ch2.softmax", "test_large_logits", "passed", duration_s=0.05),
        ],
    )
    mse = ExerciseResult(
        "ch2.mse",
        "Mean squared error",
        3.0,
        [
            _check("ch2.mse", "test_zero_for_equal", "passed", duration_s=0.01),
            _check(
                "ch2.mse",
                "test_matches_reference",
                "failed",
                message="values differ — 2 of 3 elements",
                duration_s=0.3,
                inputs="y_true=[1.0, 2.0, 3.0], y_pred=[1.0, 2.5, 3.0]",
                expected="0.0833",
                got="0.25",
                hint="average over the batch, not the sum",
                rerun="coursekit grade ch2 --only mse",
            ),
            _check("ch2.mse", "test_gpu_tier", "skipped", message="needs a GPU"),
        ],
    )
    bce = ExerciseResult(
        "ch2.bce",
        "Binary cross-entropy",
        4.0,
        [
            _check("ch2.bce", "test_runs", "error", message="TypeError: bad operand <b>&</b>"),
            _check("ch2.bce", "test_fast", "timeout", message="exceeded 10 s", duration_s=10.0),
            _check(
                "ch2.bce",
                "test_trains",
                "passed",
                duration_s=1.5,
                metrics={"accuracy": 0.91, "seed": 7, "device": "cpu"},
            ),
        ],
    )
    todo = ExerciseResult(
        "ch2.huber",
        "Huber loss",
        1.0,
        [_check("ch2.huber", "test_huber", "todo", message="not attempted")],
    )
    skipped = ExerciseResult(
        "ch2.big",
        "Full-data training",
        5.0,
        [_check("ch2.big", "test_full", "skipped", message="the full profile needs 8 GB")],
    )
    return ChapterResult(
        "ch2",
        "Losses",
        "exercises",
        [softmax, mse, bce, todo, skipped],
        profile="sample",
        profile_reason="no GPU",
        hardware={"gpus": [], "cpu_cores": 2},
        notes=["worker restarted once"],
        sandbox="bwrap",
    )


def _ch1() -> ChapterResult:
    relu = ExerciseResult(
        "ch1.relu",
        "ReLU — café",
        1.5,
        [_check("ch1.relu", "test_relu", "passed", duration_s=0.02)],
    )
    return ChapterResult("ch1", "Tensors", "submissions/alice", [relu], sandbox="plain")


def sample_reports() -> dict[str, GradeReport]:
    """One report per shape a format must handle."""
    return {
        "chapter": GradeReport([_ch2()]),
        "tampered": GradeReport(
            [_ch2()],
            status="tampered",
            reason="the kit's grading files changed during the grade",
            changed_files=["solutions/ch2/losses.py", "grader/checks/ch2/test_losses.py"],
        ),
        "grader_error": failed_report("ch3", "exercises", "ch3's checks could not be collected"),
        "all": GradeReport([_ch1(), _ch2()], all_chapters=True),
        "empty": GradeReport([ChapterResult("ch4", "CNNs", "exercises", [])]),
    }


# --- the registry and the CLI option --------------------------------------------------------------

KNOWN = "classroom, csv, gradescope, json, junit"


def test_the_registry_holds_every_format_once_in_order():
    assert list(formats.FORMATS) == KNOWN.split(", ")
    for name, fmt in formats.FORMATS.items():
        assert fmt.name == name and fmt.description and "\n" not in fmt.description
        assert fmt.suffix.startswith(".") and callable(fmt.render)


def test_an_unknown_format_is_a_usage_error_naming_the_known_ones():
    with pytest.raises(UsageError) as err:
        formats.write(sample_reports()["chapter"], "xml", Path("r.xml"))
    assert str(err.value) == f"unknown report format 'xml'; expected one of: {KNOWN}"


def test_parse_option_splits_format_and_path():
    assert formats.parse_option("json=out/r.json") == ("json", Path("out/r.json"))
    assert formats.parse_option("JUnit=r.xml") == ("junit", Path("r.xml"))
    # the first "=" splits: a Windows drive or an "=" in a file name stays in the path
    assert formats.parse_option(r"csv=C:\ci\a=b.csv") == ("csv", Path(r"C:\ci\a=b.csv"))


@pytest.mark.parametrize("value", ["json", "json=", "=r.json", "  =r.json", ""])
def test_parse_option_without_format_or_path_is_a_usage_error(value: str):
    with pytest.raises(UsageError, match=r"--report expects FORMAT=PATH.*formats: classroom"):
        formats.parse_option(value)


def test_parse_option_with_an_unknown_format_names_the_known_ones():
    with pytest.raises(UsageError, match=f"unknown report format 'xml'; expected one of: {KNOWN}"):
        formats.parse_option("xml=r.xml")


@pytest.mark.parametrize("fmt", KNOWN.split(", "))
def test_write_creates_folders_and_leaves_no_temporary_file(tmp_path: Path, fmt: str):
    path = tmp_path / "deep" / "er" / f"report{formats.FORMATS[fmt].suffix}"
    report = sample_reports()["chapter"]
    formats.write(report, fmt, path)
    assert path.read_bytes() == _bytes(formats.render(report, fmt))
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


# --- JSON and JUnit: not one byte changed --------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def _golden(name: str, suffix: str) -> str:
    text = (FIXTURES / f"{name}{suffix}").read_text(encoding="utf-8")
    return text.replace("@KIT_VERSION@", __version__)


@pytest.mark.parametrize("name", list(sample_reports()))
def test_json_is_byte_for_byte_what_the_kit_wrote_before(tmp_path: Path, name: str):
    report = sample_reports()[name]
    assert formats.render(report, "json") == _golden(name, ".json")
    formats.write(report, "json", tmp_path / "r.json")
    assert (tmp_path / "r.json").read_bytes() == _golden(name, ".json").encode("utf-8")
    assert json_format.report_dict(report) == json.loads(_golden(name, ".json"))


@pytest.mark.parametrize("name", list(sample_reports()))
def test_junit_is_byte_for_byte_what_the_kit_wrote_before(tmp_path: Path, name: str):
    report = sample_reports()[name]
    assert formats.render(report, "junit") == _golden(name, ".xml")
    formats.write(report, "junit", tmp_path / "r.xml")
    assert (tmp_path / "r.xml").read_bytes() == _golden(name, ".xml").encode("utf-8")


@pytest.mark.parametrize("name", list(sample_reports()))
def test_junit_parses_and_its_counts_match_the_report(tmp_path: Path, name: str):
    report = sample_reports()[name]
    path = tmp_path / "r.xml"
    formats.write(report, "junit", path)
    xml = JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == len(report.chapters) + report.void
    for suite, chapter in zip(suites[report.void :], report.chapters):
        checks = [c for e in chapter.exercises for c in e.checks]
        assert suite.tests == len(checks) == len(list(suite))
        assert suite.failures == sum(c.status == "failed" for c in checks)
        assert suite.errors == sum(c.status in ("error", "timeout") for c in checks)
        assert suite.skipped == sum(c.status in ("todo", "skipped") for c in checks)
        for case, check in zip(suite, checks):
            assert (case.classname, case.name) == (check.exercise, check.name)
            assert case.is_passed == (check.status == "passed")
    if report.void:
        assert suites[0].errors == 1 and list(suites[0])[0].name == report.status


# --- Gradescope -----------------------------------------------------------------------------------

VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
GRADESCOPE_TOP = {
    "score": float,
    "output": str,
    "output_format": str,
    "visibility": str,
    "stdout_visibility": str,
    "tests": list,
}
GRADESCOPE_TEST = {
    "score": float,
    "max_score": float,
    "name": str,
    "number": str,
    "output": str,
    "output_format": str,
    "status": str,
    "visibility": str,
    "tags": list,
}


def _gradescope(report: GradeReport) -> dict:
    return json.loads(formats.render(report, "gradescope"))


def _checks(report: GradeReport) -> list[CheckResult]:
    return [c for ch in report.chapters for e in ch.exercises for c in e.checks]


@pytest.mark.parametrize("name", list(sample_reports()))
def test_gradescope_has_only_documented_keys_of_the_right_types(name: str):
    report = sample_reports()[name]
    data = _gradescope(report)
    assert set(data) == set(GRADESCOPE_TOP)
    assert all(isinstance(data[k], t) for k, t in GRADESCOPE_TOP.items())
    assert data["visibility"] in VISIBILITIES and data["stdout_visibility"] in VISIBILITIES
    assert data["output_format"] in {"text", "md"}
    assert len(data["tests"]) == len(_checks(report)) + report.void
    for test in data["tests"]:
        assert set(test) == set(GRADESCOPE_TEST), test
        assert all(isinstance(test[k], t) for k, t in GRADESCOPE_TEST.items()), test
        assert all(isinstance(tag, str) for tag in test["tags"])
        assert test["status"] in {"passed", "failed"}
        assert test["visibility"] in VISIBILITIES
        assert test["output_format"] in {"text", "md"}
        assert 0 <= test["score"] <= test["max_score"] or test["max_score"] == test["score"] == 0


@pytest.mark.parametrize("name", list(sample_reports()))
def test_gradescope_scores_are_the_kits(name: str):
    report = sample_reports()[name]
    data = _gradescope(report)
    tests = data["tests"]
    assert data["score"] == round(report.earned, 4)
    assert sum(t["score"] for t in tests) == pytest.approx(report.earned, abs=1e-3)
    assert sum(t["max_score"] for t in tests) == pytest.approx(report.possible, abs=1e-3)
    if report.void:
        assert data["score"] == 0 and all(t["status"] == "failed" for t in tests)
        assert report.reason in tests[0]["output"]


def test_gradescope_splits_an_exercise_over_the_checks_that_ran():
    data = _gradescope(sample_reports()["chapter"])
    by_name = {t["name"]: t for t in data["tests"]}
    mse = [t for t in data["tests"] if "ch2.mse" in t["tags"]]
    assert [(t["score"], t["max_score"]) for t in mse] == [(1.5, 1.5), (0.0, 1.5), (0.0, 0.0)]
    assert [t["number"] for t in mse] == ["2.1", "2.2", "2.3"]
    failed = by_name["Mean squared error: test_matches_reference"]
    assert failed["status"] == "failed"
    for part in ("input: y_true", "expected: 0.0833", "got: 0.25", "hint: average"):
        assert part in failed["output"]
    assert by_name["Binary cross-entropy: test_trains"]["output"].endswith("device: cpu")


def _one_exercise(*checks: CheckResult) -> GradeReport:
    exercise = ExerciseResult("ch1.relu", "ReLU", 3.0, list(checks))
    return GradeReport([ChapterResult("ch1", "Tensors", "exercises", [exercise])])


def test_gradescope_visibility_comes_from_the_check_record():
    report = _one_exercise(
        _check("ch1.relu", "test_public", "passed", visibility="visible"),
        _check("ch1.relu", "test_later", "passed", visibility="after_due_date"),
        _check("ch1.relu", "test_typo", "passed", visibility="students-only"),
        _check("ch1.relu", "test_unmarked", "passed"),  # the record's default
    )
    tests = _gradescope(report)["tests"]
    assert [t["visibility"] for t in tests] == ["visible", "after_due_date", "hidden", "hidden"]


# --- GitHub Classroom -----------------------------------------------------------------------------


def _classroom(report: GradeReport) -> dict:
    text = formats.render(report, "classroom")
    assert isinstance(text, str) and text.isascii() and "\n" not in text
    return json.loads(base64.b64decode(text, validate=True).decode("utf-8"))


CLASSROOM_TEST = {"name", "status", "message", "test_code", "filename", "line_no", "duration"}
CLASSROOM_TEST |= {"score", "max_score"}


@pytest.mark.parametrize("name", list(sample_reports()))
def test_classroom_decodes_to_the_reporters_result(name: str):
    report = sample_reports()[name]
    data = _classroom(report)
    assert set(data) == {"version", "status", "max_score", "tests"} and data["version"] == 1
    assert data["max_score"] == report.possible
    ran = [c for c in _checks(report) if c.status != "skipped"]
    assert len(data["tests"]) == len(ran) + report.void
    for test in data["tests"]:
        assert set(test) == CLASSROOM_TEST
        assert test["status"] in {"pass", "fail", "error"}
        assert isinstance(test["line_no"], int) and isinstance(test["duration"], int)
    assert sum(t["score"] for t in data["tests"]) == pytest.approx(report.earned, abs=1e-3)
    statuses = {t["status"] for t in data["tests"]}
    expected = "error" if "error" in statuses else "fail" if "fail" in statuses else "pass"
    assert data["status"] == expected


def test_classroom_maps_each_check_status():
    data = _classroom(sample_reports()["chapter"])
    status = {t["name"]: t["status"] for t in data["tests"]}
    assert status["ch2.softmax: test_rows_sum_to_one"] == "pass"
    assert status["ch2.mse: test_matches_reference"] == "fail"
    assert status["ch2.bce: test_runs"] == status["ch2.bce: test_fast"] == "error"
    assert status["ch2.huber: test_huber"] == "fail"
    assert "ch2.mse: test_gpu_tier" not in status  # skipped: worth nothing, no such status there
    assert data["status"] == "error"
    failed = next(t for t in data["tests"] if t["name"] == "ch2.mse: test_matches_reference")
    assert failed["test_code"] == "coursekit grade ch2 --only mse" and failed["duration"] == 300
    assert "expected: 0.0833" in failed["message"]
    assert _classroom(sample_reports()["all"])["tests"][0]["status"] == "pass"
    assert _classroom(sample_reports()["tampered"])["status"] == "error"


# --- CSV -----------------------------------------------------------------------------------------


def _csv(report: GradeReport) -> list[list[str]]:
    text = formats.render(report, "csv")
    assert isinstance(text, str)
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("name", list(sample_reports()))
def test_csv_is_one_row_per_check_with_the_kits_points(name: str):
    report = sample_reports()[name]
    header, *body = _csv(report)
    assert header == ["chapter", "exercise", "check", "status", "earned", "possible", "message"]
    assert all(len(row) == 7 for row in body)
    if report.void:
        void, *body = body
        assert void[2] == report.status and report.reason in void[6]
    assert [(r[1], r[2], r[3]) for r in body] == [
        (e.id, c.name, c.status) for ch in report.chapters for e in ch.exercises for c in e.checks
    ]
    for ch in report.chapters:
        for e in ch.exercises:
            mine = [r for r in body if r[1] == e.id]
            earned = 0.0 if report.void else e.earned
            assert sum(float(r[4]) for r in mine) == pytest.approx(earned, abs=1e-3)
            possible = e.possible if e.graded else 0.0
            assert sum(float(r[5]) for r in mine) == pytest.approx(possible, abs=1e-3)


def test_csv_keeps_a_formula_from_a_submission_inert():
    report = _one_exercise(CheckResult("ch1.relu", "test_relu", "failed", message="=HYPERLINK(1)"))
    assert _csv(report)[1][6] == "'=HYPERLINK(1)"


# --- a submission's text never reaches a report unclean -------------------------------------------

# escape codes, NUL, a bell, a CSI in C1, a line separator, a lone surrogate, CR, markup
DIRTY = "\x1b[31mred\x1b[0m\x00\x07 bell\u2028\x9b2J\ud800 <b>&amp;</b>\r ok"


def _dirty_report(status: str = "ok") -> GradeReport:
    check = CheckResult(
        "ch2.mse",
        f"test_{DIRTY}",
        "failed",
        message=DIRTY,
        inputs=DIRTY,
        expected=DIRTY,
        got=DIRTY * 2000,  # far over the cap
        hint=DIRTY,
        metrics={f"acc{DIRTY}": DIRTY, "seed": 3},
    )
    exercise = ExerciseResult("ch2.mse", "Mean squared error", 2.0, [check])
    chapter = ChapterResult("ch2", "Losses", "exercises", [exercise])
    if status == "ok":
        return GradeReport([chapter])
    return GradeReport([chapter], status=status, reason=DIRTY, changed_files=[DIRTY])


def _strings(value: object) -> list[str]:
    """Every string in a decoded JSON value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [*_strings(k), *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _decoded(fmt: str, content: str) -> list[str]:
    if fmt in ("json", "gradescope"):
        return _strings(json.loads(content))
    if fmt == "classroom":
        return _strings(json.loads(base64.b64decode(content)))
    if fmt == "csv":
        return [cell for row in csv.reader(io.StringIO(content, newline="")) for cell in row]
    root = ET.fromstring(content.encode("utf-8"))  # a control character would not even parse
    return [
        s
        for el in root.iter()
        for s in [el.tag, el.text or "", el.tail or "", *el.attrib, *el.attrib.values()]
    ]


@pytest.mark.parametrize("status", ["ok", "tampered"])
@pytest.mark.parametrize("fmt", KNOWN.split(", "))
def test_submission_text_reaches_no_format_unclean(tmp_path: Path, fmt: str, status: str):
    report = _dirty_report(status)
    path = tmp_path / f"r{formats.FORMATS[fmt].suffix}"
    formats.write(report, fmt, path)  # a lone surrogate would not even encode
    content = path.read_bytes().decode("utf-8")  # as written, line ends included
    assert content == formats.render(report, fmt)
    for raw in ("\x1b", "\x00", "\x07", "\x9b", "\u2028"):
        assert raw not in content
    assert not re.search(r"\\u00[01]", content)  # nor as a JSON escape
    strings = _decoded(fmt, content)
    assert any("red" in s and "bell" in s for s in strings)  # the text is there, cleaned
    for s in strings:
        assert not CONTROL.search(s), (fmt, s[:80])
        assert len(s) <= 4 * TEXT_LIMIT
