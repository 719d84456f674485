"""`registry-advisor validate [FILE]`."""

from __future__ import annotations

import argparse

from advisor.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help=_("check a catalog file (the shipped one when no FILE)"),
        description=(
            _(
                "Check a catalog file against the models: keys, types, https sources, dates "
                "not in the future, unique ids. Prints every problem at once; exit 0 when the "
                "file is valid, 2 when it is not."
            )
        ),
        epilog=_("Example:") + " registry-advisor validate my-registries.yaml",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help=_("catalog file to check"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from advisor.catalog.data import ATTRIBUTE_NAMES
    from advisor.catalog.load import parse_catalog_file, shipped_catalog_path

    path = args.file or str(shipped_catalog_path())
    catalog = parse_catalog_file(path)
    unknown = sum(
        1
        for reg in catalog.registries
        for name in ATTRIBUTE_NAMES
        if (f := reg.attr(name)) is not None and not f.known
    )
    from advisor.i18n import ngettext

    count = len(catalog.registries)
    registries = ngettext("{count} registry", "{count} registries", count).format(count=count)
    facts = ngettext("{count} unknown fact", "{count} unknown facts", unknown).format(count=unknown)
    print(
        _("{path}: valid: {registries}, {facts}").format(
            path=path, registries=registries, facts=facts
        )
    )
    return 0
