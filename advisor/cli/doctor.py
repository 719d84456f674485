"""`registry-advisor doctor`: diagnose a live registry, or the error message in front of you."""

from __future__ import annotations

import argparse
from typing import TextIO

from advisor.i18n import _


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a number of seconds, got '{text}'").format(text=text)
        ) from None
    if not 0 < value <= 300:
        raise argparse.ArgumentTypeError(_("must be more than 0 and at most 300 seconds"))
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "doctor",
        help=_("diagnose a registry (TLS, API, login, client configs) or an error message"),
        description=(
            _(
                "Probe a registry and this machine's client configs, one line per check (tcp,\n"
                "tls, api, auth, client) with the cause and fix of each problem, then a verdict:\n"
                "which client will fail and the exact lines that fix it. Only HOST is contacted.\n"
                "With --error (or a message on stdin), match an error message against known\n"
                "ones and list the likely causes; with a HOST too, the checks decide between\n"
                "them."
            )
        ),
        epilog=_("Examples:")
        + "\n"
        + (
            "  registry-advisor doctor registry.lan:5000\n"
            "  registry-advisor doctor registry.lan:5000 --ca ca.crt --user ci "
            "--password-stdin < pw\n"
            '  registry-advisor doctor --error "x509: certificate signed by unknown authority"\n'
            "  docker push reg.lan:5000/app 2>&1 | registry-advisor doctor\n"
            "  docker push reg.lan:5000/app 2>&1 | "
            "registry-advisor doctor reg.lan:5000 --error -\n"
        )
        + _(
            "Exit status: 0 when nothing fails (or a message matched), 1 when a check\n"
            "fails (or no signature matched), 2 for bad input."
        ),
    )
    p.add_argument("host", nargs="?", metavar="HOST[:PORT]", help=_("the registry to check"))
    p.add_argument(
        "--error",
        metavar="MESSAGE",
        help=_("an error message to explain ('-' reads it from standard input)"),
    )
    p.add_argument("--ca", metavar="FILE", help=_("a CA certificate (PEM) to verify TLS with"))
    p.add_argument("--user", metavar="NAME", help=_("user name for the login test"))
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the password for --user from standard input (never echoed or stored)"),
    )
    p.add_argument(
        "--root",
        metavar="DIR",
        help=_("read client configs under DIR instead of / (for tests and for a copy of /etc)"),
    )
    p.add_argument(
        "--buildkit-config", metavar="FILE", help=_("BuildKit's buildkitd.toml to check")
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=5.0,
        metavar="SECONDS",
        help=_("bound on the whole run (default 5)"),
    )
    p.add_argument(
        "--json",
        action="store_true",
        help=_(
            'print one JSON document ({"schema_version", ...}), in the shape '
            "'registry-advisor schema doctor' prints"
        ),
    )
    p.add_argument(
        "--verbose", "-v", action="store_true", help=_("also list every config path looked at")
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    return doctor(args, stdin=sys.stdin, stdout=sys.stdout)


def _read_password(stdin: TextIO) -> str:
    from advisor.errors import UsageError
    from advisor.setup.secrets import strip_newline

    try:
        if stdin.isatty():
            import getpass

            text = getpass.getpass(_("Password: "))
        else:
            text = stdin.readline()
    except (OSError, ValueError, EOFError):
        raise UsageError(_("cannot read the password from standard input")) from None
    password = strip_newline(text)
    if not password:
        raise UsageError(_("no password on standard input (--password-stdin reads one line)"))
    return password


def _read_message(stdin: TextIO) -> str:
    from advisor.errors import UsageError

    try:
        return stdin.read(1024 * 1024)
    except (OSError, ValueError, UnicodeDecodeError):
        raise UsageError(_("cannot read the error message from standard input")) from None


def doctor(args: argparse.Namespace, *, stdin: TextIO, stdout: TextIO) -> int:
    from advisor.errors import UsageError

    if args.password_stdin and not args.user:
        raise UsageError(_("--password-stdin reads the password for --user: give --user NAME"))
    if args.user and not args.host:
        raise UsageError(_("--user tests a login: give the HOST to test it against"))
    for flag in ("ca", "root", "buildkit_config"):
        if getattr(args, flag) is not None and not args.host:
            raise UsageError(
                _("{option} needs a HOST to check").format(option="--" + flag.replace("_", "-"))
            )
    message = args.error
    if message == "-":
        if args.password_stdin:
            raise UsageError(_("--error - and --password-stdin cannot both read standard input"))
        message = _read_message(stdin)
    elif message is None and args.host is None:
        if stdin.isatty():
            raise UsageError(_("give a HOST[:PORT] to check, or --error 'MESSAGE' to explain"))
        message = _read_message(stdin)
    matches = None
    signatures = None
    if message is not None:
        from advisor.doctor.signatures import check_message, load_signatures

        check_message(message)
        signatures = load_signatures()

    if args.host is None:
        from advisor.doctor.signatures import SCHEMA_VERSION, match

        matches = match(message, signatures)  # type: ignore[arg-type]
        if args.json:
            import json

            doc = {"schema_version": SCHEMA_VERSION, "matches": matches}
            stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        else:
            from advisor.doctor.render import matches_text

            stdout.write(matches_text(matches))
        return 0 if matches else 1

    from advisor.doctor.run import diagnose

    password = _read_password(stdin) if args.password_stdin else None
    report = diagnose(
        args.host,
        timeout=args.timeout,
        ca_file=args.ca,
        user=args.user,
        password=password,
        root=args.root,
        buildkit_config=args.buildkit_config,
    )
    del password
    if message is not None:
        from advisor.doctor.signatures import match

        report.matches = match(message, signatures, report.facts())  # type: ignore[arg-type]
    if args.json:
        import json

        stdout.write(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        from advisor.doctor.render import report_text

        stdout.write(report_text(report, verbose=args.verbose))
    failed = any(c.status == "fail" for c in report.checks) or (
        report.verdict is not None and report.verdict.status == "fail"
    )
    return 1 if failed else 0
