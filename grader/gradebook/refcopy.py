"""A submitted function that is the reference solution with the names changed.

Renaming variables and deleting comments is the cheapest disguise, and the AST sees through it:
each function's arguments and the names it assigns become ``_0, _1, ...`` in order of first
appearance, docstrings go, and ``ast.dump`` (no line numbers) of the result is compared with the
reference's. Globals (``tf``, ``np``, builtins) and attribute names stay: they are what the code
does. A very short reference (``return tf.nn.relu(x)``) is what any correct student writes, so
functions under ``MIN_NODES`` AST nodes are not reported: the CSV would accuse the whole class.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

MIN_NODES = 25
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda


@dataclass(frozen=True)
class ReferenceCopy:
    student: str
    file: str  # "ch2/losses.py"
    function: str
    nodes: int  # the size of the reference function's normalised AST


def _local_names(func: FunctionNode) -> dict[str, str]:
    """Arguments and assigned names, in source order, to placeholders."""
    found: list[tuple[int, int, str]] = []
    for node in ast.walk(func):
        if isinstance(node, ast.arg):
            found.append((node.lineno, node.col_offset, node.arg))
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            found.append((node.lineno, node.col_offset, node.id))
    mapping: dict[str, str] = {}
    for _, _, name in sorted(found):
        mapping.setdefault(name, f"_{len(mapping)}")
    return mapping


class _Rename(ast.NodeTransformer):
    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.Name(id=self.mapping.get(node.id, node.id), ctx=node.ctx)

    def visit_arg(self, node: ast.arg) -> ast.arg:
        return ast.arg(arg=self.mapping.get(node.arg, node.arg), annotation=None)


def _drop_docstrings(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and len(body) > 1
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            del body[0]


def normalised(func: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """The function's shape with local names, docstrings and annotations gone."""
    tree = ast.parse(ast.unparse(func))  # a private copy to edit
    node = tree.body[0]
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    node.returns = None
    _drop_docstrings(node)
    node = _Rename(_local_names(node)).visit(node)
    return ast.dump(node)


def functions(source: str) -> dict[str, str]:
    """Top-level functions (and methods, as ``Class.method``) -> normalised dump; {} if the
    source does not parse (the grade reports that, not this)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out[node.name] = normalised(node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    out[f"{node.name}.{item.name}"] = normalised(item)
    return out


def _size(dump: str) -> int:
    return dump.count("(")  # every node prints as Name(...): a count without re-parsing


def find_copies(
    student: str, files: dict[str, str], solutions: Path, min_nodes: int = MIN_NODES
) -> list[ReferenceCopy]:
    """``files``: "ch2/losses.py" -> the student's source. Compares each with the reference of
    the same path under ``solutions``, function by function."""
    found = []
    for rel, source in sorted(files.items()):
        reference = solutions / rel
        if not reference.is_file():
            continue
        ours = functions(reference.read_text(encoding="utf-8"))
        for name, dump in sorted(functions(source).items()):
            if ours.get(name) == dump and _size(dump) >= min_nodes:
                found.append(ReferenceCopy(student, rel, name, _size(dump)))
    return found
