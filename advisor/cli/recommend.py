"""`registry-advisor recommend --answers FILE [--answer ID=VALUE ...] [--format FORMAT]`."""

from __future__ import annotations

import argparse

from advisor.cli.options import add_catalog_option, add_weight_option, catalog_files
from advisor.i18n import N_, _

# Output formats: name -> what renders the recommendation. "text" is for the terminal; the
# others are reports (advisor.present), which also cite the catalog. Renderers are imported
# only when chosen.
FORMATS: dict[str, str] = {
    "text": N_("readable text for the terminal"),
    "json": N_("the documented JSON, with the report's citations (docs/report-json.md)"),
    "markdown": N_("a Markdown report"),
    "html": N_("one self-contained HTML page, no script, prints well"),
    "adr": N_("a MADR-style architecture decision record"),
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "recommend",
        help=_("recommend a setup type and rank the registries, with reasons"),
        description=(
            _(
                "Read your answers (a YAML file of question id: value, and/or --answer ID=VALUE) "
                "and print the setup type (public, private or insecure) with the rules that "
                "decided it, the registries that can serve it ranked with reasons for and "
                "against, the ones left out and why, warnings, the defaults assumed for "
                "unanswered questions, and which other answers would change the outcome."
            )
        ),
        epilog=_("Examples:")
        + "\n"
        + (
            "  registry-advisor recommend --answers examples/onprem-offline.yaml\n"
            "  registry-advisor recommend --answers examples/private-aws.yaml "
            "--answer ci=gitlab-ci --weight cost=2\n"
            "  registry-advisor recommend --answer reach=anywhere --answer audience=anyone "
            "--format json"
        ),
    )
    p.add_argument(
        "--answers",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help=_("YAML answers file: a mapping of question id to value"),
    )
    p.add_argument(
        "--answer",
        metavar="ID=VALUE",
        action="append",
        default=[],
        help=_(
            "answer one question, overriding the file (repeatable); yes/no for yes/no "
            "questions, a comma-separated list for multiple choice"
        ),
    )
    add_weight_option(p)
    p.add_argument(
        "--format",
        choices=list(FORMATS),
        default="text",
        help="; ".join(f"{name}: {_(what)}" for name, what in FORMATS.items()),
    )
    p.add_argument("--output", metavar="PATH", help=_("write to PATH instead of standard output"))
    p.add_argument("--force", action="store_true", help=_("overwrite --output if it exists"))
    p.add_argument(
        "--full-trace",
        action="store_true",
        help=_("in JSON, keep every rule evaluation for every registry, not only those that fired"),
    )
    p.add_argument(
        "--rules",
        metavar="FILE",
        help=_("use this rules file instead of the shipped one (for rule authors)"),
    )
    add_catalog_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from advisor.decide.session import recommend_in_context
    from advisor.io.write import emit

    if args.output and args.output != "-":  # fail before doing the work
        from advisor.io.write import check_file_target

        check_file_target(args.output, force=args.force)
    data, context = recommend_in_context(
        getattr(args, "answers", None),
        args.answer,
        catalog_files(args),
        args.weight,
        rules_file=args.rules,
        full_trace=args.full_trace,
        strict_unknowns=args.strict_unknowns,
    )
    if args.format == "text":
        from advisor import clock
        from advisor.present.text import render
        from advisor.recommendation.view import build_view

        view = build_view(
            data, catalog=context.catalog, questions=context.questions, today=clock.today()
        )
        text = render(view)
    else:
        from advisor.present import render_report

        text = render_report(
            args.format, data, catalog=context.catalog, questions=context.questions
        )
    emit(text, args.output, force=args.force)
    return 0
