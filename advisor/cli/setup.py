"""`registry-advisor setup`: write a setup bundle for the recommended (or chosen) registry."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from advisor.cli.options import add_catalog_option, add_weight_option, catalog_files
from advisor.i18n import _

if TYPE_CHECKING:
    from advisor.setup.plan import Plan, Profile

SETUPS = ("public", "private", "insecure")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "setup",
        help=_("write configs, secrets and step-by-step instructions for a registry setup"),
        description=(
            _(
                "Write a setup bundle into a new directory: registry and client configs, CI\n"
                "snippets, optionally a CA, a TLS certificate and an htpasswd file, and a README\n"
                "with numbered steps. The setup type and registry come from the recommendation\n"
                "for your answers, unless --setup and --registry choose them. Nothing is written\n"
                "unless every file can be; an existing directory is replaced only with --force."
            )
        ),
        epilog=_("Examples:")
        + "\n"
        + (
            "  registry-advisor setup --setup insecure --registry distribution \\\n"
            "      --host 192.168.1.20:5000 --output lab-registry\n"
            "  registry-advisor setup --answers answers.yaml --host registry.lan \\\n"
            "      --generate-secrets --user ci --password-stdin --output reg < pw-file"
        ),
    )
    p.add_argument("--answers", metavar="FILE", help=_("answers file (as saved by the TUI)"))
    p.add_argument(
        "--answer",
        metavar="ID=VALUE",
        action="append",
        default=[],
        help=_("set or override one answer (repeatable), e.g. --answer ci=gitlab-ci"),
    )
    p.add_argument(
        "--output",
        "-o",
        metavar="DIR",
        required=True,
        help=_("directory to create (it must not exist, unless --force)"),
    )
    p.add_argument(
        "--host",
        metavar="HOST[:PORT]",
        help=_(
            "address clients use for the registry: DNS name, IPv4 or [IPv6]; "
            "required for a registry you run (Distribution defaults to port 5000)"
        ),
    )
    p.add_argument(
        "--registry",
        metavar="ID",
        help=_("registry id instead of the top recommendation, e.g. distribution"),
    )
    p.add_argument("--setup", choices=SETUPS, help=_("setup type instead of the recommended one"))
    p.add_argument("--user", metavar="NAME", help=_("user name for the htpasswd file and logins"))
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help=_(
            "read the password for --user from standard input (all of it, less one "
            "trailing line break, as 'docker login --password-stdin' reads it)"
        ),
    )
    p.add_argument(
        "--generate-secrets",
        action="store_true",
        help=_(
            "also write a CA, a TLS certificate and key, and (for Distribution) "
            "an htpasswd file; needs --user and --password-stdin"
        ),
    )
    p.add_argument("--force", action="store_true", help=_("replace DIR if it exists"))
    add_weight_option(p)
    add_catalog_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    return _write_setup(args, stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr)


def _write_setup(
    args: argparse.Namespace, *, stdin: TextIO | None, stdout: TextIO, stderr: TextIO
) -> int:
    from advisor.errors import UsageError
    from advisor.setup import bundle

    if args.password_stdin and args.user is None:
        raise UsageError(_("--password-stdin reads the password for --user: give --user NAME"))
    if args.generate_secrets and not args.password_stdin and _wants_htpasswd(args):
        raise UsageError(
            _(
                "--generate-secrets writes an htpasswd file: give --user NAME and "
                "--password-stdin (the password is read from standard input)"
            )
        )
    from advisor.io.write import check_tree_target

    check_tree_target(args.output, force=args.force)  # the real reason first, before any work

    choice = _choose(args)
    plan = bundle.make_plan(
        setup=choice["setup"],
        profile=choice["profile"],
        host=args.host,
        ci=choice["ci"],
        user=args.user,
        generate_secrets=args.generate_secrets,
        reasons=choice["reasons"],
        mode=choice["mode"],
        offline=choice["offline"],
        other_mode=choice["other_mode"],
    )
    if args.generate_secrets and plan.needs_htpasswd and not args.password_stdin:
        raise UsageError(
            _(
                "--generate-secrets writes an htpasswd file for Distribution: give "
                "--password-stdin and the password on standard input"
            )
        )

    password = _read_password(stdin) if args.password_stdin else None
    tls = htpasswd = None
    if plan.generate_secrets:
        from advisor.setup import secrets

        assert plan.host is not None
        tls = secrets.make_tls(plan.host.name, rsa_server=plan.profile.rsa_key)
        if plan.needs_htpasswd:
            assert plan.user is not None and password is not None
            htpasswd = secrets.htpasswd_line(plan.user, password)
    if password is not None and htpasswd is None:
        note = _(
            "the password was not used: no htpasswd file in this bundle "
            "({name} manages its own users)"
        ).format(name=plan.profile.name)
        print(f"registry-advisor: note: {note}", file=stderr)
    del password

    files = bundle.build_bundle(plan, tls=tls, htpasswd=htpasswd)

    from advisor.io.write import write_tree_atomic

    written = write_tree_atomic(args.output, files, force=args.force)
    _summary(plan, written, files, stdout)
    return 0


def _wants_htpasswd(args: argparse.Namespace) -> bool:
    """Before the registry is known for sure: only Distribution and zot get an htpasswd file."""
    return args.registry in (None, "distribution", "zot") and args.setup != "insecure"


def _read_password(stdin: TextIO | None) -> bytes:
    """The password as bytes, read as `docker login --password-stdin` reads it: all of
    standard input less one trailing line break, so the htpasswd file accepts exactly the
    login that `docker login --password-stdin < same-file` sends (any bytes, not only
    UTF-8). At a terminal, prompt without echo. The read stops just past the longest
    password bcrypt can use, so an endless input cannot exhaust memory."""
    from advisor.errors import UsageError
    from advisor.setup.secrets import BCRYPT_MAX_BYTES, check_password, strip_newline

    if stdin is None:
        raise UsageError(_("no password on standard input (--password-stdin)"))
    limit = BCRYPT_MAX_BYTES + 2  # room for a trailing "\r\n"
    try:
        if stdin.isatty():
            import getpass

            data = getpass.getpass(_("Password: ")).encode("utf-8")
        else:
            raw = getattr(stdin, "buffer", None)
            data = raw.read(limit + 1) if raw is not None else stdin.read(limit + 1).encode()
    except (OSError, ValueError, EOFError):
        raise UsageError(_("cannot read the password from standard input")) from None
    if len(data) > limit:
        raise UsageError(
            _("the password is longer than {limit} bytes, the most bcrypt can use").format(
                limit=BCRYPT_MAX_BYTES
            )
        )
    return check_password(strip_newline(data))


def _parse_overrides(items: list[str]) -> dict[str, str]:
    from advisor.errors import UsageError

    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(
                _("--answer '{item}': expected ID=VALUE, e.g. --answer ci=jenkins").format(
                    item=item
                )
            )
        out[key.strip()] = value.strip()
    return out


def _checked_answers(path: str | None, overrides: dict[str, str]) -> dict:
    """The answers without the engine, checked as the engine checks them: the file's mapping
    (or its `answers:` key) and the overrides, each validated against the questions, so a
    bad answer is an error here too, not something --setup and --registry skip."""
    from advisor.decide.answers import parse_override, validate_answers
    from advisor.decide.questions import load_questions

    questions = load_questions()
    answers: dict = {}
    if path is not None:
        from advisor.errors import DataError
        from advisor.io.yamlfile import load_yaml

        data, node = load_yaml(path)
        if isinstance(data, dict) and isinstance(data.get("answers"), dict):
            data = data["answers"]
            node = next(v for k, v in node.value if getattr(k, "value", None) == "answers")
        if not isinstance(data, dict):
            raise DataError(_("expected a mapping of answers"), file=path)
        answers.update(validate_answers(data, questions, source=path, node=node))
    for key, value in overrides.items():
        qid, clean = parse_override(f"{key}={value}", questions)
        answers[qid] = clean
    return answers


def _ci_of(answers: dict) -> str:
    from advisor.errors import UsageError, did_you_mean
    from advisor.setup.plan import CI_CHOICES

    ci = answers.get("ci", "none")
    if ci is None:
        return "none"
    ci = str(ci)
    if ci not in CI_CHOICES:
        raise UsageError(
            _("answer ci='{ci}' is not one of {choices}").format(
                ci=ci, choices=", ".join(CI_CHOICES)
            )
            + did_you_mean(ci, CI_CHOICES)
        )
    return ci


def _choose(args: argparse.Namespace) -> dict:
    """Setup type, registry profile, CI and reasons: from the flags, else the engine."""
    from advisor.errors import UsageError
    from advisor.setup import bundle

    overrides = _parse_overrides(args.answer)
    catalog = catalog_files(args)
    reasons: list[str] = []
    mode: str | None = None
    other_mode: str | None = None
    if args.setup and args.registry:
        # Both chosen: no engine call; the answers only supply the CI system.
        answers = _checked_answers(args.answers, overrides)
        setup, registry_id = args.setup, args.registry
    else:
        if args.answers is None and not overrides:
            raise UsageError(
                _(
                    "give --answers FILE for a recommendation, or choose with both --setup and "
                    "--registry"
                )
            )
        from advisor.decide.session import build_recommendation

        rec = build_recommendation(
            args.answers, [f"{k}={v}" for k, v in overrides.items()], catalog, args.weight
        )
        answers = dict(rec.get("answers") or {})
        setup = args.setup or rec["setup"]
        registry_id, reasons, mode, other_mode = _pick(rec, setup, args.registry, catalog)
        if not args.setup:
            reasons = [
                _("Setup {setup}: {reason}").format(setup=setup, reason=t)
                for t in _reason_texts(rec.get("setup_reasons") or [], catalog)
            ] + reasons
    profile = _profile(registry_id, catalog)
    if _is_offline(answers) and not profile.self_hostable:
        # Before the setup-type check: the air gap is the first thing this choice breaks.
        origin = "--registry" if args.registry else _("the recommendation")
        raise UsageError(
            _(
                "{name} ({id}, from {origin}) offers only saas (hosted by the vendor), which "
                "an air-gapped network cannot reach; it needs a self-hosted registry: {ids}"
            ).format(
                name=profile.name,
                id=profile.id,
                origin=origin,
                ids=", ".join(bundle.self_hostable_ids()),
            )
        )
    if setup == "insecure" and not profile.self_hostable:
        # make_plan says the same; checked here too so the message names the choice's origin.
        origin = "--registry" if args.registry else _("the recommendation")
        raise UsageError(
            _(
                "{name} ({id}, from {origin}) is hosted; an insecure setup needs a registry "
                "you run: {ids}"
            ).format(
                name=profile.name,
                id=profile.id,
                origin=origin,
                ids=", ".join(bundle.self_hostable_ids()),
            )
        )
    return {
        "setup": setup,
        "profile": profile,
        "ci": _ci_of(answers),
        "reasons": reasons,
        "mode": mode,
        "other_mode": other_mode,
        "offline": _is_offline(answers),
    }


def _is_offline(answers: dict) -> bool:
    """The answer `offline` (air-gapped), as saved by the TUI or given with --answer."""
    value = answers.get("offline")
    return value is True or str(value).strip().lower() in ("yes", "true", "y", "1")


def _pick(
    rec: dict, setup: str, wanted: str | None, catalog: list[str] | None = None
) -> tuple[str, list[str], str | None, str | None]:
    """(registry id, reasons, hosting mode, other mode that could serve): the wanted
    registry, else the best-ranked one
    that fits the setup type. A wanted registry whose modes cannot serve is a UsageError
    naming the registry, the mode needed and the modes it offers."""
    from advisor.errors import UsageError
    from advisor.setup import bundle

    known = bundle.profiles()
    registries = rec.get("registries") or []

    def reasons_of(entry: dict) -> list[str]:
        return _reason_texts(entry.get("reasons") or [], catalog)

    if wanted is not None:
        for entry in registries:
            if entry.get("id") == wanted:
                return wanted, reasons_of(entry), entry.get("mode"), entry.get("other_mode")
        for entry in rec.get("excluded") or []:
            modes = [m for m in entry.get("modes") or [] if isinstance(m, str)]
            if (
                entry.get("id") == wanted
                and modes == ["saas"]
                and _is_offline(rec.get("answers") or {})
            ):
                raise UsageError(
                    _(
                        "--registry {id}: the answers need a self-hosted registry (the "
                        "network is air-gapped); {id} offers only {modes}"
                    ).format(id=wanted, modes=", ".join(modes))
                )
        return wanted, [], None, None
    for entry in registries:
        rid = entry.get("id")
        prof = known.get(rid)
        if setup == "insecure" and prof is not None and not prof.self_hostable:
            continue
        if entry.get("mode") == "saas" and _is_offline(rec.get("answers") or {}):
            continue  # never a vendor-hosted bundle for an air-gapped site
        if rid:
            return rid, reasons_of(entry), entry.get("mode"), entry.get("other_mode")
    raise UsageError(
        _("the recommendation ranked no registry for this setup; choose one with --registry")
    )


def _reason_texts(reasons: list, catalog: list[str] | None = None) -> list[str]:
    """The engine's reasons as plain sentences ("because", marked when they count against),
    in the current language: a confirmed rule's sentence from its translation, as the
    reports give it (`words.rule_text`); an unconfirmed one keeps the engine's words."""
    from advisor.recommendation.words import rule_text

    def entry(registry_id: str) -> object:
        from advisor.catalog.load import load_catalog

        return load_catalog(catalog or []).get(registry_id)

    out = []
    for r in reasons:
        if isinstance(r, str):
            out.append(r)
        elif isinstance(r, dict):
            text = r.get("because") or r.get("text") or r.get("message")
            confirmed = all(
                f.get("result") is not None for f in r.get("facts") or () if isinstance(f, dict)
            )
            if text and confirmed:
                text = rule_text(r.get("rule"), "because", str(text), r.get("registry"), entry)
            if text:
                out.append(
                    _("Against: {text}").format(text=text)
                    if r.get("direction") == "against"
                    else str(text)
                )
    return out


