"""The kit's languages: English (the message ids themselves) and Chinese, through ``gettext``.

Catalogues live in ``grader/locale/<lang>/LC_MESSAGES/coursekit.po`` with their compiled
``.mo`` beside them (committed, so a fresh clone needs no build step; a test proves the ``.mo``
is a fresh compile of the ``.po``). After changing messages: the ``pybabel extract`` line in
``babel.cfg``, then ``pybabel update -D coursekit -i grader/locale/coursekit.pot -d grader/locale``,
translate the new entries in ``zh/.../coursekit.po`` (copy the msgid into ``en``'s msgstr), and
``pybabel compile -D coursekit -d grader/locale``.

Which language, first match wins:
1. ``coursekit --lang en|zh ...`` (the app's global option). The CLI's help texts are built
   when ``grader.cli`` is imported, before typer parses anything, so ``grader.cli`` calls
   ``setup(sys.argv)``, which peeks at ``--lang`` in the raw arguments first.
2. ``COURSEKIT_LANG`` (``grader.protocol.LANG``): ``zh``, ``zh_CN``, ``en`` ...
3. the system locale: ``LC_ALL`` / ``LC_MESSAGES`` / ``LANG`` / ``LANGUAGE``, else
   ``locale.getlocale()`` (Windows' "Chinese (Simplified)_China" too), starting with ``zh``.
4. English.
An unknown value in the environment or the locale means English; a missing or broken
catalogue means English too, never a crash. ``set_language`` also exports
``COURSEKIT_LANG``, so the checker and worker children speak the parent's language.

Messages use named fields and are formatted after translation, so numbers and the student's
input never enter a catalogue: ``_("{exercise}: {passed} of {total} passed").format(...)``.
Module-level constants are marked with ``N_`` (extracted, not translated) and translated
where they are shown. The registry's chapter and exercise titles stay English in
``grader/chapters.py`` (and in every record); ``babel.cfg`` extracts them with
``extract_titles`` (the second argument of each ``declare`` and ``ex`` call), and
``grader.chapters.title()`` translates them where they are shown.
"""

from __future__ import annotations

import gettext
import io
import locale
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from grader import protocol

DOMAIN = "coursekit"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "zh")
DEFAULT = "en"

_state: dict[str, gettext.NullTranslations | str] = {}


def normalize(value: str | None) -> str | None:
    """'zh', 'zh_CN.UTF-8', 'zh-Hans', 'Chinese (Simplified)_China' -> 'zh'; 'en_US', 'C',
    'POSIX' -> 'en'; anything else -> None."""
    text = (value or "").strip().lower()
    if text.startswith(("zh", "chinese")):
        return "zh"
    if text.startswith(("en", "english")) or text.split(".")[0] in ("c", "posix"):
        return "en"
    return None


def from_argv(argv: Sequence[str]) -> str | None:
    """The raw value of ``--lang X`` / ``--lang=X`` among the arguments (before a ``--``)."""
    args = list(argv[1:])
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def system_language() -> str | None:
    """The language of the system locale, when it names one."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name)
        if value:
            return normalize(value.split(":")[0])
    try:
        return normalize(locale.getlocale()[0])
    except (ValueError, TypeError):  # pragma: no cover - an odd platform locale
        return None


def detect(argv: Sequence[str] | None = None) -> str:
    """The language to speak: --lang in ``argv``, COURSEKIT_LANG, the system locale, English."""
    for found in (
        normalize(from_argv(argv)) if argv else None,
        normalize(os.environ.get(protocol.LANG)),
    ):
        if found:
            return found
    return system_language() or DEFAULT


def _load(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT:
        return gettext.NullTranslations()  # the message ids are the English text
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    except Exception:  # noqa: BLE001 - a broken catalogue: English, never a crash
        return gettext.NullTranslations()


def set_language(lang: str, *, export: bool = True) -> str:
    """Speak ``lang`` (unknown: English) from now on; ``export``: the children too."""
    chosen = normalize(lang) or DEFAULT
    _state["lang"], _state["translations"] = chosen, _load(chosen)
    if export:
        os.environ[protocol.LANG] = chosen
    return chosen


def setup(argv: Sequence[str] | None = None) -> str:
    """Choose the language once at start-up (``grader.cli`` passes ``sys.argv``)."""
    return set_language(detect(argv))


def language() -> str:
    """The language spoken now ('en' or 'zh')."""
    if "lang" not in _state:
        set_language(detect(), export=False)
    return str(_state["lang"])


def _translations() -> gettext.NullTranslations:
    language()
    found = _state["translations"]
    assert isinstance(found, gettext.NullTranslations)
    return found


def _(message: str) -> str:
    """``message`` in the current language (itself when no translation exists)."""
    return _translations().gettext(message) if message else message  # "" is the header


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language."""
    return _translations().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a constant for extraction; translate it with ``_`` where it is shown."""
    return message


STATUS_WORDS = {  # the statuses of the results, as shown (the records keep the English word)
    "passed": N_("passed"),
    "failed": N_("failed"),
    "error": N_("error"),
    "timeout": N_("timeout"),
    "todo": N_("todo"),
    "skipped": N_("skipped"),
}


def status_word(status: str) -> str:
    """A result status in the current language; an unknown one as it is."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


TIER_WORDS = {  # the registry's tiers, as shown
    "unit": N_("unit"),  # pure functions
    "training": N_("training"),  # trains a model to a threshold
}


def tier_word(tier: str) -> str:
    """An exercise's tier in the current language; an unknown one as it is."""
    return _(TIER_WORDS[tier]) if tier in TIER_WORDS else tier


def extract_titles(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[Any, ...]]:
    """A Babel extractor (``babel.cfg``) for the registry: the title of each
    ``declare(id, title, ...)`` and ``ex(short, title, ...)``, nested calls included (Babel's
    own Python extractor does not look into the tuple of a chapter's exercises), then the
    module's ``_()`` / ``N_()`` messages as Babel's Python extractor finds them."""
    import ast

    from babel.messages.extract import extract_python

    source = fileobj.read()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("declare", "ex")
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            yield node.lineno, "", node.args[1].value, []
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)


@contextmanager
def using(lang: str) -> Iterator[str]:
    """Speak ``lang`` inside the block, then the previous language (and COURSEKIT_LANG) again."""
    before_lang, before_env = _state.get("lang"), os.environ.get(protocol.LANG)
    try:
        yield set_language(lang)
    finally:
        if before_env is None:
            os.environ.pop(protocol.LANG, None)
        else:
            os.environ[protocol.LANG] = before_env
        if before_lang is None:
            _state.clear()
        else:
            set_language(str(before_lang), export=False)
