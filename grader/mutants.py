"""Mutation testing of the hidden checks: small, deliberate bugs in the reference solutions.

A mutant is the references with one change inside one function's ``# BEGIN SOLUTION`` /
``# END SOLUTION`` region: a comparison flipped (``<`` <-> ``<=``), an operator or a constant
changed, an axis or keepdims changed, ``reduce_sum`` <-> ``reduce_mean``, two arguments
swapped, a term or a statement dropped, or an argument edited in place. Graded on its own
exercise, a mutant the checks pass is a missing check, unless it is listed with its reason in
``grader/checks/<chapter>/equivalent_mutants.toml`` (a change that cannot alter behaviour).
"""

from __future__ import annotations

import ast
import copy
import difflib
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from grader import chapters as registry
from grader.errors import CourseKitError
from grader.i18n import _
from grader.loader import module_path
from grader.paths import CHECKS_DIR
from grader.stubs import BEGIN, END

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


class MutantError(CourseKitError):
    """A malformed equivalents file."""


@dataclass(frozen=True)
class Mutant:
    exercise: str  # "ch2.softmax": the exercise it is graded on
    module: str  # "ch2.losses"
    function: str  # "softmax", or "AccuracyStop.on_epoch_end" for a method
    key: str  # "softmax: `axis=-1` -> `axis=0`": stable across edits elsewhere in the file
    diff: str  # unified diff of the function, as a reviewer reads it
    source: str  # the whole mutated module


# Parameters that are numbers, strings or flags in every exercise: an in-place edit of them is
# not possible, so no in-place mutant is made of them.
SCALAR_PARAMS = frozenset(
    "self lr beta beta1 beta2 eps t seed alpha cost profit target epoch epochs decay_steps"
    " decay_rate base_lr staircase kind weight_decay loss w0 logs".split()
)
SWAPS = {
    "reduce_sum": "reduce_mean", "reduce_mean": "reduce_sum", "sum": "mean", "mean": "sum",
    "reduce_max": "reduce_min", "reduce_min": "reduce_max", "max": "min", "min": "max",
    "amax": "amin", "amin": "amax", "maximum": "minimum", "minimum": "maximum",
    "greater": "greater_equal", "greater_equal": "greater", "less": "less_equal",
    "less_equal": "less", "ones_like": "zeros_like", "zeros_like": "ones_like",
    "floor": "ceil", "ceil": "floor",
}  # fmt: skip
COMPARE_FLIPS: dict[type, tuple[type, ...]] = {
    ast.Lt: (ast.LtE, ast.Gt), ast.LtE: (ast.Lt, ast.GtE), ast.Gt: (ast.GtE, ast.Lt),
    ast.GtE: (ast.Gt, ast.LtE), ast.Eq: (ast.NotEq,), ast.NotEq: (ast.Eq,),
    ast.Is: (ast.IsNot,), ast.IsNot: (ast.Is,), ast.In: (ast.NotIn,), ast.NotIn: (ast.In,),
}  # fmt: skip
BINOP_SWAPS: dict[type, type] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.Pow: ast.Mult, ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv,
}  # fmt: skip
# order-free functions: swapping their arguments changes nothing
COMMUTATIVE = frozenset("maximum minimum add multiply logical_and logical_or".split())
# wrappers whose removal only changes the container type, never a value
TRANSPARENT = frozenset("float int list tuple convert_to_tensor asarray array".split())
OP_NAMES = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}

# Appended to a mutated module: the in-place mutants call them.
HELPERS = '''

def _mutant_mark(kind):
    """Leave ``<this module>.reached`` / ``.applied`` beside the module: an in-place mutant
    that was reached but never applied (its argument was an int, a str, a read-only array in
    every call) behaved as the reference did, and is counted as inert, not as a survivor."""
    try:
        open(__file__ + "." + kind, "a").close()
    except OSError:
        pass


def _mutant_inplace(a, op, b):
    """``a op= b`` on the caller's own array where it can be, then the value."""
    import numpy as _np
    _mutant_mark("reached")
    if isinstance(a, _np.ndarray) and a.flags.writeable and a.dtype.kind == "f":
        _mutant_mark("applied")
        a[...] = {"+": _np.add, "-": _np.subtract, "*": _np.multiply, "/": _np.divide}[op](
            a, _np.asarray(b)
        )
        return a
    return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b}[op]()


def _mutant_clobber(value, a):
    """Return ``value`` after scrambling the argument ``a`` in place."""
    import numpy as _np
    _mutant_mark("reached")
    if isinstance(a, _np.ndarray) and a.flags.writeable and a.size:
        _mutant_mark("applied")
        a[...] = a[::-1] + 1 if a.dtype.kind in "iuf" else a[::-1]
    elif isinstance(a, list):
        _mutant_mark("applied")
        a.append(a[-1] if a else 0)
    elif isinstance(a, dict):
        _mutant_mark("applied")
        if a:
            a.popitem()
        else:
            a["_mutant"] = 0
    return value
'''