def _profile(registry_id: str, catalog: list[str]) -> Profile:
    """Known ids need no catalog; other ids (and --catalog entries) come from the catalog."""
    from advisor.errors import UsageError, did_you_mean
    from advisor.setup import bundle

    known = bundle.profiles()
    if registry_id in known and not catalog:
        return known[registry_id]
    from advisor.catalog.load import load_catalog

    cat = load_catalog(catalog)
    entry = cat.get(registry_id)
    if entry is None:
        if registry_id in known:
            return known[registry_id]
        ids = sorted(set(known) | set(cat.ids))
        raise UsageError(
            _("unknown registry {id}{hint}; known: {ids}").format(
                id=repr(registry_id), hint=did_you_mean(registry_id, ids), ids=", ".join(ids)
            )
        )
    return bundle.profile_for(registry_id, entry)


def _summary(plan: Plan, target: Path, files: dict, stdout: TextIO) -> None:
    from advisor.setup.ci import FILE_MODE
    from advisor.setup.recipes import one_line

    name = one_line(plan.profile.name)
    from advisor.i18n import ngettext

    head = ngettext(
        "Wrote {count} file to {target}/ ({setup} setup, {name}, {address}):",
        "Wrote {count} files to {target}/ ({setup} setup, {name}, {address}):",
        len(files),
    )
    print(
        head.format(
            count=len(files), target=target, setup=plan.setup, name=name, address=plan.address
        ),
        file=stdout,
    )
    for path in sorted(files):
        mode = files[path][1]
        note = "" if mode == FILE_MODE else "  " + _("(mode {mode})").format(mode=f"{mode:04o}")
        print(f"  {path}{note}", file=stdout)
    print(_("Next: follow {path}").format(path=f"{target}/README.md"), file=stdout)
