"""Generate the students' stubs from the reference solutions.

A reference marks each function body it hides with ``# BEGIN SOLUTION`` / ``# END SOLUTION``;
the stub keeps everything else (signature, docstring, imports, helpers) and replaces the marked
lines with ``raise NotImplementedError``, indented like them.
"""

from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass
from pathlib import Path

from grader.errors import CourseKitError
from grader.i18n import _

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
STUB_LINE = 'raise NotImplementedError("write your solution here")'


class MarkerError(CourseKitError):
    """Unbalanced or nested solution markers."""


def make_stub(source: str, *, name: str = "<solution>") -> str:
    out: list[str] = []
    inside = False
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise MarkerError(
                    _("{file}:{line}: {begin} inside another solution block").format(
                        file=name, line=number, begin=BEGIN
                    )
                )
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}{STUB_LINE}\n")
        elif marker == END:
            if not inside:
                raise MarkerError(
                    _("{file}:{line}: {end} without a {begin}").format(
                        file=name, line=number, end=END, begin=BEGIN
                    )
                )
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise MarkerError(_("{file}: {begin} is never closed").format(file=name, begin=BEGIN))
    return "".join(out)


def solution_lines(source: str) -> list[str]:
    """The lines a solution hides (stripped, non-empty, not comments)."""
    lines, inside = [], False
    for line in source.splitlines():
        marker = line.strip()
        if marker in (BEGIN, END):
            inside = marker == BEGIN
        elif inside and marker and not marker.startswith("#"):
            lines.append(marker)
    return lines


def code_lines(source: str) -> set[str]:
    """Stripped lines of a module outside its docstrings (where leaked code would run)."""
    tree = ast.parse(source)
    doc_lines: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                end = body[0].end_lineno or body[0].lineno
                doc_lines.update(range(body[0].lineno, end + 1))
    return {
        line.strip()
        for number, line in enumerate(source.splitlines(), start=1)
        if number not in doc_lines
    }


@dataclass(frozen=True)
class StubPlan:
    solution: Path
    stub: Path
    text: str

    @property
    def in_step(self) -> bool:
        return self.stub.is_file() and self.stub.read_text(encoding="utf-8") == self.text


def plan(solutions: Path, exercises: Path) -> list[StubPlan]:
    """What exercises/ should hold for every .py file under solutions/."""
    plans = []
    for source in sorted(solutions.rglob("*.py")):
        if "__pycache__" in source.parts:
            continue
        rel = source.relative_to(solutions)
        text = source.read_text(encoding="utf-8")
        plans.append(StubPlan(source, exercises / rel, make_stub(text, name=str(rel))))
    return plans


def write_stubs(solutions: Path, exercises: Path) -> list[Path]:
    """Write every stub that is out of step; returns the files written."""
    written = []
    for p in plan(solutions, exercises):
        if not p.in_step:
            p.stub.parent.mkdir(parents=True, exist_ok=True)
            p.stub.write_text(p.text, encoding="utf-8")
            written.append(p.stub)
    for extra in solutions.rglob("*"):
        if extra.is_file() and extra.suffix != ".py" and "__pycache__" not in extra.parts:
            dest = exercises / extra.relative_to(solutions)
            if not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(extra, dest)
                written.append(dest)
    return written
