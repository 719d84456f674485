"""argparse's own words, listed so that `pybabel extract` keeps them in our catalog.

argparse translates these with the `gettext` functions it imported; `advisor.cli.main`
points those at `advisor.i18n` (see `_route_argparse`), so `--help` and usage errors read
in the chosen language. The msgids must be argparse's exactly (Python 3.11, Lib/argparse.py),
`%`-placeholders included. Nothing imports this module at run time.
"""

from __future__ import annotations

from advisor.i18n import N_, ngettext

ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_('argument "-" with mode %r'),
    N_("subcommands"),
)


def _plurals() -> None:  # pragma: no cover - never called; marks the plural msgid
    ngettext("expected %s argument", "expected %s arguments", 0)
