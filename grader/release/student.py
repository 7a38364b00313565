"""`coursekit edition student OUT`: what is handed to students.

The stubs (exercises/), the engine (grader/) with only the public checks, the datasets'
manifest and samples, pyproject.toml and a student README in English and Chinese. Not shipped:
solutions/, mistakes/, the hidden checks (their names and code; only how many each exercise
has, in grader/hidden_checks.json), the mutation tooling; ``coursekit selftest`` there says it is
part of the instructor edition. grader/EDITION reads ``student``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from grader import chapters as registry
from grader.errors import UsageError
from grader.i18n import _
from grader.paths import KIT_ROOT, PACKAGE_DIR
from grader.release import catalogue, public_checks, scan

TEMPLATES = Path(__file__).resolve().parent / "templates"
# reference-dependent tooling: useless without solutions/, and selftest is replaced by a stub
NOT_SHIPPED = ("mutants.py", "mutation.py", "selftest.py", "EDITION", "hidden_checks.json")
SELFTEST_STUB = '''"""`coursekit selftest` needs the references: the instructor edition."""

from __future__ import annotations

from typing import Any

from grader.errors import UsageError
from grader.edition import instructor_only


def command(*args: Any, **kwargs: Any) -> bool:
    raise UsageError(instructor_only("selftest"))
'''


def _ignore_cache(folder: str, names: list[str]) -> set[str]:
    """Caches, and hidden entries: ``exercises/.coursekit/`` holds the instructor's own grade
    history, whose last results name hidden checks."""
    return {
        n for n in names if n == "__pycache__" or n.startswith(".") or n.endswith((".pyc", ".pyo"))
    }


def _ignore_engine(folder: str, names: list[str]) -> set[str]:
    """What of grader/ is not copied as is: caches, the chapters' check folders (written by
    ``_write_checks``), reference-dependent tooling."""
    here = Path(folder).resolve()
    skip = _ignore_cache(folder, names)
    if here == PACKAGE_DIR / "checks":
        skip |= {n for n in names if n.startswith("ch") and (here / n).is_dir()}
    if here == PACKAGE_DIR:
        skip |= {n for n in names if n in NOT_SHIPPED}
    return skip


def _empty_or_new(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(
            _("expected a new or empty folder for the edition, received {folder}").format(
                folder=out
            )
        )
    out.mkdir(parents=True, exist_ok=True)


def _write_checks(out: Path, chapter: str) -> tuple[int, dict[str, int]]:
    """The chapter's public check files, their helper modules and the placeholders."""
    folder = out / "grader" / "checks" / chapter
    folder.mkdir(parents=True, exist_ok=True)
    checks = [c for f in scan.check_files(chapter) for c in scan.checks_in(f)]
    hidden = scan.hidden_counts(checks)
    helpers: set[str] = set()
    for path in scan.check_files(chapter):
        public = {c.name for c in scan.checks_in(path) if c.public}
        if public:
            source = public_checks.public_source(path, public)
            (folder / path.name).write_text(source, encoding="utf-8")
            helpers |= public_checks.checks_imports(source)
    for module in sorted(helpers):  # grader.checks.ch4.files -> grader/checks/ch4/files.py
        rel = Path(*module.split(".")).with_suffix(".py")
        shutil.copy2(KIT_ROOT / rel, out / rel)
    covered = {c.exercise for c in checks if c.public}
    placeholder = public_checks.placeholder_file(chapter, hidden, covered)
    if placeholder:
        (folder / "test_graded_by_your_instructor.py").write_text(placeholder, encoding="utf-8")
    return sum(c.public for c in checks), hidden


def write_student_edition(out: Path) -> dict[str, int]:
    """Write the student edition into ``out`` (new or empty); chapter -> public checks."""
    _empty_or_new(out)
    shutil.copytree(KIT_ROOT / "exercises", out / "exercises", ignore=_ignore_cache)
    shutil.copytree(KIT_ROOT / "datasets", out / "datasets", ignore=_ignore_cache)
    shutil.copy2(KIT_ROOT / "pyproject.toml", out / "pyproject.toml")
    shutil.copytree(PACKAGE_DIR, out / "grader", ignore=_ignore_engine)
    (out / "grader" / "selftest.py").write_text(SELFTEST_STUB, encoding="utf-8")
    public: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for chapter in registry.CHAPTERS:
        public[chapter.id], counts = _write_checks(out, chapter.id)
        hidden.update(counts)
    (out / "grader" / "hidden_checks.json").write_text(
        json.dumps(hidden, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    catalogue.narrow(out / "grader" / "locale", out / "grader")  # no hidden check's words
    (out / "grader" / "EDITION").write_text("student\n", encoding="utf-8")
    shutil.copy2(TEMPLATES / "README.student.md", out / "README.md")
    shutil.copy2(TEMPLATES / "README.student.zh.md", out / "README.zh.md")
    return public
