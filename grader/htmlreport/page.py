"""The HTML of one grade: score, scorecard, each failing check's feedback, the figures.

Every value from a results JSON is a submission's text until proven otherwise: it reaches the
page only through ``text()`` (control characters made visible, then ``html.escape`` with quotes,
so it is safe in element content and in attributes alike). A status becomes a CSS class only
through a fixed table. The page has no script, and its Content-Security-Policy forbids scripts,
network fetches and any image that is not a ``data:`` URI.
"""

from __future__ import annotations

import base64
import html
import math
import re
from typing import Any

from grader import i18n
from grader.chapters import title
from grader.htmlreport.inputs import Figure, checks_of, exercises_of
from grader.i18n import N_, _, ngettext

TEXT_LIMIT = 4000
STATUS_MARKS = {
    "passed": "✔",
    "failed": "✘",
    "error": "⚠",
    "timeout": "⏱",
    "todo": "…",
    "skipped": "↷",
}
BAD = ("failed", "error", "timeout")
FEEDBACK = (("message", N_("message")), ("inputs", N_("input")), ("expected", N_("expected")),
            ("got", N_("got")), ("hint", N_("hint")), ("rerun", N_("rerun")))  # fmt: skip
STATUS_WORDS = {"passed": N_("passed"), "failed": N_("failed"), "error": N_("error"),
                "timeout": N_("timeout"), "todo": N_("todo"), "skipped": N_("skipped"),
                "other": N_("other"),  # a status no table knows (the class view's bars)
                # a batch's statuses (grader.gradebook.table.BATCH_STATUS_WORDS)
                "graded": N_("graded"), "empty": N_("empty"), "broken": N_("broken"),
                "unreadable": N_("unreadable")}  # fmt: skip
POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'"
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;
 background:#f6f7f9;color:#1d232b}
