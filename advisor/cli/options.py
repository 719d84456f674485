"""Subcommands: each module declares its arguments in `register` and imports its work lazily."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_catalog_option(parser: argparse.ArgumentParser) -> None:
    """--catalog FILE, on every command that reads the catalog."""
    parser.add_argument(
        "--catalog",
        metavar="FILE",
        action="append",
        default=argparse.SUPPRESS,
        help="add or override registries from this catalog file (repeatable)",
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
        help="weight of a ranking criterion, 0 to 10 (repeatable): fit, ecosystem, "
        "ops_effort, cost, security, lock_in; each defaults to 1",
    )
    parser.add_argument(
        "--strict-unknowns",
        action="store_true",
        help="treat a fact the catalog could not confirm as missing (exclude or penalise in "
        "full) instead of counting a third of the rule",
    )


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least `minimum`, with a clear message."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse
