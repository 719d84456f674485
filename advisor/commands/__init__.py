"""Subcommands: each module declares its arguments in `register` and imports its work lazily."""

from __future__ import annotations

import argparse


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
