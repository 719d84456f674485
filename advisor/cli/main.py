"""The `registry-advisor` command line.

Each subcommand lives in `advisor/cli/<name>.py` and exposes `register(subparsers)`,
which only declares arguments; the work is imported inside the handler, so `--help` and the
light commands never load pydantic or Textual.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from advisor import __version__, i18n
from advisor.errors import AdvisorError, DataErrors
from advisor.i18n import N_, _

PROG = "registry-advisor"
#: Problems printed for one file at most; the rest are counted in one last line.
MAX_ERROR_LINES = 50

# Command -> its one-line help, in the order of --help. Only the invoked command's module is
# imported and its parser built; the others appear in --help from this table (a test checks
# that it matches each module's own help).
COMMANDS = {
    "tui": N_("open the interactive app (the default with no command)"),
    "recommend": N_("recommend a setup type and rank the registries, with reasons"),
    "setup": N_("write configs, secrets and step-by-step instructions for a registry setup"),
    "catalog": N_("browse the registry catalog and check the age of its facts"),
    "compare": N_("compare registries side by side, with the age of each fact"),
    "validate": N_("check a catalog file (the shipped one when no FILE)"),
    "learn": N_("read the lessons for newcomers (registries, naming, running your own)"),
    "image": N_("explain image references (what 'ubuntu' really means)"),
    "quiz": N_("test yourself with multiple-choice questions on the lessons"),
    "schema": N_("print the JSON Schema of the recommendation, answers, catalog or doctor output"),
    "doctor": N_("diagnose a registry (TLS, API, login, client configs) or an error message"),
}
# Global options that take a value: the token after them is not a command name.
_VALUE_OPTIONS = ("--answers", "--catalog")


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 2 with our one-line format, and help text wrapped."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        from advisor.cli.options import HelpFormatter

        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def _check_value(self, action: argparse.Action, value: object) -> None:
        # A mistyped choice (a command, a format) gets the closest one named, like our own
        # errors do: "invalid choice: 'recomend' (...) (did you mean "recommend"?)".
        try:
            super()._check_value(action, value)  # type: ignore[misc]
        except argparse.ArgumentError as exc:
            from advisor.errors import did_you_mean

            choices = [str(c) for c in action.choices or ()]
            raise argparse.ArgumentError(
                action, exc.message + did_you_mean(str(value), choices)
            ) from None

    def error(self, message: str) -> None:  # type: ignore[override]
        # The message may quote the user's argument: escape its control characters.
        # The prefix stays `registry-advisor: error:` in every language (scripts grep it).
        hint = _("(see '{command} --help')").format(command=self.prog)
        self.exit(2, f"{PROG}: error: {_one_line(message)} {hint}\n")


def invoked_command(argv: Sequence[str]) -> str | None:
    """The subcommand named in argv, or None (no command, `--help`, or an unknown name)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--":
            return None
        elif token in _VALUE_OPTIONS:
            skip = True
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser. `only` names the one subcommand to declare (the others are left out: the
    invoked command is known); None declares them all, for --help, tests and docs."""
    import importlib

    _route_argparse()
    parser = _Parser(
        prog=PROG,
        description=_(
            "Choose and set up a container registry. Answer a few questions, get a public, "
            "private or insecure setup with ranked, explained registry choices, configs that "
            "work, and lessons for newcomers. With no command, the interactive TUI opens."
        ),
        epilog=_("Run '{prog} COMMAND --help' for the options of one command.").format(prog=PROG),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--lang",
        choices=("en", "id"),
        help=_("language of the output: en or id (default: from LC_ALL, LC_MESSAGES, LANG)"),
    )
    parser.add_argument(
        "--answers",
        metavar="FILE",
        help=_("open the TUI on the results for this answers file"),
    )
    parser.add_argument(
        "--catalog",
        metavar="FILE",
        action="append",
        help=_("add or override registries from this catalog file (repeatable)"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, help_text in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(f"advisor.cli.{name}").register(sub)
        elif only not in COMMANDS:
            sub.add_parser(name, help=_(help_text))
        # With one known command invoked, the others need no stub: argparse only lists
        # them in the top-level --help and in "invalid choice", and neither can happen
        # then (the command was named). A stub parser costs ~0.4 ms each at start-up.
    return parser


def _route_argparse() -> None:
    """Send argparse's own words ("usage:", "options", "invalid choice", ...) through our
    catalog. argparse looks up the `_` and `ngettext` it imported from gettext at call time,
    so replacing those two module names is enough; in English ours return the message as
    given and load nothing. The msgids are listed for extraction in advisor/cli/words.py."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def _one_line(text: str) -> str:
    from advisor.io.terminal import visible

    return visible(text, one_line=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 fine, 2 bad input, 130 interrupted).

    Everything printed passes through the terminal escaping of `advisor.io.terminal`; an
    AdvisorError becomes one `registry-advisor: error:` line per problem.
    """
    from advisor.io.terminal import guard

    with guard():
        return _main(argv)


def take_lang(args: list[str]) -> tuple[str | None, list[str]]:
    """Pull `--lang X` / `--lang=X` out of the arguments wherever it stands (before or after
    the command), so it works on any command; return (lang or None, the other arguments).

    Raises UsageError for a missing or unknown language. Arguments after `--` are left.
    """
    from advisor.errors import UsageError

    lang: str | None = None
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg == "--lang" or arg.startswith("--lang="):
            if arg == "--lang":
                if i + 1 >= len(args):
                    raise UsageError(_("--lang needs a language: en or id"), key="--lang")
                value = args[i + 1]
                i += 2
            else:
                value = arg.split("=", 1)[1]
                i += 1
            if value not in ("en", "id"):
                raise UsageError(
                    _("unknown language '{value}' (choose from en, id)").format(value=value),
                    key="--lang",
                )
            lang = value
            continue
        rest.append(arg)
        i += 1
    return lang, rest


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        try:
            try:
                lang, args_list = take_lang(args_list)
            except AdvisorError:
                # Say what is wrong with --lang in the environment's language.
                i18n.choose(None)
                take_lang(args_list)  # raises the same error, translated
                raise
            i18n.choose(lang)
            parser = build_parser(invoked_command(args_list) or "")
            args = parser.parse_args(args_list)
            func = getattr(args, "func", None)
            if func is None:
                from advisor.cli.tui import run as run_tui

                code = run_tui(args)
            else:
                code = int(func(args) or 0)
        except SystemExit as exc:  # argparse: --help, --version, usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        # Flush here, so a full disk or a closed pipe is reported, not lost at exit.
        sys.stdout.flush()
        failed = getattr(sys.stdout, "failed", None)
        if failed is not None:  # a write error that something swallowed (argparse does)
            raise failed
        return code
    except AdvisorError as exc:
        lines = exc.lines() if isinstance(exc, DataErrors) else [str(exc)]
        if len(lines) > MAX_ERROR_LINES:  # a file with thousands of problems: the first ones
            more = len(lines) - MAX_ERROR_LINES
            tail = i18n.ngettext(
                "... and {count} more problem like these",
                "... and {count} more problems like these",
                more,
            ).format(count=more)
            lines = [*lines[:MAX_ERROR_LINES], tail]
        _say(*(f"{PROG}: error: {_one_line(line)}" for line in lines))
        return 2
    except KeyboardInterrupt:
        _say(PROG + ": " + _("interrupted"))
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python's final flush
        # from complaining about it.
        _silence_stdout()
        return 1
    except OSError as exc:
        if not _is_stdout_error():
            raise
        _silence_stdout()
        reason = exc.strerror or type(exc).__name__
        text = _("cannot write to standard output ({reason})").format(reason=reason)
        _say(f"{PROG}: error: {text}")
        return 2


def _say(*lines: str) -> None:
    """Lines to stderr; if stderr itself cannot be written, there is no one left to tell."""
    try:
        for line in lines:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _is_stdout_error() -> bool:
    """Whether the OSError in hand came from writing our output (a full device, an I/O
    error), as recorded by the guarded stdout."""
    return getattr(sys.stdout, "failed", None) is not None


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