Replacement = Callable[[], ast.AST | list[ast.stmt]]


def solution_regions(source: str) -> list[tuple[int, int]]:
    """(first, last) line numbers strictly between each BEGIN/END marker pair."""
    regions, start = [], 0
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip() == BEGIN:
            start = number
        elif line.strip() == END and start:
            regions.append((start + 1, number - 1))
            start = 0
    return regions


def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    yield f"{node.name}.{item.name}", item


def _text(node: ast.AST) -> str:
    return ast.unparse(node).replace("\n", "; ")


def _sites(fn: ast.FunctionDef, inside: Callable[[ast.AST], bool], method: bool) -> Iterator:
    """(index of the node in ast.walk order, label, replacement maker) for every mutation."""
    rebound = {t.id for n in ast.walk(fn) for t in _targets(n) if isinstance(t, ast.Name)}
    arrays = [p for p in array_params(fn, method) if p not in rebound]
    negated = {id(cast(ast.UnaryOp, n).operand) for n in ast.walk(fn) if _is_negative_constant(n)}
    for i, node in enumerate(ast.walk(fn)):
        if node is fn or not inside(node) or id(node) in negated:
            continue
        for label, make in _operators(node, arrays):
            yield i, label, make


def array_params(fn: ast.FunctionDef, method: bool) -> list[str]:
    """Parameters that may be arrays or lists (an in-place edit of them is possible)."""
    if method:
        return []
    return [a.arg for a in fn.args.args if a.arg not in SCALAR_PARAMS]


def _targets(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Assign):
        return [leaf for t in node.targets for leaf in ast.walk(t)]
    if isinstance(node, ast.AugAssign | ast.AnnAssign | ast.For):
        return list(ast.walk(node.target))
    return []


def _is_negative_constant(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and isinstance(node.operand.value, int | float)
        and not isinstance(node.operand.value, bool)
    )


def _operators(node: ast.AST, arrays: list[str]) -> Iterator[tuple[str, Replacement]]:
    if isinstance(node, ast.Compare):
        for k, op in enumerate(node.ops):
            for new in COMPARE_FLIPS.get(type(op), ()):
                yield "compare", _with(node, "ops", [*node.ops[:k], new(), *node.ops[k + 1 :]])
    elif isinstance(node, ast.BinOp):
        yield from _binop(node, arrays)
    elif _is_negative_constant(node):
        assert isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant)
        negative = node.operand.value
        assert isinstance(negative, int | float)
        for value in _constants(-negative):
            yield "constant", _constant(value)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.Not):
        yield "drop unary", lambda: copy.deepcopy(node.operand)
    elif isinstance(node, ast.BoolOp):
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield "bool op", _with(node, "op", other)
    elif isinstance(node, ast.Constant) and not isinstance(node.value, bool | str | bytes):
        if isinstance(node.value, int | float):
            for value in _constants(node.value):
                yield "constant", _constant(value)
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield "constant", lambda: ast.Constant(not node.value)
    elif isinstance(node, ast.Call):
        yield from _call(node)
    if isinstance(node, ast.Assign | ast.AugAssign | ast.Expr | ast.If) and not _is_rewrap(node):
        yield "drop statement", lambda: [ast.Pass()]


def _constant(value: bool | int | float) -> Replacement:
    return lambda: ast.Constant(value)


def _constants(value: float) -> list[float]:
    if value == 0:
        return [1]
    if value == 1:
        return [0, 2]
    if float(value).is_integer():
        return [0, value + 1]
    return [0, value * 2]


