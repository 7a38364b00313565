"""The editions: the student edition holds no reference line, no hidden check, no mistake, and
grades on its own (its public checks pass on the references without solutions/ beside them);
every public check's fixtures exclude the reference; the autograder zip runs as Gradescope runs
it (simulated: AUTOGRADER_ROOT, COURSEKIT_PYTHON and GRADE_ARGS, see grader.release.autograder)."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader import chapters as registry
from grader.formats import gradescope
from grader.paths import CHECKS_DIR, KIT_ROOT, MISTAKES_DIR, SOLUTIONS_DIR
from grader.release import scan
from grader.release.autograder import write_autograder_edition
from grader.release.locate import locate
from grader.release.student import write_student_edition
from grader.results import CheckResult, visibility_of

CHAPTER_IDS = [c.id for c in registry.CHAPTERS]


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("student") / "edition"
    write_student_edition(out)
    return out


def _texts(root: Path) -> dict[Path, str]:
    return {
        p: p.read_text(encoding="utf-8", errors="ignore")
        for p in root.rglob("*")
        if p.is_file() and p.suffix not in (".npz", ".png")
    }


def _edition_env(edition: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(edition), "COURSEKIT_DEBUG": "1"}


def _run_kit(edition: Path, *args: str, timeout: int = 400) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grader.cli", *args],
        cwd=edition,
        env=_edition_env(edition),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


# --- visibility -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marker", "record"),
    [("public", "visible"), ("visible", "visible"), ("hidden", "hidden")]
    + [
        ("after_due_date", "after_due_date"),
        (None, "hidden"),
        ("everyone", "hidden"),
        (3, "hidden"),
    ],
)
def test_a_marker_becomes_gradescopes_word_and_anything_else_hidden(marker, record):
    assert visibility_of(marker) == record
    check = CheckResult("ch2.softmax", "test_x", "passed", visibility=visibility_of(marker))
    assert gradescope.visibility(check) == record


def test_check_files_hold_only_what_the_public_copy_understands():
    """public_checks copies docstrings, imports, assignments and definitions: nothing else."""
    allowed = (ast.Expr, ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.FunctionDef)
    for path in CHECKS_DIR.glob("ch*/test_*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            assert isinstance(node, allowed), f"{path}:{node.lineno}"


_DUMP_PLUGIN = """
import json, os
def pytest_collection_finish(session):
    rows = []
    for item in session.items:
        seen = item.get_closest_marker("visibility")
        rows.append({"name": getattr(item, "originalname", item.name),
                     "exercise": item.get_closest_marker("exercise").args[0],
                     "visibility": seen.args[0] if seen else "hidden",
                     "fixtures": sorted(item.fixturenames)})
    with open(os.environ["CK_DUMP"], "w") as f:
        json.dump(rows, f)
"""


def test_every_public_check_runs_without_the_reference(tmp_path: Path):
    """Collected as the grader collects them: no public check's fixture closure holds the
    reference, each chapter has one, and the markers are what the edition's scan reads."""
    (tmp_path / "ck_dump.py").write_text(_DUMP_PLUGIN, encoding="utf-8")
    dump = tmp_path / "items.json"
    env = {**os.environ, "CK_DUMP": str(dump), "PYTHONPATH": f"{tmp_path}{os.pathsep}{KIT_ROOT}"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q",
         "-c", str(CHECKS_DIR / "pytest.ini"), "--rootdir", str(CHECKS_DIR), "--noconftest",
         "-p", "no:cacheprovider",
         "-p", "grader.checks.fixtures", "-p", "grader.plugin", "-p", "ck_dump",
         *[str(CHECKS_DIR / c) for c in CHAPTER_IDS]],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=400,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    items = json.loads(dump.read_text(encoding="utf-8"))
    public = [i for i in items if i["visibility"] == "public"]
    assert public and all("reference" not in i["fixtures"] for i in public), [
        i["name"] for i in public if "reference" in i["fixtures"]
    ]
    assert {i["exercise"].split(".")[0] for i in public} == set(CHAPTER_IDS)
    static = {(c.exercise, c.name) for c in scan.all_checks(CHAPTER_IDS) if c.public}
    assert {(i["exercise"], i["name"]) for i in public} == static


# --- the student edition --------------------------------------------------------------------


# Lines of the engine that a reference happens to share, word for word: idioms, not answers
# (the engine is the same in every edition; tests/test_editions.py lists each one it allows).
ENGINE_IDIOMS = {
    "if not path.is_file():",
    "fig.savefig(path, dpi=100)",
    'if padding.lower() == "same":',
    "e = np.exp(z - z.max(axis=-1, keepdims=True))",  # strategies: probability rows
    "return e / e.sum(axis=-1, keepdims=True)",  # unseen.softmax, the checker's own
    "s = pool_size if stride is None else stride",  # oracle.py: Keras's pooling default
}


