"""The hidden checks read as source: which check functions a file declares, for which exercise,
and with what visibility, without importing them (an import would load TensorFlow and the
references). The student edition ships the public ones; the rest are only counted.

A check is a module-level ``def test_*`` with ``@exercise("chN.id")`` (its visibility from
``@pytest.mark.visibility(...)``, hidden when absent), or a module-level ``test_* =
training_check(SPEC)`` whose spec names its exercise (``TrainingCheck(exercise=...)``): always
hidden, a training check compares with the references.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from grader.paths import CHECKS_DIR


@dataclass(frozen=True)
class Check:
    name: str
    exercise: str
    visibility: str  # the marker's word: public, hidden or after_due_date
    path: Path

    @property
    def public(self) -> bool:
        return self.visibility == "public"


def _call_arg(decorator: ast.expr, callee: str) -> str | None:
    """The first constant argument of ``@...callee("x")``, or None."""
    if not isinstance(decorator, ast.Call) or not decorator.args:
        return None
    func = decorator.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    first = decorator.args[0]
    if name == callee and isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def _spec_exercises(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = TrainingCheck(exercise="...")``: NAME -> exercise."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            for kw in node.value.keywords:
                if kw.arg == "exercise" and isinstance(kw.value, ast.Constant):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            found[target.id] = str(kw.value.value)
    return found


def checks_in(path: Path) -> list[Check]:
    """The checks a file declares, in file order."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    specs = _spec_exercises(tree)
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            exercise = next((e for d in node.decorator_list if (e := _call_arg(d, "exercise"))), "")
            seen = next(
                (v for d in node.decorator_list if (v := _call_arg(d, "visibility"))), "hidden"
            )
            found.append(Check(node.name, exercise, seen, path))
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id.startswith("test_"):
                    spec = node.value.args[0] if node.value.args else None
                    exercise = specs.get(spec.id, "") if isinstance(spec, ast.Name) else ""
                    found.append(Check(target.id, exercise, "hidden", path))
    return found


def check_files(chapter: str, checks_dir: Path = CHECKS_DIR) -> list[Path]:
    return sorted((checks_dir / chapter).glob("test_*.py"))


def all_checks(chapters: list[str], checks_dir: Path = CHECKS_DIR) -> list[Check]:
    return [c for ch in chapters for f in check_files(ch, checks_dir) for c in checks_in(f)]


def hidden_counts(checks: list[Check]) -> dict[str, int]:
    """exercise id -> how many of its checks are not public (no names, no code)."""
    counts: dict[str, int] = {}
    for check in checks:
        if not check.public:
            counts[check.exercise] = counts.get(check.exercise, 0) + 1
    return dict(sorted(counts.items()))
