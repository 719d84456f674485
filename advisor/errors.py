"""One exception family for everything the user can get wrong.

The CLI turns an AdvisorError into one line on stderr and exit status 2; any other
exception is a bug.
"""

from __future__ import annotations

from collections.abc import Callable

# The translator for messages built below advisor.i18n in the layers (advisor.io): those
# modules cannot import advisor.i18n, so advisor.i18n installs its gettext here when the
# language is chosen. English is the identity and loads nothing.
_translate: Callable[[str], str] = str


def set_translator(translate: Callable[[str], str] | None) -> None:
    """Install the function `_` below uses (advisor.i18n calls this; None: English)."""
    global _translate
    _translate = translate or str


def _(message: str) -> str:
    """`message` (English, the msgid) in the chosen language: format placeholders after
    translating, `_("cannot read file ({reason})").format(reason=...)`, so that file names,
    keys and values stay verbatim. Babel extracts calls of `_` as messages."""
    return _translate(message)


def N_(message: str) -> str:
    """Mark a message for extraction, to translate later with `_` (module-level tables)."""
    return message


class AdvisorError(Exception):
    """A problem with the user's input, with where it happened."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.key = key

    def where(self) -> str:
        parts = []
        if self.file:
            loc = self.file
            if self.line is not None:
                loc += f":{self.line}"
                if self.column is not None:
                    loc += f":{self.column}"
            parts.append(loc)
        if self.key:
            parts.append(self.key)
        return ": ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class DataError(AdvisorError):
    """A data file (catalog, questions, rules, answers) is broken."""


class DataErrors(DataError):
    """Several problems found in one file, reported together."""

    def __init__(self, problems: list[AdvisorError]) -> None:
        super().__init__(f"{len(problems)} problems")  # never shown: lines() is
        self.problems = problems

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class UsageError(AdvisorError):
    """A command-line argument is wrong."""


class OutputError(AdvisorError):
    """An output path cannot be written."""


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """Return ' (did you mean "x"?)' for the closest choice, or ''."""
    import difflib

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return _(' (did you mean "{choice}"?)').format(choice=close[0]) if close else ""
