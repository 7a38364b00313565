"""`coursekit edition autograder OUT --chapter ch2`: what CI or Gradescope grades with.

OUT receives the kit as grading needs it (the engine with every check, the references, the stubs,
the datasets' manifest and samples, pyproject.toml) and OUT/autograder.zip: the same files with
Gradescope's ``setup.sh`` and ``run_autograder`` at the top (Gradescope's "Autograder
Specifications": the zip is unpacked into /autograder/source, setup.sh runs once as root when
the image is built, run_autograder for each submission, which is in /autograder/submission;
results go to /autograder/results/results.json).

run_autograder reads a few variables, so that it runs outside Gradescope too (tests, a dry run):
AUTOGRADER_ROOT (instead of /autograder), COURSEKIT_PYTHON (the interpreter setup.sh made) and
GRADE_ARGS (more options for the grade, e.g. "--only softmax").
"""

from __future__ import annotations

import shutil
import stat
import sys
import zipfile
from pathlib import Path

from grader import chapters as registry
from grader.paths import KIT_ROOT, PACKAGE_DIR
from grader.release.student import _empty_or_new, _ignore_cache

SHIPPED = ("exercises", "solutions", "datasets")

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
set -euo pipefail
SOURCE="${AUTOGRADER_ROOT:-/autograder}/source"
apt-get update
apt-get install -y python3 python3-pip python3-venv bubblewrap || true
python3 -m venv "${AUTOGRADER_ROOT:-/autograder}/venv"
"${AUTOGRADER_ROOT:-/autograder}/venv/bin/python" -m pip install --upgrade pip
"${AUTOGRADER_ROOT:-/autograder}/venv/bin/python" -m pip install -e "$SOURCE"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for each submission; it always leaves results/results.json.
set -uo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
PYTHON="${COURSEKIT_PYTHON:-$ROOT/venv/bin/python}"
CHAPTER="__CHAPTER__"
RESULTS="$ROOT/results/results.json"
WORK="$(mktemp -d)"
mkdir -p "$ROOT/results"
cd "$SOURCE"
export PYTHONPATH="$SOURCE"
# the submission as a folder laid out like exercises/ (ch2/losses.py ...), whatever was uploaded
TARGET="$("$PYTHON" -m grader.release.locate "$ROOT/submission" "$CHAPTER" "$WORK")"
# shellcheck disable=SC2086  # GRADE_ARGS is a list of options
if "$PYTHON" -m grader.cli grade --help | grep -q -- "--report"; then
  "$PYTHON" -m grader.cli grade "$CHAPTER" --target "$TARGET" \\
    --report "gradescope=$RESULTS" ${GRADE_ARGS:-}
else  # a kit whose CLI has no --report yet: the same grade through the Python API
  "$PYTHON" -m grader.release.locate --grade "$CHAPTER" "$TARGET" "$RESULTS" ${GRADE_ARGS:-}
fi
status=$?
rm -rf "$WORK"
# a score below 100 is not a failure of the autograder; only a missing results.json would be
test -s "$RESULTS" && exit 0
exit "$status"
"""


def scripts(chapter: str) -> dict[str, str]:
    return {"setup.sh": SETUP_SH, "run_autograder": RUN_AUTOGRADER.replace("__CHAPTER__", chapter)}


def _kit_files(root: Path) -> list[Path]:
    """Every file of the kit that grading needs, relative to ``root``."""
    found = [root / "pyproject.toml", root / "README.md"]
    for name in (*SHIPPED, "grader"):
        found += [p for p in (root / name).rglob("*") if p.is_file()]
    return sorted(
        p for p in found if "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    )


def write_autograder_edition(out: Path, *, chapter: str) -> Path:
    """Write the autograder edition into ``out`` (new or empty); the zip's path."""
    registry.chapter(chapter)  # a UsageError naming the chapters when it is not one
    _empty_or_new(out)
    for name in SHIPPED:
        shutil.copytree(KIT_ROOT / name, out / name, ignore=_ignore_cache)
    shutil.copytree(PACKAGE_DIR, out / "grader", ignore=_ignore_cache)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(KIT_ROOT / name, out / name)
    for stale in ("EDITION", "hidden_checks.json"):
        (out / "grader" / stale).unlink(missing_ok=True)
    (out / "grader" / "EDITION").write_text("autograder\n", encoding="utf-8")
    zip_path = out / "autograder.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in scripts(chapter).items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (stat.S_IFREG | 0o755) << 16  # executable on unzip
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text)
        for path in _kit_files(out):
            zf.write(path, path.relative_to(out).as_posix())
    return zip_path


if __name__ == "__main__":  # pragma: no cover - a manual dry run
    print(write_autograder_edition(Path(sys.argv[1]), chapter=sys.argv[2]))