def _reference_lines() -> set[str]:
    """The lines between # BEGIN SOLUTION and # END SOLUTION, stripped, that say something,
    less the lines the stubs' docstrings give on purpose (the course's formulas) and the
    engine's idioms above."""
    lines: set[str] = set()
    for path in SOLUTIONS_DIR.rglob("*.py"):
        inside = False
        for raw in path.read_text(encoding="utf-8").splitlines():
            text = raw.strip()
            if text.startswith("# BEGIN SOLUTION"):
                inside = True
            elif text.startswith("# END SOLUTION"):
                inside = False
            elif inside and len(text) >= 20 and not text.startswith("#"):
                lines.add(text)
    stubs = KIT_ROOT / "exercises"
    given = {s.strip() for p in stubs.rglob("*.py") for s in p.read_text("utf-8").splitlines()}
    return lines - given - ENGINE_IDIOMS


def test_the_student_edition_holds_no_reference_line(edition: Path):
    references = _reference_lines()
    assert len(references) > 100
    assert not (edition / "solutions").exists() and not (edition / "mistakes").exists()
    found = [
        f"{path.relative_to(edition)}: {line}"
        for path, text in _texts(edition).items()
        for line in {raw.strip() for raw in text.splitlines()} & references
    ]
    assert not found, found[:10]


# a hidden check's name the engine says on purpose: grader/study/show.py's docstring example of a
# check made from a training spec (a name, no code; the training checks are listed in README)
NAMED_IN_THE_ENGINE = {("show.py", "test_mnist_mlp_trains")}


def _hidden_only_lines() -> tuple[set[str], set[str]]:
    """Hidden checks' names, and the lines of their code that no public check, no module-level
    helper (those ship with the public checks that use them) and no engine file also has."""
    names, hidden_lines, shared = set(), set(), set()
    for path in CHECKS_DIR.glob("ch*/test_*.py"):
        text = path.read_text(encoding="utf-8")
        public = {c.name for c in scan.checks_in(path) if c.public}
        for node in ast.parse(text).body:
            lines = {s.strip() for s in (ast.get_source_segment(text, node) or "").splitlines()}
            is_check = isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
            if is_check and node.name not in public:
                names.add(node.name)
                hidden_lines |= {s for s in lines if len(s) >= 30}
            else:
                shared |= lines
        names |= {c.name for c in scan.checks_in(path) if not c.public}
    for path in (KIT_ROOT / "grader").rglob("*.py"):  # the engine: the same in every edition
        if CHECKS_DIR not in path.parents:
            shared |= {s.strip() for s in path.read_text(encoding="utf-8").splitlines()}
    return names, hidden_lines - shared


def test_the_student_edition_holds_no_hidden_check(edition: Path):
    names, lines = _hidden_only_lines()
    assert len(names) > 150 and len(lines) > 300
    texts = _texts(edition)
    named = re.compile(r"\b(" + "|".join(sorted(names)) + r")\b")
    found = {(p.name, m.group(0)) for p, t in texts.items() for m in named.finditer(t)}
    assert not found - NAMED_IN_THE_ENGINE
    leaked = [
        (p.name, s) for p, t in texts.items() for s in {r.strip() for r in t.splitlines()} & lines
    ]
    assert not leaked, leaked[:10]
    assert not list((edition / "grader" / "checks").rglob("equivalent_mutants.toml"))
    counts = json.loads((edition / "grader" / "hidden_checks.json").read_text(encoding="utf-8"))
    assert sum(counts.values()) == len([c for c in scan.all_checks(CHAPTER_IDS) if not c.public])
    assert (edition / "grader" / "EDITION").read_text(encoding="utf-8").strip() == "student"


def test_the_student_edition_holds_no_mistake(edition: Path):
    shipped = {p.read_bytes() for p in edition.rglob("*.py")}
    mistakes = [p for p in MISTAKES_DIR.rglob("*.py") if p.stat().st_size > 200]
    assert mistakes
    assert not [p.name for p in mistakes if p.read_bytes() in shipped]
    for path in ("grader/mutants.py", "grader/mutation.py"):
        assert not (edition / path).exists()


def test_the_student_readmes_are_for_students(edition: Path):
    english = (edition / "README.md").read_text(encoding="utf-8")
    chinese = (edition / "README.zh.md").read_text(encoding="utf-8")
    for text in (english, chinese):
        assert "coursekit grade ch2" in text and "selftest" in text
    assert "公开检查" in chinese and "老师" in chinese


