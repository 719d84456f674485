"""`registry-advisor compare ID ID [ID ...]`."""

from __future__ import annotations

import argparse

from advisor.cli.options import add_catalog_option, catalog_files
from advisor.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compare",
        help=_("compare registries side by side, with the age of each fact"),
        description=(
            _(
                "Compare two or more registries attribute by attribute. Rows whose values "
                "differ are marked; each cell shows how many days ago its source was read."
            )
        ),
        epilog=_("Example:") + " registry-advisor compare harbor zot distribution",
    )
    p.add_argument("ids", nargs="+", metavar="ID", help=_("registry ids (at least two)"))
    p.add_argument(
        "--json",
        action="store_true",
        help=_(
            'print one JSON document with every source: {"schema_version": 1, '
            '"registries": [ID, ...], "attributes": {NAME: {"differs": bool, "cells": {ID: '
            '{"value", "source", "verified", "age_days", "note"} or null}}}}'
        ),
    )
    add_catalog_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from advisor.catalog.load import load_catalog
    from advisor.present.compare import compare_json, pick, print_comparison

    registries = pick(load_catalog(catalog_files(args)), args.ids)
    if args.json:
        from advisor.present.catalog import print_json

        print_json(compare_json(registries))
        return 0
    print_comparison(registries)
    return 0
