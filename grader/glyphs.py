"""Output that survives a console whose encoding is not UTF-8 (a Chinese Windows console is
cp936/GBK, which has the Chinese text but not ✔ ✘ ‼ ⏱ ↳).

The kit's own symbols get look-alikes the encoding has; anything else that the encoding lacks
(a symbol in a check's message) becomes '?'. Rich already draws its boxes in ASCII for such a
console; this does the same for the text inside them.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterable, Iterator

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

# Each look-alike exists in GBK (and in Latin-1 where it is ASCII); one cell wide, mostly.
LOOKALIKE = {"✔": "√", "✘": "×", "‼": "!", "⏱": "◎", "↳": "→", "…": "...", "✓": "√"}


def unicode_safe(console: Console) -> bool:
    """Does the console take any character (a UTF encoding)?"""
    return console.encoding.lower().replace("-", "").startswith("utf")


def degrade(text: str, encoding: str) -> str:
    """``text`` with what ``encoding`` lacks replaced: look-alikes, else '?'."""
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:  # an encoding Python does not know: ASCII is safe everywhere
        encoding = "ascii"
    out = []
    for char in text:
        try:
            char.encode(encoding)
            out.append(char)
        except UnicodeEncodeError:
            swap = LOOKALIKE.get(char, "?")
            out.append(swap if _encodes(swap, encoding) else "?")
    return "".join(out)


def _encodes(text: str, encoding: str) -> bool:
    try:
        codecs.encode(text, encoding)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def symbol(console: Console, char: str) -> str:
    """One of the kit's symbols, or its look-alike on a console that lacks it."""
    return char if unicode_safe(console) else degrade(char, console.encoding)


def safe_render(
    console: Console, options: ConsoleOptions, parts: Iterable[RenderableType]
) -> Iterator[RenderableType | Segment]:
    """The parts as they are on a UTF console; elsewhere rendered to segments whose text the
    console's encoding can hold."""
    if unicode_safe(console):
        yield from parts
        return
    for part in parts:
        for seg in console.render(part, options):
            if seg.control or not seg.text:
                yield seg
            else:
                yield Segment(degrade(seg.text, console.encoding), seg.style)


def console() -> Console:
    """The commands' console: standard output as UTF-8 where it can be reconfigured (a Windows
    console), no highlighting of numbers and paths inside the kit's own texts."""
    if hasattr(sys.stdout, "reconfigure"):
        try:
            sys.stdout.reconfigure(encoding="utf-8", errors="replace")
        except (ValueError, OSError):
            pass
    return Console(highlight=False)
