"""No English sentence reaches a user outside the catalogues.

Walks every module of ``grader/`` and finds the string literals (f-strings included) that a
user can read: the message of a ``raise``, the ``what=`` / ``hint=`` / ``expected=`` ... of a
check's failure, what is printed, skipped or put in a table. Each one that holds prose (two
English words once code, fields, markup and quoted names are taken out) must be inside
``_()``, ``N_()`` or ``ngettext()``, or carry ``# i18n: internal`` on its line: a message only
a broken kit can print (a programmer's assertion), which stays English.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import grader

GRADER = Path(grader.__file__).resolve().parent
TRANSLATORS = {"_", "N_", "ngettext", "tr"}
SHOWN_BY = {  # calls whose text arguments a user reads
    "print", "echo", "secho", "skip", "fail", "xfail", "Panel", "Table", "Text", "add_row",
    "add_column", "rule", "status", "set_xlabel", "set_ylabel", "set_title", "suptitle",
    "xlabel", "ylabel", "title", "BadParameter", "Exit",
}  # fmt: skip
SHOWN_AS = {  # keywords whose text a user reads
    "what", "hint", "expected", "message", "reason", "help", "title", "caption", "label",
    "msg", "detail", "feedback", "xlabel", "ylabel", "description",
}  # fmt: skip
NOT_PROSE = re.compile(
    r"`[^`]*`"  # code in backticks
    r"|\[/?[a-z ]*\]"  # rich markup
    r"|\{[^{}]*\}"  # fields
    r"|'[^']*'|\"[^\"]*\""  # quoted names
    r"|[\w.]+\([^()]*\)"  # calls
    r"|\w*[_./\\]\w[\w./\\]*"  # identifiers with _ . / and paths
    r"|--?[\w-]+"  # options
)
PROSE = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")
COLOURS = r"(red|green|yellow|blue|magenta|cyan|white|black|grey\d*|bright_\w+)"
STYLE = re.compile(rf"((bold|dim|italic|underline|reverse|not|on)\s+)*{COLOURS}?\s*")  # rich's


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value if isinstance(v, ast.Constant) else "{x}"
            for v in node.values
            if isinstance(v, ast.Constant | ast.FormattedValue)
        )
    return None


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def untranslated(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    parent: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parent[child] = node
    found = []
    for node in ast.walk(tree):
        text = _text(node)
        if text is None or isinstance(parent.get(node), ast.JoinedStr):
            continue
        if STYLE.fullmatch(text) or not PROSE.search(NOT_PROSE.sub(" ", text)):
            continue
        shown, up, statement = False, node, node
        while up in parent:
            up = parent[up]
            if isinstance(up, ast.Call) and _name(up) in TRANSLATORS:
                shown = False
                break
            if isinstance(up, ast.stmt) and statement is node:
                statement = up  # the marker may sit on any of its lines
            if isinstance(up, ast.Expr | ast.FunctionDef | ast.ClassDef | ast.Assert):
                break
            if (
                isinstance(up, ast.Raise)
                or (isinstance(up, ast.keyword) and up.arg in SHOWN_AS)
                or (isinstance(up, ast.Call) and _name(up) in SHOWN_BY)
            ):
                shown = True
        span = lines[statement.lineno - 1 : (statement.end_lineno or statement.lineno)]
        if shown and not any("# i18n: internal" in line for line in span):
            found.append(f"{path.relative_to(GRADER.parent)}:{node.lineno}: {text[:70]!r}")
    return found


def test_every_sentence_a_user_reads_goes_through_the_catalogues():
    found = [line for path in sorted(GRADER.rglob("*.py")) for line in untranslated(path)]
    assert not found, f"{len(found)} untranslated:\n" + "\n".join(found)


def test_the_scan_finds_an_untranslated_sentence(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from grader.i18n import _\n"
        "def f(x):\n"
        "    if x:\n"
        "        raise ValueError(f'the loss is {x}, not finite')\n"
        "    check(what='the loss', other='free text here')\n"
        "    check(what='forward(x, w, b)')\n"
        "    raise ValueError(_('the loss is {x}').format(x=x))\n"
        "    raise RuntimeError('no marker given to the check')  # i18n: internal\n"
        "    raise RuntimeError(\n"
        "        'no marker given to the check'\n"
        "    )  # i18n: internal\n"
        "    console.print('the grade', style='bold red')\n"
    )
    global GRADER
    saved, GRADER = GRADER, tmp_path
    try:
        found = untranslated(module)
    finally:
        GRADER = saved
    # the f-string raise, the phrase label and the printed text; not the code label, the
    # translated message, the marked internal ones or the rich style
    assert sorted(int(line.split(":")[1]) for line in found) == [4, 5, 12], found
