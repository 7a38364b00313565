"""The language of the kit's plots (learning curves, forecasts): Chinese only where matplotlib
can draw it.

A PNG in Chinese needs a font with CJK glyphs; without one, matplotlib draws empty boxes (and
warns for every glyph). So ``labels()`` gives the translator for a plot's texts: ``grader.i18n``'s
``_`` when the language spoken is Chinese and this machine has such a font (put first in
``rcParams``), else the English text as it is. Call it with the marked message id, then format:
``t = labels(); ax.set_xlabel(t(N_("epoch")))``. Nothing here may break a check: a font lookup
that fails means English.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from grader import i18n

# Simplified Chinese first, then fonts that cover it too (a .ttc's first face names the file:
# Noto's CJK collection is often listed as "Noto Sans CJK JP", with every Chinese glyph)
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "Heiti SC", "STHeiti", "Noto Sans CJK JP", "Noto Sans CJK TC",
    "Source Han Sans", "Arial Unicode MS",
)  # fmt: skip
_PROBE = "损失准确率"  # glyphs the curves' labels need


def _has_glyphs(path: str) -> bool:
    try:
        from matplotlib.ft2font import FT2Font

        font = FT2Font(path)
        return all(font.get_char_index(ord(c)) for c in _PROBE)
    except Exception:  # noqa: BLE001 - an unreadable font file is no font
        return False


@cache
def cjk_font() -> str | None:
    """The name of an installed font that draws Chinese, or None."""
    try:
        from matplotlib import font_manager

        entries = list(font_manager.fontManager.ttflist)
    except Exception:  # noqa: BLE001 - no matplotlib, a broken font cache: English
        return None
    for name in CJK_FONTS:
        for entry in entries:
            if entry.name == name and _has_glyphs(str(entry.fname)):
                return name
    return None


def _english(message: str) -> str:
    return message


def font_params() -> dict[str, Any]:
    """matplotlib's rcParams that draw the language spoken: a CJK font first, for Chinese with
    such a font installed; empty (English) otherwise."""
    if i18n.language() == "en":
        return {}
    font = cjk_font()
    if font is None:
        return {}
    try:
        import matplotlib

        families = list(matplotlib.rcParams.get("font.sans-serif", []))
    except Exception:  # noqa: BLE001 - a plot in English rather than none
        return {}
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [font, *(f for f in families if f != font)],
        "axes.unicode_minus": False,  # a CJK font may lack U+2212
    }


def labels() -> Callable[[str], str]:
    """The translator for a plot's texts: ``_`` where the plot can show the language spoken
    (``font_params`` set in matplotlib's ``rcParams``), else the English message ids."""
    params = font_params()
    if not params:
        return _english
    try:
        import matplotlib

        matplotlib.rcParams.update(params)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - a plot in English rather than none
        return _english
    return i18n._
