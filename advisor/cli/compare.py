"""`registry-advisor compare ID ID [ID ...]`."""

from __future__ import annotations

import argparse

from advisor.cli.options import add_catalog_option, catalog_files


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compare",
        help="compare registries side by side, with the age of each fact",
        description=(
            "Compare two or more registries attribute by attribute. Rows whose values "
            "differ are marked; each cell shows how many days ago its source was read."
        ),
        epilog="Example: registry-advisor compare harbor zot distribution",
    )
    p.add_argument("ids", nargs="+", metavar="ID", help="registry ids (at least two)")
    p.add_argument("--json", action="store_true", help="print JSON with every source")
    add_catalog_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from advisor.catalog.load import load_catalog
    from advisor.present.compare import compare_json, compare_table, pick

    registries = pick(load_catalog(catalog_files(args)), args.ids)
    if args.json:
        from advisor.present.catalog import print_json

        print_json(compare_json(registries))
        return 0
    from advisor.io.terminal import rich_print

    rich_print(compare_table(registries))
    return 0
