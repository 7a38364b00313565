"""The student edition's check files: from each hidden check file, only its public checks and
what they use.

A public check file keeps, in the original order, the public test functions, the module-level
definitions they reach (helpers, constants, strategies: the closure of the names their bodies
and decorators use) and the imports that bind a name so reached. Nothing else of the file is
copied: no hidden check, no helper only hidden checks use, not the file's docstring (it
describes every check). Exercises left without a public check get one placeholder check that
says how many checks run when the instructor grades (``placeholder_file``): the stubs then grade
as todo, and an attempted exercise as skipped, never as "no check ran".

The check files hold only docstrings, imports, assignments and definitions at module level
(tests/test_editions.py proves it stays so); anything else would be dropped here.
"""

from __future__ import annotations

import ast
from pathlib import Path

from grader import chapters as registry
from grader.i18n import N_

# a placeholder's skip reason: the edition's file holds the message id and translates it when
# it runs, in the student's language (its literal keeps the entry in the narrowed catalogue)
SKIP_ONE = N_("no public check: its {count} check runs when your instructor grades")
SKIP_MANY = N_("no public check: its {count} checks run when your instructor grades")


def _defined(node: ast.stmt) -> set[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    if isinstance(node, ast.Import | ast.ImportFrom):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign):
        targets = [node.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _used(node: ast.stmt) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _kept(tree: ast.Module, public: set[str]) -> list[ast.stmt]:
    """The statements the public tests need, in file order."""
    body = [n for n in tree.body if not (isinstance(n, ast.Expr) and n is tree.body[0])]
    tests = [n for n in body if isinstance(n, ast.FunctionDef) and n.name in public]
    needed: set[str] = set().union(*(_used(t) for t in tests)) if tests else set()
    keep = {id(t) for t in tests}
    changed = True
    while changed:
        changed = False
        for node in body:
            if id(node) in keep or _defined(node).isdisjoint(needed):
                continue
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                continue  # a hidden check is never shipped, even if a name points at it
            keep.add(id(node))
            if not isinstance(node, ast.Import | ast.ImportFrom):
                needed |= _used(node)
            changed = True
    return [n for n in body if id(n) in keep]


def _source(lines: list[str], node: ast.stmt) -> str:
    decorators = getattr(node, "decorator_list", [])
    start = min([d.lineno for d in decorators] + [node.lineno])
    end = node.end_lineno or node.lineno
    return "".join(lines[start - 1 : end])


def public_source(path: Path, public: set[str]) -> str:
    """The public-only version of one check file."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    tree = ast.parse(text)
    kept = _kept(tree, public)
    head = f'"""Public checks of {path.parent.name}/{path.name} (the student edition)."""\n\n'
    parts = []
    for previous, node in zip([None, *kept], kept):
        imports = isinstance(node, ast.Import | ast.ImportFrom)
        together = imports and (
            previous is None or isinstance(previous, ast.Import | ast.ImportFrom)
        )
        parts.append(("" if together else "\n\n") + _source(lines, node))
    return head + "".join(parts).lstrip("\n")


def checks_imports(source: str) -> set[str]:
    """The kit's check helper modules a file imports (``grader.checks.ch4.files``)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("grader.checks."):
            found.add(str(node.module))
    return found


def placeholder_file(chapter: str, hidden: dict[str, int], covered: set[str]) -> str | None:
    """A check per exercise of ``chapter`` that has no public check, or None."""
    missing = [e for e in registry.chapter(chapter).exercises if e.id not in covered]
    if not missing:
        return None
    out = [
        f'"""The exercises of {chapter} whose checks all run when your instructor grades."""',
        "",
        "import pytest",
        "",
        "from grader.i18n import _",
        "from grader.testing.api import exercise",
    ]
    for ex in missing:
        count = hidden.get(ex.id, 0)
        out += [
            "",
            "",
            '@pytest.mark.visibility("public")',
            f"@exercise({ex.id!r})",
            f"def test_{ex.short}_is_graded_by_your_instructor(student):",
            f"    pytest.skip({_skip_text(count)})",
        ]
    return "\n".join(out) + "\n"


def _skip_text(count: int) -> str:
    """The skip call's argument, as source: the message translated at run time."""
    return f"_({SKIP_ONE if count == 1 else SKIP_MANY!r}).format(count={count})"