def test_the_student_edition_grades_its_stubs_as_todo(edition: Path):
    out = edition / "results.json"
    proc = _run_kit(edition, "grade", "ch2", "--only", "softmax,sigmoid", "--json", str(out))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert Path(report["target"]).resolve() == (edition / "exercises").resolve()
    assert {e["status"] for e in report["exercises"]} == {"todo"}
    assert report["hidden_checks"]["count"] > 0
    assert "run when your instructor grades" in report["hidden_checks"]["note"]
    assert "run when your instructor grades" in proc.stdout
    which = subprocess.run(
        [sys.executable, "-c", "import grader; print(grader.__file__)"],
        cwd=edition, env=_edition_env(edition), capture_output=True, text=True,
    )  # fmt: skip
    assert Path(which.stdout.strip()).resolve().is_relative_to(edition.resolve())


def test_the_public_checks_pass_on_the_references_without_solutions(edition: Path, tmp_path):
    """The references graded as a student's folder by the student edition: every public check
    passes with no solutions/ in reach, and each placeholder skips with its count."""
    target = tmp_path / "submission"
    shutil.copytree(SOLUTIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "all.json"
    proc = _run_kit(edition, "grade", "all", "--target", str(target), "--json", str(out))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    checks = [
        c
        for ch in json.loads(out.read_text(encoding="utf-8"))["chapters"]
        for e in ch["exercises"]
        for c in e["checks"]
    ]
    passed = [c for c in checks if c["status"] == "passed"]
    placeholders = [c for c in checks if c["name"].endswith("_is_graded_by_your_instructor")]
    assert len(passed) == len([c for c in scan.all_checks(CHAPTER_IDS) if c.public])
    assert len(passed) + len(placeholders) == len(checks)
    assert all(c["status"] == "skipped" and "instructor" in c["message"] for c in placeholders)


def test_selftest_belongs_to_the_instructor_edition(edition: Path):
    proc = _run_kit(edition, "selftest", "ch2", timeout=120)
    assert proc.returncode == 2
    assert "part of the instructor edition" in proc.stdout


def test_an_edition_is_written_only_into_a_new_or_empty_folder(tmp_path: Path):
    from grader.errors import UsageError

    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="new or empty folder"):
        write_student_edition(tmp_path)
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


# --- the autograder edition -----------------------------------------------------------------


@pytest.mark.parametrize("layout", ["ch2", "exercises/ch2", "my-repo/exercises/ch2", ""])
def test_a_submission_is_found_in_each_layout(tmp_path: Path, layout: str):
    submission = tmp_path / "submission"
    folder = submission / layout if layout else submission
    folder.mkdir(parents=True)
    (folder / "losses.py").write_text("x = 1\n", encoding="utf-8")
    (submission / "linked.py").symlink_to(folder / "losses.py")
    target = locate(submission, "ch2", tmp_path / "work")
    assert (target / "ch2" / "losses.py").is_file()
    if not layout:  # files uploaded on their own: copied, links left behind
        assert not (target / "ch2" / "linked.py").exists()


def _unzip(zip_path: Path, into: Path) -> None:
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            zf.extract(info, into)
            mode = info.external_attr >> 16
            if mode & 0o111:
                (into / info.filename).chmod(mode & 0o777)


def test_the_autograder_zip_grades_a_submission_as_gradescope_would(tmp_path: Path):
    zip_path = write_autograder_edition(tmp_path / "edition", chapter="ch2")
    with zipfile.ZipFile(zip_path) as zf:
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
    for script in ("setup.sh", "run_autograder"):
        assert modes[script] & stat.S_IXUSR, script
    assert "solutions/ch2/losses.py" in modes and "grader/checks/ch2/test_losses.py" in modes
    assert not [n for n in modes if n.startswith(("mistakes/", "tests/")) or "__pycache__" in n]
    root = tmp_path / "autograder"  # Gradescope's /autograder
    _unzip(zip_path, root / "source")
    (root / "submission").mkdir()
    shutil.copy(SOLUTIONS_DIR / "ch2" / "losses.py", root / "submission" / "losses.py")
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "COURSEKIT_PYTHON": sys.executable}
    env["GRADE_ARGS"] = "--only softmax"
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [str(root / "source" / "run_autograder")],
        env=env, capture_output=True, text=True, timeout=400,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    tests = results["tests"]
    assert results["score"] == 2.0 and tests and all(t["status"] == "passed" for t in tests)
    # the marker reached Gradescope: public checks visible, the others hidden
    shown = {t["name"].split(": ")[-1]: t["visibility"] for t in tests}
    assert shown["test_softmax_rows_sum_to_one"] == "visible"
    assert shown["test_softmax_matches_reference"] == "hidden"