def _binop(node: ast.BinOp, arrays: list[str]) -> Iterator[tuple[str, Replacement]]:
    swap = BINOP_SWAPS.get(type(node.op))
    if swap is not None:
        yield "operator", _with(node, "op", swap())
    if isinstance(node.op, ast.Sub | ast.Div | ast.Pow | ast.FloorDiv):
        yield (
            "swap operands",
            lambda: ast.BinOp(copy.deepcopy(node.right), node.op, copy.deepcopy(node.left)),
        )
    if isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div | ast.Pow):
        yield "drop term", lambda: copy.deepcopy(node.left)
    if isinstance(node.op, ast.Add | ast.Mult):
        yield "drop term", lambda: copy.deepcopy(node.right)
    left, op = node.left, OP_NAMES.get(type(node.op))
    if op and isinstance(left, ast.Name) and left.id in arrays:
        yield (
            "in-place",
            lambda: _call_helper(
                "_mutant_inplace", [ast.Name(left.id), ast.Constant(op), copy.deepcopy(node.right)]
            ),
        )


def _call(node: ast.Call) -> Iterator[tuple[str, Replacement]]:
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    if name in SWAPS and isinstance(node.func, ast.Attribute):
        func = ast.Attribute(copy.deepcopy(node.func.value), SWAPS[name])
        yield "swap function", _with(node, "func", func)
    positional = node.args if name not in COMMUTATIVE else []
    for k in range(len(positional) - 1):
        if ast.dump(positional[k]) != ast.dump(positional[k + 1]):
            swapped = [*positional[:k], positional[k + 1], positional[k], *positional[k + 2 :]]
            yield "swap arguments", _with(node, "args", copy.deepcopy(swapped))
    if len(node.args) == 1 and not node.keywords and name not in TRANSPARENT:
        yield "drop call", lambda: copy.deepcopy(node.args[0])
    for k, kw in enumerate(node.keywords):
        rest = node.keywords[:k] + node.keywords[k + 1 :]
        if kw.arg in ("axis", "keepdims"):
            yield "drop keyword", _with(node, "keywords", copy.deepcopy(rest))
        if kw.arg == "axis" and not (isinstance(kw.value, ast.Constant) and kw.value.value == 0):
            zero = ast.keyword("axis", ast.Constant(0))
            yield "axis", _with(node, "keywords", [*copy.deepcopy(rest), zero])


def _with(node: ast.AST, field: str, value: object) -> Replacement:
    def make() -> ast.AST:
        new = copy.deepcopy(node)
        setattr(new, field, value)
        return new

    return make


def _call_helper(name: str, args: list[ast.expr]) -> ast.Call:
    return ast.Call(ast.Name(name), args, [])


def _is_rewrap(node: ast.AST) -> bool:
    """``x = tf.convert_to_tensor(x)``: dropping it changes only the container type."""
    if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
        return False
    func = node.value.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in TRANSPARENT and len(node.targets) == 1


def _clobbering(fn: ast.FunctionDef, param: str, inside: Callable[[ast.AST], bool]) -> ast.AST:
    """The function keeps the caller's ``param`` and scrambles it after computing its result."""
    new = copy.deepcopy(fn)
    start = 1 if ast.get_docstring(new) is not None else 0
    keep = ast.Assign([ast.Name("_mutant_arg", ast.Store())], ast.Name(param), lineno=0)
    returns = [n for n in ast.walk(new) if isinstance(n, ast.Return) and n.value is not None]
    for node in returns:
        if inside(node) and node.value is not None:
            node.value = _call_helper("_mutant_clobber", [node.value, ast.Name("_mutant_arg")])
    new.body.insert(start, keep)
    if not returns:  # a function that returns nothing scrambles it on the way out
        clobber = _call_helper("_mutant_clobber", [ast.Constant(None), ast.Name("_mutant_arg")])
        new.body.append(ast.Expr(clobber))
    return new


def _replace(root: ast.AST, index: int, new: ast.AST | list[ast.stmt]) -> None:
    target = list(ast.walk(root))[index]
    for parent in ast.walk(root):
        for field, value in ast.iter_fields(parent):
            if value is target:
                setattr(parent, field, new[0] if isinstance(new, list) else new)
                return
            if isinstance(value, list) and any(v is target for v in value):
                k = next(j for j, v in enumerate(value) if v is target)
                value[k : k + 1] = new if isinstance(new, list) else [new]
                return
    raise AssertionError("mutation site has no parent")  # i18n: internal


