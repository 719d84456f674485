"""`registry-advisor schema NAME`: print a published JSON Schema.

NAME is `recommendation` (what `recommend --format json` prints), `answers` (an answers
file), `catalog` (a catalog file; `catalog schema` prints the same) or `doctor` (what
`doctor --json` prints).
"""

from __future__ import annotations

import argparse

from advisor.i18n import _

# Kept here, not imported, so that --help stays light; a test checks it matches.
NAMES = ("recommendation", "answers", "catalog", "doctor")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schema",
        help=_("print the JSON Schema of the recommendation, answers, catalog or doctor output"),
        description=(
            _(
                "Print a JSON Schema (draft 2020-12): recommendation (the JSON of recommend "
                "--format json), answers (an answers file), catalog (a catalog file), doctor (the "
                "JSON of doctor --json). Editors and "
                "CI can validate files against them; copies are in data/schemas/."
            )
        ),
    )
    p.add_argument("name", choices=NAMES, metavar="NAME", help=", ".join(NAMES))
    p.add_argument("--output", metavar="PATH", help=_("write to PATH instead of stdout"))
    p.add_argument("--force", action="store_true", help=_("overwrite PATH if it exists"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from advisor.io.write import emit
    from advisor.recommendation.schema import schema_text

    emit(schema_text(args.name), args.output, force=args.force)
    return 0
