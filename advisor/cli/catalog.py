"""`registry-advisor catalog list|show|audit|schema`."""

from __future__ import annotations

import argparse

from advisor.cli.options import add_catalog_option, catalog_files, whole_number
from advisor.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "catalog",
        help=_("browse the registry catalog and check the age of its facts"),
        description=(
            _(
                "Browse the catalog of container registries. Every fact in it carries the URL "
                "it came from and the day it was checked."
            )
        ),
    )
    parser.set_defaults(func=lambda args: _usage(parser))
    csub = parser.add_subparsers(dest="catalog_command", metavar="ACTION")

    p = csub.add_parser(
        "list",
        help=_("list the registries, optionally filtered"),
        description=_("List the registries in the catalog."),
        epilog=(
            _(
                "Filters: --filter hosting=self-hosted --filter anonymous_pull=true "
                "--filter native_to=aws --filter setups=insecure. Lists match when they "
                "contain the value, text when it contains the words, bools by true/false; "
                "'unknown' matches facts nobody could confirm."
            )
        ),
    )
    p.add_argument(
        "--json",
        action="store_true",
        help=_(
            'print one JSON document instead of a table: {"schema_version": 1, '
            '"registries": [{"id", "name", "vendor", "homepage", "summary", "hosting", '
            '"setups", "open_source", "anonymous_pull", "native_to"}, ...]}'
        ),
    )
    p.add_argument(
        "--filter",
        metavar="ATTR=VALUE",
        action="append",
        default=[],
        help=_("keep registries whose attribute matches (repeatable; all must match)"),
    )
    add_catalog_option(p)
    p.set_defaults(func=run_list)

    p = csub.add_parser(
        "show",
        help=_("show one registry with every fact, its source and its age"),
        description=_("Show one registry with every fact, its source and the day it was checked."),
    )
    p.add_argument("id", help=_("registry id, e.g. ghcr (see 'catalog list')"))
    p.add_argument(
        "--json",
        action="store_true",
        help=_(
            "print the registry as one JSON document, in the catalog file's own shape "
            "(every fact with value, source, verified and note; see docs/catalog.md)"
        ),
    )
    add_catalog_option(p)
    p.set_defaults(func=run_show)

    p = csub.add_parser(
        "audit",
        help=_("list facts that are old, unknown, secondary or not from the vendor"),
        description=(
            _(
                "List facts nobody could confirm (by attribute and by registry), facts older than "
                "--max-age days, facts whose note leans on a secondary source, sources outside the "
                "registry's vendor_domains, and breaks of the definitions in docs/catalog.md."
            )
        ),
    )
    p.add_argument(
        "--max-age",
        metavar="DAYS",
        type=whole_number(0),
        default=180,
        help=_("a fact checked longer ago than this is stale (default: 180)"),
    )
    p.add_argument(
        "--json",
        action="store_true",
        help=_(
            'print one JSON document: {"schema_version": 1, "max_age_days", "facts", '
            '"unknown", "stale", "registries": [{"id", "unknown": [...], "stale": [...]}]}'
        ),
    )
    add_catalog_option(p)
    p.set_defaults(func=run_audit)

    p = csub.add_parser(
        "schema",
        help=_("print the catalog's JSON Schema (the same as 'schema catalog')"),
        description=_("Print the JSON Schema that catalog files follow."),
    )
    p.add_argument("--output", metavar="PATH", help=_("write to PATH instead of stdout"))
    p.add_argument("--force", action="store_true", help=_("overwrite PATH if it exists"))
    p.set_defaults(func=run_schema)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def run_list(args: argparse.Namespace) -> int:
    from advisor.catalog import query
    from advisor.catalog.load import load_catalog
    from advisor.present import catalog as catalog_view

    catalog = load_catalog(catalog_files(args))
    registries = query.apply_filters(catalog.registries, args.filter)
    if args.json:
        catalog_view.print_json(catalog_view.list_json(registries))
    else:
        print(catalog_view.list_text(registries, total=len(catalog.registries)))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from advisor.catalog.load import get_registry, load_catalog
    from advisor.present import catalog as catalog_view

    reg = get_registry(load_catalog(catalog_files(args)), args.id)
    if args.json:
        catalog_view.print_json(reg.to_json())
    else:
        print(catalog_view.show_text(reg))
    return 0


def run_audit(args: argparse.Namespace) -> int:
    from advisor.catalog import query
    from advisor.catalog.load import load_catalog
    from advisor.present import catalog as catalog_view

    catalog = load_catalog(catalog_files(args))
    findings = query.audit(catalog, args.max_age)
    if args.json:
        catalog_view.print_json(findings)
    else:
        print(catalog_view.audit_text(findings, args.max_age))
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from advisor.io.write import emit
    from advisor.recommendation.schema import schema_text

    emit(schema_text("catalog"), args.output, force=args.force)
    return 0
