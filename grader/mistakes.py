"""The mistake catalogue: known student mistakes, each a small file in mistakes/<chapter>/.

A mistake file holds ``MODULE = "ch2.losses"``, ``LOSES = ["ch2.softmax", ...]`` and the wrong
functions. Graded as a submission, it is the reference solutions with those functions
replaced: it must lose exactly the exercises it names and keep every other one.
"""

from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass
from pathlib import Path

from grader.errors import CourseKitError
from grader.i18n import _
from grader.loader import module_path


class CatalogueError(CourseKitError):
    """A mistake file without a valid MODULE / LOSES declaration."""


@dataclass(frozen=True)
class Mistake:
    name: str  # "softmax_no_max_shift": what it gets wrong
    chapter: str
    module: str
    loses: tuple[str, ...]
    source: Path

    @property
    def summary(self) -> str:
        doc = ast.get_docstring(ast.parse(self.source.read_text(encoding="utf-8"))) or ""
        return doc.splitlines()[0] if doc else self.name


def _constant(tree: ast.Module, name: str, path: Path) -> object:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise CatalogueError(
        _("{path}: declare {name} = ... at the top of the file").format(path=path, name=name)
    )


def read(path: Path) -> Mistake:
    """Read a mistake's declarations without running it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _constant(tree, "MODULE", path)
    loses = _constant(tree, "LOSES", path)
    if not isinstance(module, str) or not isinstance(loses, list | tuple) or not loses:
        raise CatalogueError(
            _("{path}: MODULE must be a string, LOSES a non-empty list of ids").format(path=path)
        )
    return Mistake(path.stem, path.parent.name, module, tuple(str(x) for x in loses), path)


def catalogue(mistakes_dir: Path, chapters: list[str]) -> list[Mistake]:
    found = []
    for ch in chapters:
        for path in sorted((mistakes_dir / ch).glob("*.py")):
            if not path.name.startswith("_"):
                found.append(read(path))
    return found


def build_target(mistake: Mistake, solutions: Path, dest: Path) -> Path:
    """A submission folder: the references, with the mistake's functions appended to its module
    (later definitions win, so the wrong functions replace the right ones)."""
    shutil.copytree(solutions, dest, ignore=shutil.ignore_patterns("__pycache__"))
    target = module_path(dest, mistake.module)
    if not target.is_file():
        raise CatalogueError(
            _("{path}: MODULE {module} has no file {file}").format(
                path=mistake.source, module=repr(mistake.module), file=target
            )
        )
    with target.open("a", encoding="utf-8") as f:
        f.write(f"\n\n# ---- catalogued mistake: {mistake.name} ----\n")
        f.write(mistake.source.read_text(encoding="utf-8"))
    return dest
