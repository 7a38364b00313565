"""Every sentence of an exercise's docstring is either enforced by a named check or says why not.

Per chapter, ``tests/requirements/<chapter>.toml`` holds one table per exercise of the registry:

    ["ch2.softmax"]
    "Each row becomes positive and sums to 1." = ["test_softmax_rows_sum_to_one"]
    "(``tf.nn.softmax``, or Keras's layer.)" = "- why: a hint at the library call, no requirement"

A key is a sentence of the docstrings of the exercise's functions (or its class and the class's
methods), read from ``solutions/`` with ``ast`` (nothing is imported). Its value is either a
non-empty list of check names, each a ``test_*`` function in ``grader/checks`` carrying that
exercise's ``@exercise("<id>")`` marker (or a module-level ``test_* = training_check(CHECK)``
whose ``CHECK`` names ``exercise="<id>"``), found with ``ast`` too; or a string
``"- why: <reason>"`` for a sentence that states no requirement (context, a hint, a note).

Every docstring is bilingual: the English (the requirements), then its Simplified Chinese
translation, a block that starts at a line beginning with ``中文：`` and runs to the end of the
docstring. The translation states nothing the English does not, so it is no source of sentences:
``english`` cuts it off before the rule below is applied, and
``test_every_exercise_docstring_has_a_chinese_block`` holds every non-empty docstring of every
exercise (functions, classes and their methods) to having one, after the English.

The sentence rule (``sentences``), deterministic and the same for every chapter:

1. the docstring as ``ast.get_docstring`` gives it (``inspect.cleandoc``: common indent removed),
   up to its ``中文：`` line (``english``);
2. blank lines separate paragraphs;
3. a run of consecutive indented lines (formulas are written indented, after a line ending in
   ``:``) is one "sentence" of its own, its lines joined;
4. the other lines of a paragraph are joined, and the text is split after ``.``, ``?`` or ``!``
   (or one of them and a closing bracket or quote) followed by whitespace and an uppercase
   letter, a backtick, a digit or ``(`` (never after "e.g." or "i.e."); a list number ("1.")
   stays with the sentence it numbers;
5. every sentence is whitespace-normalised (each run of whitespace becomes one space, no
   leading or trailing space). Repeats within one exercise count once.

The test fails listing what is wrong: missing sentences as lines ready to paste into the TOML
file, stale keys (the docstring changed), unknown check names, "- why:" rows without a reason.
Every chapter of the registry must have its file; a chapter named in ``IN_PROGRESS`` (empty
now that all six are written) is skipped while its file is missing.
"""

from __future__ import annotations

import ast
import itertools
import json
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

from grader.chapters import CHAPTERS, Exercise
from grader.paths import CHECKS_DIR, SOLUTIONS_DIR

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TABLES_DIR = Path(__file__).parent / "requirements"
# chapters whose tables are being written (skipped while their file is missing); empty: all six
# files exist
IN_PROGRESS: set[str] = set()
WHY = "- why:"
# the line that opens a docstring's Chinese translation (a full-width colon, as Chinese writes it)
ZH_MARK = "中文："

_LIST_NUMBER = re.compile(r"\d+\.")
_SPLIT = re.compile(r"(?:(?<=[.?!])(?<!e\.g\.)(?<!i\.e\.)|(?<=[.?!][)\"']))\s+(?=[A-Z`0-9(])")


