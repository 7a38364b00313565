"""The student edition's message catalogues: only what its own code can print.

The kit's catalogues hold every message of every check, the hidden ones' hints included; a
student edition must not carry those. So the edition ships, per language, a compiled ``.mo``
holding only the messages whose ids appear as string literals in the edition's own Python
files (read with ``ast``: implicitly joined literals are one id), and no ``.po`` or ``.pot``.
The ``.mo`` is written here (GNU gettext's format, no hash table) so that building an edition
needs no Babel.
"""

from __future__ import annotations

import ast
import gettext
import struct
from pathlib import Path

DOMAIN = "coursekit"


def literals(root: Path) -> set[str]:
    """Every string constant in the ``.py`` files under ``root``."""
    found: set[str] = set()
    for path in root.rglob("*.py"):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        found |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                  and isinstance(n.value, str)}  # fmt: skip
    return found


def write_mo(messages: dict[str, str], path: Path) -> None:
    """A GNU ``.mo`` file of ``messages`` (msgid -> msgstr), ids sorted as the format wants."""
    ids = sorted(messages)
    keys = [i.encode("utf-8") for i in ids]
    values = [messages[i].encode("utf-8") for i in ids]
    header = 7 * 4
    key_table = header
    value_table = key_table + 8 * len(ids)
    data = value_table + 8 * len(ids)
    offsets, blob = [], b""
    for item in keys + values:
        offsets.append((len(item), data + len(blob)))
        blob += item + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(ids), key_table, value_table, 0, data)
    out += b"".join(struct.pack("<2I", n, o) for n, o in offsets)
    path.write_bytes(out + blob)


def narrow(locale_dir: Path, code_root: Path) -> dict[str, int]:
    """Rewrite each language's catalogue under ``locale_dir`` to the messages the code under
    ``code_root`` can print; drop the sources (.po, .pot). Language -> messages kept."""
    used = literals(code_root)
    kept: dict[str, int] = {}
    for mo in sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")):
        with open(mo, "rb") as f:
            catalog = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
        messages = {
            k: v for k, v in catalog.items() if isinstance(k, str) and (k == "" or k in used)
        }
        write_mo(messages, mo)
        kept[mo.parent.parent.name] = len(messages) - ("" in messages)
    for source in [*locale_dir.glob("*/LC_MESSAGES/*.po"), *locale_dir.glob("*.pot")]:
        source.unlink()
    return kept
