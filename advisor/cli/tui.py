"""`registry-advisor tui` (also what runs with no command): the interactive terminal app."""

from __future__ import annotations

import argparse

from advisor.cli.options import add_catalog_option, add_weight_option, catalog_files
from advisor.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "tui",
        help=_("open the interactive app (the default with no command)"),
        description=(
            _(
                "Open the interactive terminal app: answer the questionnaire, read the "
                "recommendation and what would change it, compare registries, browse the "
                "catalog, learn, and export. Press F1 or ? on any screen for help."
            )
        ),
        epilog=_("Example:") + " registry-advisor tui --answers examples/onprem-offline.yaml",
    )
    p.add_argument(
        "--answers",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help=_("open on the results for this answers file"),
    )
    add_weight_option(p)
    add_catalog_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    answers = getattr(args, "answers", None)
    weights = list(getattr(args, "weight", None) or [])
    files = catalog_files(args)
    # Check the files and weights before the screen takes over, so that a mistake reads
    # like any CLI error (one line, exit 2) instead of a toast in an app that cannot work.
    if answers is not None:
        from advisor.decide.session import build_recommendation

        build_recommendation(answers, [], files, weights)
    elif files or weights:
        from advisor.decide.session import load_context, parse_weights

        context = load_context(files)
        parse_weights(weights, list(context.rules.criteria))
    from advisor.tui.app import make_app

    app = make_app(answers_file=answers, catalog_files=files, weights=weights)
    app.run()
    return int(app.return_code or 0)
