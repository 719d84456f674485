"""Making text from the network or from files safe to show in a terminal."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def clean(text: object, limit: int = 400) -> str:
    """One line: control characters (ANSI escapes, bidi overrides) replaced by '?',
    newlines and tabs by spaces, cut to `limit` characters."""
    s = str(text).replace("\n", " ").replace("\r", " ").replace("\t", " ")
    s = _CONTROL.sub("?", s)
    return s if len(s) <= limit else s[: limit - 1] + "…"
