"""Load a target folder (exercises/, solutions/, a student's copy) as one private package.

Each target is imported under its own alias (``_ck_student_0``, ``_ck_reference``) so the
student's modules and the reference live side by side in one process, and a student's
modules may import each other (``from .losses import softmax``).
"""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from grader.i18n import _


class SubmissionError(Exception):
    """The submitted file cannot be graded at all (syntax error, missing function, ...)."""


def _register_root(root: Path, alias: str) -> None:
    if alias in sys.modules:
        return
    spec = importlib.machinery.ModuleSpec(alias, None, is_package=True)
    spec.submodule_search_locations = [str(root)]
    package = importlib.util.module_from_spec(spec)
    sys.modules[alias] = package


def _describe(exc: BaseException, path: Path) -> str:
    if isinstance(exc, SyntaxError):
        where = _("line {line}").format(line=exc.lineno) if exc.lineno else _("somewhere")
        return _("{file} has a syntax error at {where}: {error}").format(
            file=path.name, where=where, error=exc.msg
        )
    if isinstance(exc, SystemExit):
        return _("{file} called sys.exit() while being imported: remove it").format(file=path.name)
    if isinstance(exc, MemoryError):
        return _("{file} used too much memory while being imported").format(file=path.name)
    return _("importing {file} raised {error}").format(
        file=path.name, error=f"{type(exc).__name__}: {exc}"
    )


def module_path(root: Path, module: str) -> Path:
    """'ch2.losses' -> root/ch2/losses.py"""
    return root.joinpath(*module.split(".")).with_suffix(".py")


def import_module(root: Path, alias: str, module: str) -> ModuleType:
    """Import ``module`` (e.g. 'ch2.losses') from the target folder ``root``.

    Raises SubmissionError with a message written for a student when the file is missing or
    cannot be imported; anything the file does at import time (even sys.exit) is contained.
    """
    path = module_path(root, module)
    if not path.is_file():
        raise SubmissionError(
            _("file not found: {path} (expected the exercise file here)").format(path=path)
        )
    _register_root(root, alias)
    try:
        return importlib.import_module(f"{alias}.{module}")
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - a student's file may raise anything, even SystemExit
        raise SubmissionError(_describe(exc, path)) from None


def is_stub(path: Path, function: str) -> bool:
    """True when ``function`` in ``path`` is still a stub: docstring + raise NotImplementedError."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return False
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == function:
            return _raises_only(node.body)
        if isinstance(node, ast.ClassDef) and node.name == function:
            # a class is a stub while any of its methods still ends in the stub's raise
            return any(
                isinstance(item, ast.FunctionDef) and _ends_in_raise(item.body)
                for item in node.body
            )
    return False


def _is_not_implemented(statement: ast.stmt) -> bool:
    if not isinstance(statement, ast.Raise) or statement.exc is None:
        return False
    exc = statement.exc
    target = exc.func if isinstance(exc, ast.Call) else exc
    return isinstance(target, ast.Name) and target.id == "NotImplementedError"


def _raises_only(body: list[ast.stmt]) -> bool:
    """docstring (optional) + raise NotImplementedError, nothing else"""
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return len(body) == 1 and _is_not_implemented(body[0])


def _ends_in_raise(body: list[ast.stmt]) -> bool:
    return bool(body) and _is_not_implemented(body[-1])
