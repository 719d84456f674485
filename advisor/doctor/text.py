"""Making text from the network or from files safe to show: one line, control characters
escaped by the project's one rule (advisor.io.terminal.visible), and a length limit."""

from __future__ import annotations

from advisor.i18n.said import Said, joined, local
from advisor.io.terminal import visible

__all__ = ["Said", "clean", "joined", "local"]


def clean(text: object, limit: int = 400) -> str:
    """One line: newlines and tabs become spaces, other control characters (ANSI escapes,
    bidi overrides) visible escapes such as \\x1b; cut to `limit` characters."""
    s = str(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    s = visible(s, one_line=True)
    return s if len(s) <= limit else s[: limit - 1] + "…"