def _split_prose(text: str) -> list[str]:
    pieces: list[str] = []
    for piece in _SPLIT.split(text):
        if pieces and _LIST_NUMBER.fullmatch(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {piece}"  # "1. Build it." is one sentence, not "1."
        else:
            pieces.append(piece)
    return pieces


def _normal(text: str) -> str:
    return " ".join(text.split())


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _zh_start(lines: list[str]) -> int | None:
    """The index of the line that opens the Chinese block, or None."""
    return next((i for i, line in enumerate(lines) if line.startswith(ZH_MARK)), None)


def english(docstring: str) -> str:
    """The docstring without its Chinese block (the translation, no requirements of its own)."""
    lines = docstring.splitlines()
    start = _zh_start(lines)
    return docstring if start is None else "\n".join(lines[:start]).rstrip()


def chinese(docstring: str) -> str:
    """The docstring's Chinese block, from its ``中文：`` line to the end ("" when none)."""
    lines = docstring.splitlines()
    start = _zh_start(lines)
    return "" if start is None else "\n".join(lines[start:]).strip()


def sentences(docstring: str) -> list[str]:
    """The English docstring's sentences by the rule in this module's docstring, in order."""
    out: list[str] = []
    # runs of lines: a blank line ends a run, and so does a change between indented and not
    runs = itertools.groupby(
        english(docstring).expandtabs().splitlines(),
        key=lambda line: "blank" if not line.strip() else "formula" if _indent(line) else "prose",
    )
    for kind, lines in runs:
        text = _normal(" ".join(lines))
        if kind == "formula":
            out.append(text)
        elif kind == "prose":
            out.extend(_split_prose(text))
    return out


def _docstrings(tree: ast.Module, names: Iterable[str]) -> list[str]:
    """The docstrings of the module's top-level functions or classes named, in that order; a
    class brings its methods' docstrings after its own."""
    found: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[node.name] = [ast.get_docstring(node) or ""]
        elif isinstance(node, ast.ClassDef):
            docs = [ast.get_docstring(node) or ""]
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    docs.append(ast.get_docstring(item) or "")
            found[node.name] = docs
    docs: list[str] = []
    for name in names:
        if name not in found:
            raise LookupError(f"no top-level function or class {name!r} in the solution")
        docs.extend(found[name])
    return docs


def exercise_sentences(exercise: Exercise, solutions: Path = SOLUTIONS_DIR) -> list[str]:
    """Every sentence of the docstrings of the exercise's functions, once each, in order."""
    chapter, module = exercise.module.split(".", 1)
    path = solutions / chapter / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: dict[str, None] = {}
    for doc in _docstrings(tree, exercise.functions):
        out.update(dict.fromkeys(sentences(doc)))
    return list(out)


def _marker_ids(decorators: list[ast.expr]) -> list[str]:
    ids = []
    for d in decorators:
        if not (isinstance(d, ast.Call) and d.args and isinstance(d.args[0], ast.Constant)):
            continue
        func = d.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name == "exercise" and isinstance(d.args[0].value, str):
            ids.append(d.args[0].value)
    return ids


def _exercise_keywords(node: ast.AST, assigned: Mapping[str, ast.AST], seen: set[str]) -> list[str]:
    """``exercise="<id>"`` keywords inside an expression, following module-level names."""
    ids = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.keyword) and sub.arg == "exercise":
            if isinstance(sub.value, ast.Constant) and isinstance(sub.value.value, str):
                ids.append(sub.value.value)
        elif isinstance(sub, ast.Name) and sub.id in assigned and sub.id not in seen:
            seen.add(sub.id)
            ids.extend(_exercise_keywords(assigned[sub.id], assigned, seen))
    return ids


def checks_by_exercise(checks_dir: Path = CHECKS_DIR) -> dict[str, set[str]]:
    """Exercise id -> names of the check functions tied to it, read from the check files."""
    found: dict[str, set[str]] = {}
    for path in sorted(checks_dir.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        assigned: dict[str, ast.AST] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name):
                    assigned[target.id] = node.value
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if node.name.startswith("test_"):
                    for ex_id in _marker_ids(node.decorator_list):
                        found.setdefault(ex_id, set()).add(node.name)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id.startswith("test_"):
                    for ex_id in _exercise_keywords(node.value, assigned, {target.id}):
                        found.setdefault(ex_id, set()).add(target.id)
    return found


def toml_key(sentence: str) -> str:
    """A sentence as a TOML basic-string key (JSON's escapes are TOML's)."""
    return json.dumps(sentence, ensure_ascii=False)


