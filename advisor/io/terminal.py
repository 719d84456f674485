"""Terminal-safe text: control characters are shown as visible escapes, never sent raw.

Catalog text, answers keys, file names and command-line arguments can all reach the
terminal. Raw, an ESC could clear the screen, retitle the window or plant an OSC 8 link, a
carriage return could overwrite a line, and a newline in a key could forge an extra error
line. One function, `visible`, is applied at the sinks: the CLI's stdout and stderr (see
`guard`), the error printer, and Rich output (`rich_print`), whatever produced the text.

Escapes: C0 controls (except tab and newline in ordinary output) become `\\x1b`-style;
DEL, C1 controls and the Unicode line separators and bidirectional overrides become
`\\u009b`-style, which is also a valid JSON escape, so JSON printed to a terminal stays valid
JSON with the same meaning (JSON already escapes C0 itself).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see advisor.i18n)
if TYPE_CHECKING:  # annotations only: typing stays off the light start-up path
    from typing import Any, TextIO

# Bidi embeddings/overrides/isolates (U+202A-E, U+2066-9) reorder what is shown (the
# "Trojan Source" trick); U+2028/9 break lines in some viewers.
_OTHER = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHER}]")
_CONTROL_ONE_LINE = re.compile(f"[\x00-\x1f{_OTHER}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character replaced by a visible escape.

    Tab and newline are kept unless `one_line` (for error messages, where a newline would
    forge a second line). Text without control characters is returned as is.
    """
    pattern = _CONTROL_ONE_LINE if one_line else _CONTROL
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def has_control(text: str, *, one_line: bool = False) -> bool:
    """Whether `visible` would change `text`."""
    return (_CONTROL_ONE_LINE if one_line else _CONTROL).search(text) is not None


def first_control(text: str, *, one_line: bool = False) -> str | None:
    """Describe the first control character in `text` ("'\\x1b' at character 5"), or None.
    For data checks that refuse what `visible` would have to escape."""
    match = (_CONTROL_ONE_LINE if one_line else _CONTROL).search(text)
    if match is None:
        return None
    return f"'{_escape(match)}' at character {match.start() + 1}"


def columns(fallback: int = 100) -> int:
    """The width to fit printed text to: $COLUMNS when it is a positive number, else the
    width of the terminal standard output is on, else `fallback` (a file or a pipe).

    The order of `shutil.get_terminal_size`, without importing shutil (and its archive
    modules) on every start-up: argparse's help formatter asks on each parser built.
    """
    try:
        cols = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        cols = 0
    if cols <= 0:
        try:
            cols = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            cols = 0
    return cols if cols > 0 else fallback


# Where a wrapped line's continuation starts: after its indentation and any list marker
# the text renderings use ("-", "+", "?", "*", "!!", "!", "i", "3.").
_HANGING = re.compile(r"( *)(?:(?:[-+?*]|!!?|i|\d+\.) +)?")
_SPACES = re.compile(r"( +)")


def fit(lines: Iterable[str], width: int) -> list[str]:
    """`lines` with every line longer than `width` wrapped at spaces: the continuation lines
    start under the line's text (after its indentation and list marker). Words are never
    split, so a word longer than the width (a URL, a digest) stays whole, alone on its line
    if need be. Lines that fit are returned unchanged; a line holding a newline is taken as
    several lines.

    The one wrapper for prose printed on the terminal (the recommendation's text, image
    explanations, catalog entries): pass the lines and `columns()`.
    """
    out: list[str] = []
    for text in lines:
        for line in text.split("\n"):
            if len(line) <= width:
                out.append(line)
                continue
            body = line.lstrip(" ").rstrip()
            indent = line[: len(line) - len(line.lstrip(" "))]
            hang = _HANGING.match(line)
            lead = len(hang.group(0)) if hang is not None else len(indent)
            if lead >= width // 2:  # a deep marker: continue under the indentation only
                lead = len(indent)
            out += _greedy(body, width, indent, " " * lead)
    return out


def _greedy(body: str, width: int, first: str, rest: str) -> list[str]:
    """`body` filled into lines of at most `width` (first line after `first`, the others
    after `rest`), broken only at runs of spaces, which are kept inside a line. A word
    longer than the width gets a line of its own. (textwrap does the same with more
    options, but costs a millisecond of imports and regexes on every light start.)"""
    lines: list[str] = []
    current, empty = first, True
    tokens = _SPACES.split(body)  # word, spaces, word, spaces, ... word
    for i in range(0, len(tokens), 2):
        word = tokens[i]
        gap = tokens[i - 1] if i else ""
        if empty:
            current += word
            empty = False
        elif len(current) + len(gap) + len(word) <= width:
            current += gap + word
        else:
            lines.append(current)
            current = rest + word
    lines.append(current)
    return lines


class SafeStream:
    """A text stream whose writes pass through `visible`; everything else is the wrapped
    stream's (isatty, fileno, flush, encoding...). `raw` is the wrapped stream, for writers
    that escape their own data (Rich, via `rich_print`)."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw
        #: The first OSError met writing (a full disk, a closed pipe), for the caller to
        #: report even when something in between swallowed it.
        self.failed: OSError | None = None

    def write(self, text: str) -> int:
        try:
            self.raw.write(visible(text))
        except OSError as exc:
            self.failed = self.failed or exc
            raise
        return len(text)

    def flush(self) -> None:
        try:
            self.raw.flush()
        except OSError as exc:
            self.failed = self.failed or exc
            raise

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def raw_stream(stream: Any) -> Any:
    """The stream under a SafeStream (or the stream itself)."""
    return stream.raw if isinstance(stream, SafeStream) else stream


@contextmanager
def guard() -> Iterator[None]:
    """Route sys.stdout and sys.stderr through `visible` for the duration."""
    saved = sys.stdout, sys.stderr
    sys.stdout = SafeStream(saved[0])  # type: ignore[assignment]
    sys.stderr = SafeStream(saved[1])  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def rich_print(renderable: Any) -> None:
    """Print a Rich renderable to stdout with its styles, but its text through `visible`
    and any hyperlink holding a control character dropped."""
    from rich.console import Console
    from rich.segment import Segment, Segments

    console = Console(file=raw_stream(sys.stdout))
    safe = []
    for seg in console.render(renderable):
        text, style, control = seg
        if control:  # cursor moves Rich itself made
            safe.append(seg)
            continue
        if style is not None and style.link and has_control(style.link, one_line=True):
            style = style.update_link(None)
        safe.append(Segment(visible(text), style))
    try:
        console.print(Segments(safe), end="")
    except OSError as exc:  # recorded as the guarded stream would, for the CLI's report
        if isinstance(sys.stdout, SafeStream):
            sys.stdout.failed = sys.stdout.failed or exc
        raise
