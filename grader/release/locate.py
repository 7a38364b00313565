"""run_autograder's helpers (grader.release.autograder): where a Gradescope submission's
exercises are, and, for a kit whose CLI has no ``--report`` yet, the grade written as
Gradescope's results.json through the Python API.

    python -m grader.release.locate SUBMISSION CHAPTER WORK     prints the target folder
    python -m grader.release.locate --grade CHAPTER TARGET RESULTS [--only A,B]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

MAX_DEPTH = 3  # submission/, a repository folder, exercises/


def locate(submission: Path, chapter: str, work: Path) -> Path:
    """A folder laid out like exercises/ that holds ``chapter``: the submission itself
    (ch2/losses.py), a folder inside it (exercises/ch2, repo/exercises/ch2: the shallowest), or,
    for files uploaded on their own (losses.py), a copy of its regular .py files under
    WORK/target/CHAPTER (links are not followed)."""
    level = [submission]
    for _ in range(MAX_DEPTH + 1):
        for folder in level:
            found = folder / chapter
            if found.is_dir() and not found.is_symlink():
                return folder
        level = sorted(p for f in level for p in f.iterdir() if p.is_dir() and not p.is_symlink())
    target = work / "target"
    (target / chapter).mkdir(parents=True, exist_ok=True)
    for path in sorted(submission.iterdir()):
        if path.suffix == ".py" and path.is_file() and not path.is_symlink():
            shutil.copyfile(path, target / chapter / path.name, follow_symlinks=False)
    return target


def grade_to_gradescope(chapter: str, target: Path, results: Path, only: list[str]) -> None:
    from grader import formats
    from grader.grading import grade
    from grader.i18n import _
    from grader.results import failed_report

    try:
        report = grade(chapter=chapter, target=target, only=only)
    except Exception as exc:  # noqa: BLE001 - Gradescope must still get a results.json
        report = failed_report(chapter, str(target), f"{type(exc).__name__}: {exc}")
    formats.write(report, "gradescope", results)
    print(_("{percent} % written to {file}").format(percent=f"{report.percent:.1f}", file=results))


def main(argv: list[str]) -> None:
    if argv[:1] == ["--grade"]:
        chapter, target, results, *rest = argv[1:]
        only = rest[rest.index("--only") + 1].split(",") if "--only" in rest else []
        grade_to_gradescope(chapter, Path(target), Path(results), only)
        return
    submission, chapter, work = argv
    print(locate(Path(submission), chapter, Path(work)))


if __name__ == "__main__":
    main(sys.argv[1:])
