"""Which students handed in the same code: a similarity report over a class's Python files.

Pairs are scored by copydetect (PyPI ``copydetect``, MIT; winnowing as in MOSS, Schleimer et al.
2003): each file is tokenised with variable / function names and strings replaced, k-gram
hashes are winnowed to fingerprints, and a pair's score is the share of a file's tokens covered
by fingerprints the other file has too. The stubs of ``exercises/<chapter>`` are boilerplate:
their fingerprints are dropped first, so the docstrings and signatures every student received
do not make the class look alike. Files are compared only with the same file of other students
(``ch2/losses.py`` with ``ch2/losses.py``); a pair is reported when either direction's score
reaches the threshold (a short file copied into a longer one still shows).

The same run checks every function against the references (refcopy.py): a renamed copy of the
solution is invisible to a pair-wise comparison when only one student had it.
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.gradebook.layouts import discover
from grader.gradebook.refcopy import ReferenceCopy, find_copies
from grader.gradebook.table import read_text
from grader.paths import EXERCISES_DIR, SOLUTIONS_DIR
from grader.results import write_atomically

NOISE = 25  # copydetect's defaults: k-grams of 25 filtered characters ...
GUARANTEE = 30  # ... and any match of 30 is guaranteed to be found (window 6)
SOURCE_LIMIT = 512 * 1024


@dataclass(frozen=True)
class Pair:
    student_a: str
    student_b: str
    file: str
    score: float


def chapter_files(folder: Path, chapter: str) -> dict[str, str]:
    """A submission's ``<chapter>/*.py`` as {"ch2/losses.py": source}; links and oversized
    files are skipped. A flat upload (the .py files at the top, as Gradescope often has them)
    counts as the chapter's files."""
    for candidate in (folder / chapter, folder):
        if candidate.is_dir() and not candidate.is_symlink():
            files = {}
            for path in sorted(candidate.glob("*.py")):
                try:
                    files[f"{chapter}/{path.name}"] = read_text(path, SOURCE_LIMIT)
                except (OSError, ValueError):
                    continue
            if files:
                return files
    return {}


def _fingerprint(rel: str, source: str, boilerplate: Any = None) -> Any:
    from copydetect import CodeFingerprint

    return CodeFingerprint(
        rel, NOISE, GUARANTEE - NOISE + 1, boilerplate, fp=io.StringIO(source), language="python"
    )


def _boilerplate(chapter: str) -> Any:
    import numpy as np

    hashes: list[int] = []
    for stub in sorted((EXERCISES_DIR / chapter).glob("*.py")):
        fp = _fingerprint(stub.name, stub.read_text(encoding="utf-8"))
        hashes.extend(fp.hashes)
    return np.unique(np.array(hashes, dtype=np.int64))


def similar_pairs(
    classfiles: dict[str, dict[str, str]], chapter: str, threshold: float
) -> list[Pair]:
    """``classfiles``: student -> {file: source}. Pairs at or above ``threshold``, best first."""
    from copydetect import compare_files

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))
    boilerplate = _boilerplate(chapter)
    by_file: dict[str, dict[str, Any]] = {}
    for student, files in sorted(classfiles.items()):
        for rel, source in files.items():
            by_file.setdefault(rel, {})[student] = _fingerprint(rel, source, boilerplate)
    pairs = []
    for rel, prints in sorted(by_file.items()):
        for a, b in itertools.combinations(sorted(prints), 2):
            if not prints[a].hashes or not prints[b].hashes:
                continue  # nothing left after the boilerplate: both untouched stubs
            _, (score_a, score_b), _ = compare_files(prints[a], prints[b])
            score = round(float(max(score_a, score_b)), 4)
            if score >= threshold:
                pairs.append(Pair(a, b, rel, score))
    return sorted(pairs, key=lambda p: (-p.score, p.file, p.student_a, p.student_b))


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_atomically(path, buffer.getvalue())


def similarity(
    *, submissions: Path, out: Path, chapter: str = "ch2", threshold: float = 0.8
) -> tuple[list[Pair], list[ReferenceCopy]]:
    """Writes ``out/similarity.csv`` and ``out/reference_copies.csv``; returns their rows."""
    classfiles = {
        s.student: chapter_files(s.path, chapter)
        for s in discover(submissions, extract_dir=out / "unpacked")
        if not s.problem
    }
    pairs = similar_pairs(classfiles, chapter, threshold)
    copies = [
        c
        for student, files in sorted(classfiles.items())
        for c in find_copies(student, files, SOLUTIONS_DIR)
    ]
    _write_csv(
        out / "similarity.csv",
        ["student_a", "student_b", "file", "score"],
        [[p.student_a, p.student_b, p.file, f"{p.score:.4f}"] for p in pairs],
    )
    _write_csv(
        out / "reference_copies.csv",
        ["student", "file", "function", "nodes"],
        [[c.student, c.file, c.function, c.nodes] for c in copies],
    )
    return pairs, copies
