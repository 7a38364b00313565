"""Typer's own words (its help panels, the usage line, click's usage errors) in the kit's language.

Typer prints its help and its usage errors through ``typer.rich_utils``: panel titles and
bracketed notes are module constants there, and every usage line, error message and help text
goes through the module's one ``highlighter``. ``install()`` sets those constants to the current
language and swaps the highlighter for one that first translates the English sentences Typer's
vendored click writes (they are plain f-strings there, outside any catalogue): they are matched
whole, so a sentence this table does not know stays English, and a Typer without these hooks
(another version) is left as it is, never broken. The kit's own help texts are already
translated where the commands are declared (``grader.cli``).
"""

from __future__ import annotations

import re
from typing import Any

from grader.i18n import N_, _

# (pattern of the English sentence, its message id with the pattern's groups as fields)
SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"Usage: (?P<rest>.*)", N_("Usage: {rest}")),
        (r"Show this message and exit\.", N_("Show this message and exit.")),
        (
            r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.*)\)",
            N_("No such option: {name} (possible options: {options})"),
        ),
        (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
        (r"No such command '(?P<name>.*)'\.", N_("No such command '{name}'.")),
        (r"Missing argument '(?P<name>.*)'\.", N_("Missing argument '{name}'.")),
        (r"Missing option '(?P<name>.*)'\.", N_("Missing option '{name}'.")),
        (r"Missing command\.", N_("Missing command.")),
        (r"Missing parameter: (?P<name>.*)", N_("Missing parameter: {name}")),
        (
            r"Invalid value for (?P<name>'[^']*'): (?P<message>.*)",
            N_("Invalid value for {name}: {message}"),
        ),
        (r"Invalid value: (?P<message>.*)", N_("Invalid value: {message}")),
        (
            r"Got unexpected extra arguments? \((?P<arguments>.*)\)",
            N_("Got unexpected extra arguments ({arguments})"),
        ),
        (
            r"Option '(?P<name>.*)' requires an argument\.",
            N_("Option '{name}' requires an argument."),
        ),
        (
            r"Option '(?P<name>.*)' does not take a value\.",
            N_("Option '{name}' does not take a value."),
        ),
        (
            r"Value (?P<value>.*) is not a valid (?P<kind>\w+)\.",
            N_("Value {value} is not a valid {kind}."),
        ),
        (r"'(?P<value>.*)' is not a valid (?P<kind>\w+)\.", N_("'{value}' is not a valid {kind}.")),
    )
)

# typer.rich_utils' constants, by name: their English text (the message id)
CONSTANTS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}


def sentence(text: str) -> str:
    """``text`` in the current language when it is one of click's known sentences (a usage line
    keeps its command and arguments), else ``text`` itself."""
    for pattern, message in SENTENCES:
        found = pattern.fullmatch(text)
        if found:
            return _(message).format(**found.groupdict())
    return text


def _highlighter(original: Any) -> Any:
    """A highlighter of Typer's class whose call translates a known sentence first."""

    class Translating(type(original)):  # type: ignore[misc]
        def __call__(self, text: Any) -> Any:
            from rich.text import Text

            if isinstance(text, str):
                text = sentence(text)
            elif isinstance(text, Text):
                words = sentence(text.plain)
                if words != text.plain:
                    text = Text(words, style=text.style)
            return super().__call__(text)

    return Translating()


def install() -> None:
    """Typer's panel titles, notes and click's sentences in the current language (call again
    after the language changes)."""
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - Typer without rich: its own English
        return
    for name, message in CONSTANTS.items():
        if isinstance(getattr(rich_utils, name, None), str):
            setattr(rich_utils, name, _(message))
    current = getattr(rich_utils, "highlighter", None)
    if current is None:  # pragma: no cover - another Typer
        return
    original = getattr(current, "_coursekit_original", current)
    translating = _highlighter(original)
    translating._coursekit_original = original
    rich_utils.highlighter = translating
