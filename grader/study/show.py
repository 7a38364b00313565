"""Where an exercise lives: its stub's file and functions (path, line, docstring), the hidden
checks that grade it, and the catalogued mistakes it must catch."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from grader import chapters as registry
from grader.errors import UsageError
from grader.i18n import _
from grader.loader import module_path
from grader.mistakes import Mistake, catalogue
from grader.paths import CHECKS_DIR, MISTAKES_DIR


@dataclass(frozen=True)
class Function:
    name: str
    line: int | None  # None: not found in the file
    docstring: str


@dataclass(frozen=True)
class Check:
    path: Path
    name: str
    line: int


@dataclass(frozen=True)
class Where:
    exercise: registry.Exercise
    file: Path
    functions: tuple[Function, ...]
    checks: tuple[Check, ...]
    mistakes: tuple[Mistake, ...]

    @property
    def check_files(self) -> list[Path]:
        return sorted({c.path for c in self.checks})


def find_exercise(name: str) -> registry.Exercise:
    """'ch2.softmax', or a short name like 'softmax' when only one chapter has it."""
    if "." in name:
        return registry.exercise(name)
    found = [e for ch in registry.CHAPTERS for e in ch.exercises if e.short == name]
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(e.id for e in found)
        raise UsageError(
            _("{name} is in more than one chapter: say which ({ids})").format(
                name=repr(name), ids=ids
            )
        )
    raise UsageError(
        _("no exercise {name}; expected an id like ch2.softmax (coursekit list)").format(
            name=repr(name)
        )
    )


def functions(file: Path, names: tuple[str, ...]) -> tuple[Function, ...]:
    """Each name's line and docstring in ``file`` (top-level functions and classes)."""
    defs: dict[str, ast.AST] = {}
    if file.is_file():
        try:
            tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        except (SyntaxError, ValueError):
            tree = ast.Module(body=[], type_ignores=[])
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                defs.setdefault(node.name, node)
    out = []
    for name in names:
        found = defs.get(name)
        if isinstance(found, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.append(Function(name, found.lineno, ast.get_docstring(found) or ""))
        else:
            out.append(Function(name, None, ""))
    return tuple(out)


_TEST_DEF = re.compile(r"^\s*(?:async\s+)?def\s+(test_\w+)")


def checks(exercise_id: str, checks_dir: Path = CHECKS_DIR) -> tuple[Check, ...]:
    """The hidden checks tied to ``exercise_id`` with ``@exercise("<id>")`` (or a
    ``pytest.mark.exercise("<id>")`` marker), in file and line order."""
    chapter = exercise_id.split(".", 1)[0]
    marker = re.compile(r"""exercise\(\s*["']""" + re.escape(exercise_id) + r"""["']\s*\)""")
    found = []
    for path in sorted((checks_dir / chapter).glob("test_*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        pending = False
        for number, text in enumerate(lines, start=1):
            if marker.search(text):
                if "pytestmark" in text:  # the whole module is this exercise's
                    found.append(Check(path, _("(every check in the file)"), number))
                else:
                    pending = True
                continue
            match = _TEST_DEF.match(text)
            if match:
                if pending:
                    found.append(Check(path, match.group(1), number))
                pending = False
        extra = _specs(path, lines, exercise_id)
        if any(c.path == path for c in found):  # the spec is used by a check found above
            extra = [c for c in extra if not c.name.startswith("(")]
        found += extra
    return tuple(found)


_ASSIGN = re.compile(r"^([A-Za-z_]\w*)\s*=\s*[\w.]+\(")


def _specs(path: Path, lines: list[str], exercise_id: str) -> list[Check]:
    """Checks made from a spec (``SPEC = TrainingCheck(exercise="ch3.mnist_mlp", ...)``, then
    ``test_mnist_mlp_trains = training_check(SPEC)``)."""
    marker = re.compile(r"""\bexercise\s*=\s*["']""" + re.escape(exercise_id) + r"""["']""")
    found = []
    for index, text in enumerate(lines):
        if not marker.search(text):
            continue
        spec = next(
            (m.group(1) for m in map(_ASSIGN.match, reversed(lines[: index + 1])) if m), None
        )
        uses = re.compile(r"^(test_\w+)\s*=\s*[\w.]+\(.*\b" + re.escape(spec or "") + r"\b")
        made = [(n, m.group(1)) for n, m in enumerate(map(uses.match, lines), 1) if m and spec]
        found += [Check(path, name, number) for number, name in made]
        if not made:
            built = _("(a check built from line {line})").format(line=index + 1)
            found.append(Check(path, built, index + 1))
    return found


def where(name: str, target: Path) -> Where:
    exercise = find_exercise(name)
    file = module_path(target, exercise.module)
    mistakes = tuple(
        m for m in catalogue(MISTAKES_DIR, [exercise.chapter]) if exercise.id in m.loses
    )
    return Where(
        exercise,
        file,
        functions(file, exercise.functions),
        checks(exercise.id),
        mistakes,
    )


def shown(path: Path) -> str:
    """A path relative to the working folder where it is under it (shorter to read)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
