"""Run the whole diagnosis of one host: tcp, tls, api, auth, client, then the verdict."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from advisor.doctor.model import Check, Report
from advisor.doctor.text import Said
from advisor.errors import UsageError
from advisor.i18n import N_, _

DEFAULT_TIMEOUT = 5.0
MAX_TIMEOUT = 300.0


def check_timeout(value: float) -> float:
    """--timeout must be a positive number of seconds, at most MAX_TIMEOUT."""
    if not 0 < value <= MAX_TIMEOUT:
        raise UsageError(
            _("--timeout must be more than 0 and at most {max} seconds").format(
                max=f"{MAX_TIMEOUT:g}"
            )
        )
    return value


def diagnose(
    host: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    ca_file: str | None = None,
    user: str | None = None,
    password: str | None = None,
    root: str | None = None,
    buildkit_config: str | None = None,
    home: str | None = None,
    on_check: Callable[[Check], None] | None = None,
) -> Report:
    """Probe `host` (HOST[:PORT]) and read this machine's client configs for it.

    Only `host` is contacted, and the whole run stays within `timeout` seconds (each socket
    operation gets the time that remains). `root` prefixes every config path ("/" when
    None); `home` replaces ~ in user config paths. `on_check` is called with each Check as
    it completes (the TUI shows them as they come). Raises UsageError for a malformed host,
    a --ca file that holds no certificate, a missing --root, or a bad --timeout; network
    trouble is reported as a failing check, never raised.
    """
    from advisor.doctor import probe, tls
    from advisor.doctor.certs import load_ca_file
    from advisor.doctor.clients import Root, read_all
    from advisor.doctor.target import Deadline, parse_target
    from advisor.doctor.text import clean
    from advisor.doctor.verdict import client_check, make_verdict
    from advisor.doctor.wire import OutOfTime

    check_timeout(timeout)
    target = parse_target(host)
    if ca_file is not None:
        load_ca_file(ca_file)
    if root is not None and not Path(root).is_dir():
        raise UsageError(_("--root must be an existing directory"), file=root)
    if buildkit_config is not None and not Path(buildkit_config).is_file():
        raise UsageError(_("no such file (--buildkit-config)"), file=buildkit_config)
    session = probe.Session(
        target=target, deadline=Deadline(timeout), ca_file=ca_file, user=user, password=password
    )
    report = Report(host=target.address)

    def add(check: Check) -> Check:
        report.checks.append(check)
        if on_check is not None:
            on_check(check)
        return check

    def run(check_id: str, fn: Callable[[probe.Session], Check]) -> Check:
        # Each check handles the network's failures itself; this net turns anything it
        # missed into one failing line instead of a traceback.
        try:
            return add(fn(session))
        except (OSError, ValueError, OutOfTime) as exc:
            failed = Said(N_("could not run: {reason}"), reason=clean(exc)[:160])
            return add(Check(check_id, "fail", failed))

    tcp = run("tcp", probe.check_tcp)
    if tcp.status == "fail":
        for cid in ("tls", "api", "auth"):
            add(probe.skipped(cid, Said(N_("the tcp check failed"))))
    else:
        run("tls", tls.check_tls)
        if session.scheme is None:
            add(probe.skipped("api", Said(N_("no TLS or HTTP answer"))))
            add(probe.skipped("auth", Said(N_("no TLS or HTTP answer"))))
        else:
            api = run("api", probe.check_api)
            if api.status == "fail" or session.v2 is None:
                add(probe.skipped("auth", Said(N_("the api check failed"))))
            else:
                run("auth", probe.check_auth)

    configs = read_all(Root(root, home), target, buildkit_config)
    facts = report.facts()
    ca_verified: dict[str, bool] = {}
    if "unknown-authority" in (facts.get("tls_problems") or []):
        for cfg in configs:
            ca_verified[cfg.client] = any(
                Path(f).is_file() and tls.verifies_with(session, f) for f in cfg.ca_files
            )
    reachable = facts.get("tls") not in (None, "timeout", "handshake-failed") and facts.get(
        "api"
    ) not in ("not-a-registry", "no-answer", "timeout")
    check, verdicts = client_check(
        configs, facts, target, ca_file, ca_verified, reachable=reachable
    )
    add(check)
    report.verdict = make_verdict(report.checks, verdicts)
    session.password = None
    return report
