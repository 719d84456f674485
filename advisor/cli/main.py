"""The `registry-advisor` command line.

Each subcommand lives in `advisor/cli/<name>.py` and exposes `register(subparsers)`,
which only declares arguments; the work is imported inside the handler, so `--help` and the
light commands never load pydantic or Textual.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from advisor import __version__
from advisor.errors import AdvisorError, DataErrors

PROG = "registry-advisor"

# Order here is the order in --help.
COMMANDS = (
    "tui",
    "recommend",
    "setup",
    "catalog",
    "compare",
    "validate",
    "learn",
    "image",
    "quiz",
)


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 2 with our one-line format."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{PROG}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = _Parser(
        prog=PROG,
        description=(
            "Choose and set up a container registry. Answer a few questions, get a public, "
            "private or insecure setup with ranked, explained registry choices, configs that "
            "work, and lessons for newcomers. With no command, the interactive TUI opens."
        ),
        epilog=f"Run '{PROG} COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--answers",
        metavar="FILE",
        help="open the TUI on the results for this answers file",
    )
    parser.add_argument(
        "--catalog",
        metavar="FILE",
        action="append",
        help="add or override registries from this catalog file (repeatable)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"advisor.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    try:
        func = getattr(args, "func", None)
        if func is None:
            from advisor.cli.tui import run as run_tui

            return run_tui(args)
        return int(func(args) or 0)
    except AdvisorError as exc:
        lines = exc.lines() if isinstance(exc, DataErrors) else [str(exc)]
        for line in lines:
            print(f"{PROG}: error: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); don't print a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
