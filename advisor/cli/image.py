"""`registry-advisor image explain REF ...`: take image references apart as Docker does."""

from __future__ import annotations

import argparse

from advisor.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "image",
        help=_("explain image references (what 'ubuntu' really means)"),
        description=_("Work with image references."),
    )
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])
    isub = parser.add_subparsers(dest="image_command", metavar="ACTION")
    p = isub.add_parser(
        "explain",
        help=_("take references apart and normalise them exactly as Docker does"),
        description=(
            _(
                "Take image references apart and normalise them exactly as Docker and "
                "containerd do: registry host, repository path, tag and digest, with a "
                "plain-words explanation. Exit 0 when every reference is valid, 1 otherwise."
            )
        ),
        epilog=_(
            'With --json, one JSON document: {"schema_version": 1, "references": [...]}, '
            "one object per REF in order, with the keys input, valid, canonical, familiar, "
            "domain, path, tag, digest (null when absent), error (null when valid) and notes "
            "(a list of sentences)."
        )
        + "\n\n"
        + _("Examples:")
        + "\n"
        + (
            "  registry-advisor image explain ubuntu localhost:5000/app\n"
            "  registry-advisor image explain --json -- ghcr.io/acme/api:1.2"
        ),
    )
    p.add_argument("refs", nargs="+", metavar="REF", help=_("image references"))
    p.add_argument(
        "--json",
        action="store_true",
        help=_("print one JSON document with an object per reference (shape below)"),
    )
    p.set_defaults(func=run_explain)


def run_explain(args: argparse.Namespace) -> int:
    from advisor.learn.reference import explain

    results = [explain(ref) for ref in args.refs]
    if args.json:
        import json

        print(json.dumps({"schema_version": 1, "references": results}, indent=2))
    else:
        print("\n\n".join(_text(res) for res in results))
    return 0 if all(r["valid"] for r in results) else 1


def _text(res: dict) -> str:

    from advisor.i18n.said import local

    lines = [f"{res['input']}"]
    if res["valid"]:
        none = _("(none)")
        rows = [
            (_("canonical"), res["canonical"]),
            (_("familiar"), res["familiar"]),
            ("registry", res["domain"]),
            ("repository", res["path"]),
            ("tag", res["tag"] or none),
            ("digest", res["digest"] or none),
        ]
        width = max(len(label) for label, _value in rows)
        lines += [f"  {label:<{width}} {value}" for label, value in rows]
    else:
        lines.append("  " + _("invalid: {error}").format(error=res["error"]))
    for note in res.get("notes") or []:
        lines.append(f"  - {local(note)}")
    from advisor.io.terminal import columns, fit

    return "\n".join(fit(lines, columns()))