def audit(
    exercise_id: str,
    docstring_sentences: list[str],
    table: Mapping[str, object] | None,
    checks: set[str],
) -> list[str]:
    """What is wrong with one exercise's table; empty when every sentence is accounted for."""
    table = table or {}
    problems = []
    missing = [s for s in docstring_sentences if s not in table]
    if missing:
        rows = "\n".join(f'{toml_key(s)} = ["test_..."]' for s in missing)
        problems.append(
            f"{exercise_id}: {len(missing)} docstring sentence(s) with no row; paste under "
            f'["{exercise_id}"] and fill in:\n{rows}'
        )
    stale = [k for k in table if k not in docstring_sentences]
    if stale:
        problems.append(
            f"{exercise_id}: rows whose sentence is no longer in the docstring (the docstring "
            "changed?): " + "; ".join(toml_key(k) for k in stale)
        )
    for sentence, value in table.items():
        if isinstance(value, str):
            if not value.startswith(WHY) or not value[len(WHY) :].strip():
                problems.append(
                    f"{exercise_id}: {toml_key(sentence)} = {toml_key(value)}: a string row "
                    f'must be "{WHY} <the reason it states no requirement>"'
                )
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            unknown = [v for v in value if v not in checks]
            if unknown:
                problems.append(
                    f"{exercise_id}: {toml_key(sentence)} maps to {unknown}, which are not checks "
                    f"with @exercise({exercise_id!r}) in grader/checks (known: {sorted(checks)})"
                )
        else:
            problems.append(
                f"{exercise_id}: {toml_key(sentence)} must map to a non-empty list of check "
                f'names or to "{WHY} <reason>", not {value!r}'
            )
    return problems


def _load_table(chapter_id: str) -> dict[str, dict[str, object]] | None:
    path = TABLES_DIR / f"{chapter_id}.toml"
    if not path.exists():
        return None
    return tomllib.loads(path.read_text(encoding="utf-8"))


EXERCISES = [e for c in CHAPTERS for e in c.exercises]


@pytest.fixture(scope="module")
def known_checks() -> dict[str, set[str]]:
    return checks_by_exercise()


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_docstring_sentence_is_checked_or_explained(exercise, known_checks):
    tables = _load_table(exercise.chapter)
    if tables is None:
        if exercise.chapter in IN_PROGRESS:
            pytest.skip(f"tests/requirements/{exercise.chapter}.toml is not written yet")
        pytest.fail(f"tests/requirements/{exercise.chapter}.toml is missing")
    problems = audit(
        exercise.id,
        exercise_sentences(exercise),
        tables.get(exercise.id),
        known_checks.get(exercise.id, set()),
    )
    assert not problems, "\n\n".join(problems)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def zh_problems(docstring: str) -> list[str]:
    """What is wrong with a docstring's Chinese block; empty when it is there, after English."""
    if not docstring.strip():
        return []
    lines = docstring.splitlines()
    start = _zh_start(lines)
    if start is None:
        return [f"no line starting with {ZH_MARK!r} (the Chinese translation, after the English)"]
    problems = []
    if start == 0 or not english(docstring).strip():
        problems.append(f"the {ZH_MARK!r} block comes first: the English must come before it")
    if len(_CJK.findall(chinese(docstring))) < 4:
        problems.append(f"the {ZH_MARK!r} block is empty or not Chinese")
    if _zh_start(lines[start + 1 :]) is not None:
        problems.append(f"more than one {ZH_MARK!r} line: one block, to the end of the docstring")
    return problems


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_exercise_docstring_has_a_chinese_block(exercise):
    chapter, module = exercise.module.split(".", 1)
    path = SOLUTIONS_DIR / chapter / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docs = _docstrings(tree, exercise.functions)
    assert any(d.strip() for d in docs), f"{exercise.id}: no docstring"
    problems = [f"{exercise.id}: {p}" for d in docs for p in zh_problems(d)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.id)
def test_no_table_for_an_exercise_outside_the_registry(chapter):
    tables = _load_table(chapter.id)
    if tables is None:
        if chapter.id in IN_PROGRESS:
            pytest.skip(f"tests/requirements/{chapter.id}.toml is not written yet")
        pytest.fail(f"tests/requirements/{chapter.id}.toml is missing")
    known = {e.id for e in chapter.exercises}
    assert not set(tables) - known, f"tables for unknown exercises: {sorted(set(tables) - known)}"


# The checker proven both ways, on a tiny fake exercise.

FAKE_DOC = """Double it: 2 * x, element-wise. Returns an array.

    y = 2 * x
      (for every element)

e.g. ``double([1])`` -> [2]. (A note.) 1. First. 2. Second.
"""


def test_sentence_rule_on_a_fake_docstring():
    assert sentences(FAKE_DOC) == [
        "Double it: 2 * x, element-wise.",
        "Returns an array.",
        "y = 2 * x (for every element)",
        "e.g. ``double([1])`` -> [2].",
        "(A note.)",
        "1. First.",
        "2. Second.",
    ]


