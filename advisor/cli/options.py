"""Subcommands: each module declares its arguments in `register` and imports its work lazily."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from advisor.i18n import _


class HelpFormatter(argparse.HelpFormatter):
    """Descriptions and epilogs wrapped to the terminal, with examples kept as typed.

    Unindented lines are joined into paragraphs and filled; a blank line ends a paragraph.
    Indented lines are examples: kept as they are, and one longer than the width is broken
    at a space with a shell continuation (` \\`), so it still pastes as one command.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:  # argparse's own rule, without the shutil import it makes
            from advisor.io.terminal import columns

            width = columns(80) - 2
        super().__init__(prog, indent_increment, max_help_position, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        out: list[str] = []
        paragraph: list[str] = []

        def flush() -> None:
            if paragraph:
                out.extend(
                    textwrap.wrap(
                        " ".join(paragraph),
                        width,
                        initial_indent=indent,
                        subsequent_indent=indent,
                        break_long_words=False,
                        break_on_hyphens=False,
                    )
                )
                paragraph.clear()

        for line in text.splitlines():
            if not line.strip():
                flush()
                out.append("")
            elif line[0].isspace():
                flush()
                out.extend(_continued(indent + line.rstrip(), width))
            else:
                paragraph.append(line.strip())
        flush()
        return "\n".join(out)


def _continued(line: str, width: int) -> list[str]:
    """An example command line broken at spaces into lines of at most `width`, joined by
    shell continuations; a single word longer than the width stays whole."""
    lead = len(line) - len(line.lstrip())
    more = " " * (lead + 4)
    lines: list[str] = []
    while len(line) > width:
        cut = line.rfind(" ", len(more) + 1, width - 1)
        if cut <= len(line) - len(line.lstrip()):
            break
        lines.append(line[:cut] + " \\")
        line = more + line[cut + 1 :].lstrip()
    lines.append(line)
    return lines


def add_catalog_option(parser: argparse.ArgumentParser) -> None:
    """--catalog FILE, on every command that reads the catalog."""
    parser.add_argument(
        "--catalog",
        metavar="FILE",
        action="append",
        default=argparse.SUPPRESS,
        help=_("add or override registries from this catalog file (repeatable)"),
    )


def catalog_files(args: argparse.Namespace) -> list[str]:
    return list(getattr(args, "catalog", None) or [])


def add_weight_option(parser: argparse.ArgumentParser) -> None:
    """--weight NAME=N and --strict-unknowns, on every command that ranks registries."""
    parser.add_argument(
        "--weight",
        metavar="NAME=N",
        action="append",
        default=[],
        help=_(
            "weight of a ranking criterion, 0 to 10 (repeatable): fit, ecosystem, "
            "ops_effort, cost, security, lock_in; each defaults to 1"
        ),
    )
    parser.add_argument(
        "--strict-unknowns",
        action="store_true",
        help=_(
            "treat a fact the catalog could not confirm as missing (exclude or penalise in "
            "full) instead of counting a third of the rule"
        ),
    )


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least `minimum`, with a clear message."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("expected a whole number, got '{text}'").format(text=text)
            ) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(
                _("must be at least {minimum}, got {value}").format(minimum=minimum, value=value)
            )
        return value

    return parse