main{max-width:1040px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
.meta{color:#5b6470;font-size:13px}
.score{font-size:30px;font-weight:700;margin:10px 0 4px}
.void{background:#fde8e8;border:1px solid #e39b9b;padding:8px 12px;border-radius:6px}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1e6}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eceef1;vertical-align:top}
th{background:#eef1f5;font-size:13px}td.num,th.num{text-align:right;white-space:nowrap}
.st{font-weight:600;white-space:nowrap}
.passed{color:#137333}.failed{color:#b3261e}.error{color:#a14d00}.timeout{color:#8a3ab9}
.todo{color:#5b6470}.skipped{color:#3b6ea8}.other{color:#1d232b}
.card{background:#fff;border:1px solid #e3b7b3;border-left:4px solid #b3261e;border-radius:6px;
 margin:10px 0;padding:10px 14px}
.card h3{font-size:15px;margin:0 0 6px;word-break:break-word}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
dt{color:#5b6470;font-size:13px}dd{margin:0}
pre,code{font:13px/1.35 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;
 word-break:break-word;margin:0}
figure{background:#fff;border:1px solid #dde1e6;border-radius:6px;margin:10px 0;padding:10px}
figure img{max-width:100%;height:auto;display:block}figcaption{color:#5b6470;font-size:13px}
.note{color:#a14d00;font-size:13px}
"""


def text(value: object, limit: int = TEXT_LIMIT) -> str:
    """Untrusted text, safe anywhere in the page: control characters shown as symbols (an
    escape sequence reads ␛[31m), lone surrogates replaced, length capped, HTML-escaped."""
    raw = value if isinstance(value, str) else str(value)
    if len(raw) > limit:
        raw = raw[: limit - 1] + "…"
    return html.escape(_UNSAFE.sub(_visible, raw), quote=True)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    if code == 0x7F:
        return "␡"
    return "\ufffd" if code >= 0xD800 else f"\\x{code:02x}"


def number(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "?"
    return f"{value:g}"


def status_class(status: object) -> str:
    return status if isinstance(status, str) and status in STATUS_MARKS else "other"


def status_word(status: object) -> str:
    """A status (a check's, an exercise's or a batch's) in the current language."""
    return (
        _(STATUS_WORDS[status])
        if isinstance(status, str) and status in STATUS_WORDS
        else str(status)
    )


def status_badge(status: object) -> str:
    cls = status_class(status)
    mark = STATUS_MARKS.get(cls, "?")
    word = status_word(status)
    return f'<span class="st {cls}">{mark} {text(word, 40)}</span>'


def score_line(score: object) -> str:
    s = score if isinstance(score, dict) else {}
    earned, possible, percent = (number(s.get(k)) for k in ("earned", "possible", "percent"))
    return tr("{earned} / {possible} points · {percent} %", earned=earned, possible=possible,
              percent=percent)  # fmt: skip


HTML_LANG = {"en": "en", "zh": "zh-CN"}


def tr(message: str, **fields: str) -> str:
    """A message in the current language, HTML-escaped, its fields (already escaped) filled."""
    return html.escape(_(message), quote=False).format(**fields)


def heads(*labels: str, num: int = 0) -> str:
    """A table's header row; the last ``num`` columns hold numbers (right-aligned)."""
    cells = [
        f'<th class="num">{label}</th>' if i >= len(labels) - num else f"<th>{label}</th>"
        for i, label in enumerate(labels)
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def document(title: str, body: list[str]) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{HTML_LANG[i18n.language()]}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(POLICY)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{text(title, 200)}</title><style>{CSS}</style></head>\n"
        f"<body><main>\n{''.join(body)}\n</main></body></html>\n"
    )


def header(results: dict[str, Any], source: str, kind: str = "grade") -> str:
    fields = [(_("chapter"), results.get("chapter")), (_("target"), results.get("target")),
              (_("profile"), results.get("profile")), (_("sandbox"), results.get("sandbox")),
              (_("kit"), results.get("kit_version"))]  # fmt: skip
    meta = " · ".join(f"{text(name)} {text(v, 300)}" for name, v in fields if v not in (None, ""))
    heading = tr("coursekit class report") if kind == "class" else tr("coursekit grade report")
    parts = [
        f"<h1>{heading}</h1>",
        '<p class="meta">'
        + tr("from {source}", source=text(source, 300))
        + f"{' · ' + meta if meta else ''}</p>",
        f'<p class="score" id="score">{score_line(results.get("score"))}</p>',
    ]
    status = results.get("status", "ok")
    if status != "ok":
        reason = results.get("reason", "")
        changed = results.get("changed_files")
        files = ", ".join(text(f, 300) for f in changed) if isinstance(changed, list) else ""
        parts.append(
            f'<p class="void"><strong>{text(status, 60)}</strong>: {text(reason)}'
            + ("<br>" + tr("changed: {files}", files=files) if files else "")
            + "</p>"
        )
    return "\n".join(parts)


def scorecard(chapter: dict[str, Any]) -> str:
    rows = []
    for ex in exercises_of(chapter):
        points = f"{number(ex.get('earned'))} / {number(ex.get('possible'))}"
        shown = title(str(ex.get("title", "")))  # the registry's titles, translated
        rows.append(
            f"<tr><td><code>{text(ex.get('id', ''), 200)}</code></td>"
            f"<td>{text(shown, 300)}</td><td>{status_badge(ex.get('status'))}</td>"
            f'<td class="num">{points}</td></tr>'
        )
    head = heads(tr("exercise"), tr("title"), tr("status"), tr("points"), num=1)
    return f'<table class="scorecard">{head}\n' + "\n".join(rows) + "</table>"


def failures(chapter: dict[str, Any]) -> str:
    cards = []
    for ex in exercises_of(chapter):
        for check in checks_of(ex):
            if check.get("status") not in BAD:
                continue
            items = []
            for key, label in FEEDBACK:
                value = check.get(key)
                if value not in (None, ""):
                    tag = "code" if key == "rerun" else ("pre" if key != "message" else "span")
                    items.append(f"<dt>{tr(label)}</dt><dd><{tag}>{text(value)}</{tag}></dd>")
            cards.append(
                f'<section class="card"><h3>{text(ex.get("id", ""), 200)} · '
                f"{text(check.get('name', ''), 300)} {status_badge(check.get('status'))}</h3>"
                f"<dl>{''.join(items)}</dl></section>"
            )
    if not cards:
        return ""
    counted = html.escape(ngettext("{count} check", "{count} checks", len(cards)))
    title = tr("What to fix ({counted})", counted=counted.format(count=len(cards)))
    return f"<h3>{title}</h3>\n" + "\n".join(cards)


def figure_html(figure: Figure) -> str:
    caption = f"{text(figure.exercise, 200)} · {text(figure.name, 300)}"
    if not figure.png:
        shown = tr("{caption}: not shown ({note})", caption=caption, note=text(figure.note, 300))
        return f'<p class="note">{shown}</p>'
    data = base64.b64encode(figure.png).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{caption}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def chapter_section(chapter: dict[str, Any], figures: list[Figure], titled: bool) -> str:
    parts = []
    if titled:
        name = text(chapter.get("chapter", ""), 100)
        parts.append(f"<h2>{name} · {score_line(chapter.get('score'))}</h2>")
    parts += [scorecard(chapter), failures(chapter)]
    if figures:
        parts.append("<h3>" + tr("Learning curves and forecasts") + "</h3>")
        parts += [figure_html(f) for f in figures]
    return "\n".join(p for p in parts if p)