FAKE_ZH = (
    FAKE_DOC
    + """
中文：乘以 2：逐元素计算 2 * x。返回一个数组。

    （公式见上）

例如 ``double([1])`` -> [2]。（注释。）1. 第一。2. 第二。
"""
)


def test_the_chinese_block_is_the_translation_not_new_sentences():
    assert sentences(FAKE_ZH) == sentences(FAKE_DOC)
    assert english(FAKE_ZH) == FAKE_DOC.rstrip()
    assert chinese(FAKE_ZH).startswith("中文：乘以 2") and chinese(FAKE_DOC) == ""
    assert zh_problems(FAKE_ZH) == [] and zh_problems("") == []


@pytest.mark.parametrize(
    ("doc", "complaint"),
    [
        (FAKE_DOC, "no line starting with"),
        ("中文：乘以 2。\n\nDouble it.", "comes first"),
        ("Double it.\n\n中文：", "empty or not Chinese"),
        ("Double it.\n\n中文：乘以 2。\n中文：乘以 2。", "more than one"),
        ("Double it. 中文：乘以 2。", "no line starting with"),  # the mark opens a line
    ],
    ids=["missing", "first", "empty", "twice", "mid-line"],
)
def test_a_missing_or_misplaced_chinese_block_is_found(doc, complaint):
    assert complaint in "\n".join(zh_problems(doc))


def test_audit_passes_a_complete_table():
    table = {
        "Double it: 2 * x, element-wise.": ["test_double"],
        "Returns an array.": ["test_double", "test_type"],
        "y = 2 * x (for every element)": ["test_double"],
        "e.g. ``double([1])`` -> [2].": ["test_known"],
        "(A note.)": "- why: a note to the student",
        "1. First.": ["test_double"],
        "2. Second.": ["test_double"],
    }
    checks = {"test_double", "test_type", "test_known"}
    assert audit("ch0.double", sentences(FAKE_DOC), table, checks) == []


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda t: t.pop("Returns an array."), '"Returns an array." = ["test_..."]'),
        (lambda t: t.update({"An old sentence.": ["test_double"]}), "no longer in the docstring"),
        (lambda t: t.update({"(A note.)": "- why:  "}), "a string row must be"),
        (lambda t: t.update({"(A note.)": "a note"}), "a string row must be"),
        (lambda t: t.update({"(A note.)": []}), "non-empty list"),
        (lambda t: t.update({"Returns an array.": ["test_gone"]}), "['test_gone']"),
    ],
    ids=["missing", "stale", "empty-why", "no-why", "empty-list", "unknown-check"],
)
def test_audit_fails_an_incomplete_table(change, complaint):
    table: dict[str, object] = {
        "Double it: 2 * x, element-wise.": ["test_double"],
        "Returns an array.": ["test_double"],
        "y = 2 * x (for every element)": ["test_double"],
        "e.g. ``double([1])`` -> [2].": ["test_double"],
        "(A note.)": "- why: a note",
        "1. First.": ["test_double"],
        "2. Second.": ["test_double"],
    }
    change(table)
    problems = audit("ch0.double", sentences(FAKE_DOC), table, {"test_double"})
    assert problems and complaint in "\n".join(problems)


def test_missing_rows_are_ready_to_paste():
    """The failure's missing rows parse as TOML with the very sentence as key."""
    (problem,) = audit("ch0.double", ['Say "hi" \\ then go.'], {}, set())
    rows = problem.split("\n", 1)[1]
    assert tomllib.loads(rows) == {'Say "hi" \\ then go.': ["test_..."]}


def test_checks_are_found_by_marker_and_by_training_check(tmp_path):
    (tmp_path / "test_fake.py").write_text(
        "CHECK = TrainingCheck(exercise='ch0.trains', builder='b')\n"
        "test_trains = training_check(CHECK)\n"
        "@exercise('ch0.double')\n@given(x=st.integers())\ndef test_double(student, x): ...\n"
        "def test_unmarked(): ...\n"
        "@exercise('ch0.double')\ndef helper(): ...\n",
        encoding="utf-8",
    )
    assert checks_by_exercise(tmp_path) == {
        "ch0.trains": {"test_trains"},
        "ch0.double": {"test_double"},
    }
