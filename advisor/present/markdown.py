"""Markdown escaping: one filter, correct for CommonMark (and GitHub's tables).

`md(value)` makes text from data inert: it cannot become HTML, a link, emphasis, a heading,
a list or a code span, and it is safe in a table cell. `Prose` keeps its code spans as code,
fenced with one backtick more than the longest run inside them. The rules are CommonMark
0.31's (https://spec.commonmark.org/0.31.2/, read 2026-11-30): any ASCII punctuation may
be backslash-escaped (§2.4), entity references start with `&` (§2.5), code spans close on
a backtick run of the same length and lose one space each side (§6.1), raw HTML starts with
`<` (§6.6); GFM tables split cells on unescaped `|`, even inside code spans
(https://github.github.com/gfm/#tables-extension-).
"""

from __future__ import annotations

import re
from typing import Any

from advisor.recommendation.words import CODE, STRONG, Prose, one_line, safe_url

# Always escaped: backslash, code, emphasis, links and images, raw HTML, tables, strikethrough.
_ALWAYS = re.compile(r"([\\`*\[\]<>|~])")
# `_` is emphasis only at a word's edge; `&` only when it starts an entity reference.
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Block syntax that only counts at the start of a line: headings, quotes, lists, rules,
# setext underlines, ordered lists ("1." or "1)").
_LEADING = re.compile(r"^(#{1,6}|[+-]|=+)(?=\s|$)|^(\d{1,9})([.)])(?=\s|$)")
_TICKS = re.compile(r"`+")


def md_text(text: Any) -> str:
    """Plain text (no markup of its own) escaped for Markdown, on one line."""
    return _escape(one_line(text), first=True)


def _escape(text: str, *, first: bool) -> str:
    text = _ALWAYS.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub(r"\\&", text)
    if not first:  # block syntax only counts at the very start of the text
        return text
    return _LEADING.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def md_code(text: str) -> str:
    """A code span holding `text` exactly, whatever backticks it contains.

    A `|` cannot be kept inside a code span in a table cell, so such text is shown as
    escaped plain text instead."""
    if "|" in text or not text.strip():
        return _escape(text, first=False)
    fence = "`" * (max((len(m) for m in _TICKS.findall(text)), default=0) + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md(value: Any) -> str:
    """The one Markdown filter: Prose with its code spans and emphasis, anything else as
    plain escaped text. Safe anywhere inline, table cells included."""
    if not isinstance(value, Prose):
        return md_text(value)
    out = []
    for i, (text, style) in enumerate(value):
        if style == CODE:
            out.append(md_code(text))
        elif style == STRONG:
            out.append(f"**{_escape(text, first=False)}**")
        else:
            out.append(_escape(text, first=i == 0))
    return "".join(out)


def md_link(url: Any, label: Any = None) -> str:
    """A link for an http(s) URL (an autolink without a label); anything else as text."""
    safe = safe_url(url)
    if safe is None:
        return md(url) if url else "—"
    target = "".join(f"%{ord(c):02X}" if c in "<>()|\"'` " else c for c in safe)
    if label is None:
        return f"<{target}>"
    return f"[{md(label)}]({target})"


def fence(code: str, lang: str = "") -> str:
    """The opening of a fenced code block that `code` cannot close early: one backtick more
    than its longest run (three at least, CommonMark 0.31 §4.5), with the info string
    reduced to letters, digits, `_`, `+` and `-`. Close it with the same run of backticks."""
    longest = max((len(m) for m in _TICKS.findall(code)), default=0)
    return "`" * max(3, longest + 1) + re.sub(r"[^A-Za-z0-9_+-]", "", lang)