def mutants_of(exercise: registry.Exercise, solutions: Path) -> list[Mutant]:
    """Every mutant of the functions an exercise lists (methods of a listed class included)."""
    path = module_path(solutions, exercise.module)
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    regions = solution_regions(source)
    lines = source.splitlines(keepends=True)
    found: list[Mutant] = []
    for qualname, fn in _functions(tree):
        if qualname.split(".")[0] not in exercise.functions:
            continue
        mine = [(a, b) for a, b in regions if fn.lineno <= a and b <= (fn.end_lineno or 0)]
        if not mine:
            continue

        def inside(node: ast.AST, mine: list = mine) -> bool:
            start, stop = getattr(node, "lineno", 0), getattr(node, "end_lineno", 0)
            return any(a <= start and stop <= b for a, b in mine)

        before = ast.unparse(fn)
        seen: dict[str, int] = {}
        changes: list[tuple[str, ast.AST]] = []
        for index, label, make in _sites(fn, inside, "." in qualname):
            mutated = copy.deepcopy(fn)
            old_text = _text(list(ast.walk(mutated))[index])
            new = make()
            _replace(mutated, index, new)
            new_text = "; ".join(_text(n) for n in new) if isinstance(new, list) else _text(new)
            changes.append((f"{qualname}: {label}: `{old_text}` -> `{new_text}`", mutated))
        for param in array_params(fn, "." in qualname):
            key = f"{qualname}: in-place: the caller's `{param}` is changed after the result"
            changes.append((key, _clobbering(fn, param, inside)))
        for key, changed in changes:
            ast.fix_missing_locations(changed)
            after = ast.unparse(changed)
            if after == before:
                continue
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                key += f" (#{seen[key]})"
            indent = " " * fn.col_offset
            body = "".join(indent + line + "\n" for line in after.splitlines())
            first = min([fn.lineno, *(d.lineno for d in fn.decorator_list)]) - 1
            text = "".join(lines[:first]) + body + "".join(lines[fn.end_lineno or 0 :]) + HELPERS
            diff = "\n".join(
                difflib.unified_diff(
                    before.splitlines(), after.splitlines(), "reference", "mutant", lineterm=""
                )
            )
            found.append(Mutant(exercise.id, exercise.module, qualname, key, diff, text))
    return found


def mutable_exercises(chapter: registry.Chapter) -> list[registry.Exercise]:
    """The unit exercises whose functions no training exercise shares (models are not mutated)."""
    trained = {f for e in chapter.exercises if e.tier != "unit" for f in e.functions}
    return [e for e in chapter.exercises if e.tier == "unit" and not set(e.functions) & trained]


def is_inert(mutant: Mutant, target: Path) -> bool:
    """An in-place mutant whose edit was reached in the checks but never applied: every
    argument it would have edited was immutable (an int, a str, a dtype, a path), so it ran
    exactly as the reference. Where the marks cannot be read (no mark at all) it is not inert."""
    path = module_path(target, mutant.module)
    reached, applied = (Path(f"{path}.{kind}").exists() for kind in ("reached", "applied"))
    return reached and not applied


def build_target(mutant: Mutant, solutions: Path, dest: Path) -> Path:
    """A submission folder: the references with the one mutated module."""
    shutil.copytree(solutions, dest, ignore=shutil.ignore_patterns("__pycache__"))
    module_path(dest, mutant.module).write_text(mutant.source, encoding="utf-8")
    return dest


def equivalents_file(chapter: str, checks_dir: Path = CHECKS_DIR) -> Path:
    return checks_dir / chapter / "equivalent_mutants.toml"


def load_equivalents(chapter: str, checks_dir: Path = CHECKS_DIR) -> dict[tuple[str, str], str]:
    """{(exercise, mutant key): reason} from the chapter's reviewed equivalents file."""
    path = equivalents_file(chapter, checks_dir)
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    found = {}
    for entry in data.get("equivalent", []):
        if not {"exercise", "mutant", "reason"} <= set(entry) or not entry["reason"].strip():
            raise MutantError(
                _("{path}: every [[equivalent]] needs exercise, mutant and a reason").format(
                    path=path
                )
            )
        found[(entry["exercise"], entry["mutant"])] = entry["reason"]
    return found
