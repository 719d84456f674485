"""The tls check: a handshake without verification to read what the server sends, then
verification against the system store and --ca, and the certificate judged as Go clients
judge it (see advisor.doctor.certs).

OpenSSL's verify codes (include/openssl/x509_vfy.h) tell an untrusted chain from dates that
are out of range; a server that sends one certificate which is not self-signed but names
an issuer URL (AIA caIssuers) is missing its intermediate.
"""

from __future__ import annotations

import ssl
from typing import Any

from advisor.doctor import sources as S
from advisor.doctor.certs import CertInfo, cert_info, describe_dates, name_matches
from advisor.doctor.certs import validity_problem as _validity
from advisor.doctor.model import Check
from advisor.doctor.probe import LESSON_KINDS, LESSON_TLS, Session, out_of_time
from advisor.doctor.text import Said, clean, joined
from advisor.doctor.wire import OutOfTime, connect, no_verify_context, request, wrap
from advisor.i18n import N_

# OpenSSL verify codes for certificates out of their validity dates.
_EXPIRED, _NOT_YET = 10, 9


def _handshake(session: Session, ctx: ssl.SSLContext) -> Any:
    assert session.addr is not None
    return wrap(connect(*session.addr, session.deadline), ctx, session.target, session.deadline)


def _speaks_plain_http(session: Session) -> bool:
    try:
        sock = connect(*session.addr, session.deadline)  # type: ignore[misc]
        request(sock, session.target, session.deadline, "/v2/")
    except (OSError, ValueError, OutOfTime):
        return False
    return True


def _verify(session: Session, cafile: str | None) -> tuple[bool, int | None, str]:
    """Handshake verifying the chain (not the name) against `cafile` or the system store.

    Returns (verified, OpenSSL verify code, message)."""
    if cafile is None:
        ctx = ssl.create_default_context()
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(cafile=cafile)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_REQUIRED
    try:
        _handshake(session, ctx).close()
    except ssl.SSLCertVerificationError as exc:
        return False, exc.verify_code, clean(exc.verify_message or str(exc))
    return True, None, ""


def verifies_with(session: Session, cafile: str) -> bool | None:
    """Whether the server's chain verifies against `cafile` (None: could not tell)."""
    if session.scheme != "https" or session.addr is None or session.deadline.expired:
        return None
    try:
        return _verify(session, cafile)[0]
    except (OSError, OutOfTime, ValueError):
        return None


def check_tls(session: Session) -> Check:
    t = session.target
    try:
        tls = _handshake(session, no_verify_context())
    except OutOfTime:
        return out_of_time("tls", session, Said(N_("the TLS handshake")))
    except (ssl.SSLError, OSError) as exc:
        if _speaks_plain_http(session):
            session.scheme = "http"
            return Check(
                "tls",
                "warn",
                Said(N_("no TLS: the registry answers plain HTTP only")),
                detail=[
                    Said(
                        N_(
                            "a TLS handshake with {host} failed and a plain HTTP request got "
                            "an HTTP answer"
                        ),
                        host=t.netloc,
                    ),
                    Said(
                        N_(
                            "clients try HTTPS first and stop with 'server gave HTTP response "
                            "to HTTPS client' unless this host is configured as insecure on "
                            "each of them"
                        )
                    ),
                ],
                fix=[
                    Said(
                        N_(
                            "Either list the registry as insecure on every client (see the "
                            "client check and the verdict), or serve TLS: registry-advisor "
                            "setup --setup private --generate-secrets writes a CA and a "
                            "certificate for it."
                        )
                    )
                ],
                sources=[S.DIST_INSECURE, S.DAEMON_WRONG_HOST],
                lesson=LESSON_KINDS,
                facts={"tls": "plain-http", "tls_problems": ["plain-http"]},
            )
        if session.deadline.expired:
            return out_of_time("tls", session, Said(N_("the TLS handshake")))
        return Check(
            "tls",
            "fail",
            Said(N_("the TLS handshake failed: {reason}"), reason=clean(str(exc))[:160]),
            fix=[Said(N_("Check that this port serves the registry (not another TLS service)."))],
            facts={"tls": "handshake-failed", "tls_problems": ["handshake-failed"]},
        )
    try:
        der = tls.getpeercert(binary_form=True)
        chain_len = _chain_length(tls)
    finally:
        tls.close()
    session.scheme = "https"
    try:
        info = cert_info(der)
    except ValueError as exc:
        return _tls_broken(
            Said(N_("the server's certificate cannot be read ({reason})"), reason=clean(exc)[:100])
        )
    session.cert = info
    try:
        return _judge_certificate(session, info, chain_len)
    except OutOfTime:
        return out_of_time("tls", session, Said(N_("verifying the certificate")))
    except OSError as exc:
        if session.deadline.expired:
            return out_of_time("tls", session, Said(N_("verifying the certificate")))
        return _tls_broken(
            Said(N_("verifying the certificate failed: {reason}"), reason=clean(exc)[:120])
        )


def _tls_broken(summary: str) -> Check:
    facts = {"tls": "handshake-failed", "tls_problems": ["handshake-failed"]}
    return Check("tls", "fail", summary, facts=facts)


def _chain_length(tls: ssl.SSLSocket) -> int | None:
    # Python 3.13 made this public; 3.11 and 3.12 have it on the internal object.
    getter = getattr(tls, "get_unverified_chain", None) or getattr(
        getattr(tls, "_sslobj", None), "get_unverified_chain", None
    )
    try:
        chain = getter() if getter else None
    except (ssl.SSLError, ValueError):
        return None
    return len(chain) if chain is not None else None


def _judge_certificate(session: Session, info: CertInfo, chain_len: int | None) -> Check:
    t = session.target
    detail = [
        f"subject: {clean(info.subject)}",
        f"SANs: {', '.join(clean(s) for s in info.sans) if info.sans else '(none)'}",
        f"issuer: {clean(info.issuer)}"
        + (" " + Said(N_("(self-signed)")) if info.self_signed else ""),
        describe_dates(info),
    ]
    if chain_len is not None:
        detail.append(Said(N_("the server sends {count} certificate(s)"), count=chain_len))
    problems: list[str] = []
    facts: dict[str, Any] = {}

    sys_ok, sys_code, sys_msg = _verify(session, None)
    ca_ok: bool | None = None
    ca_code: int | None = None
    if session.ca_file:
        ca_ok, ca_code, _ = _verify(session, session.ca_file)
        ca_ok = ca_ok or ca_code in (_EXPIRED, _NOT_YET)  # the chain itself is good
    facts["tls_system_trust"] = sys_ok
    facts["tls_ca_trust"] = ca_ok
    # "Trusted" means by this machine's store, which is what clients use by default; a
    # chain that only --ca verifies still needs that CA installed on every client.
    if not sys_ok and sys_code not in (_EXPIRED, _NOT_YET):
        incomplete = (
            chain_len == 1 and not info.self_signed and bool(info.aia_issuers) and not ca_ok
        )
        problems.append("incomplete-chain" if incomplete else "unknown-authority")
        detail.append(Said(N_("system trust store: {message}"), message=sys_msg))
    if session.ca_file:
        verdict = Said(N_("verifies the chain")) if ca_ok else Said(N_("does not verify the chain"))
        detail.append(f"--ca {session.ca_file}: " + verdict)
    validity = _validity(info, session.now)
    if validity:
        problems.append(validity)
    if not info.has_san_extension or not info.sans:
        problems.append("no-san")
    elif not name_matches(info, t.name, t.family):
        problems.append("name-mismatch")
    facts["tls"] = problems[0] if problems else "ok"
    facts["tls_problems"] = problems

    fixes: list[str] = []
    sources: list[str] = []
    said: list[str] = []
    for p in problems:
        s, f, src = _PROBLEM_TEXT[p](session, info, ca_ok)
        said.append(s)
        fixes.append(f)
        sources += [x for x in src if x not in sources]
    if not problems:
        who = Said(N_("the system trust store")) if sys_ok else f"--ca {session.ca_file}"
        return Check(
            "tls",
            "ok",
            Said(
                N_("HTTPS works: certificate for {names}, trusted through {who}"),
                names=", ".join(info.sans[:3]),
                who=who,
            ),
            detail=detail,
            facts=facts,
        )
    only_ca = problems == ["unknown-authority"] and ca_ok
    return Check(
        "tls",
        "warn" if only_ca else "fail",
        joined("; ", said),
        detail=detail,
        fix=fixes,
        sources=sources,
        lesson=LESSON_TLS,
        facts=facts,
    )


def _unknown_authority(session: Session, info: CertInfo, ca_ok: bool | None):
    if ca_ok:
        summary = Said(
            N_(
                "the certificate is signed by a CA this system does not trust; "
                "--ca {file} verifies it"
            ),
            file=session.ca_file,
        )
        fix = Said(
            N_(
                "Install {file} for every client: Docker /etc/docker/certs.d/{address}/ca.crt, "
                "containerd hosts.toml `ca`, Podman /etc/containers/certs.d/{address}/ca.crt, "
                "BuildKit [registry] ca (see the verdict)."
            ),
            file=session.ca_file,
            address=session.target.address,
        )
    else:
        # The error text itself stays as the clients print it.
        summary = "x509: certificate signed by unknown authority"
        if session.ca_file:
            summary += " " + Said(N_("(nor by --ca {file})"), file=session.ca_file)
        fix = Said(
            N_(
                "Get the CA certificate that signed the registry's certificate (for a "
                "self-signed one, the certificate itself), check it with doctor --ca FILE, "
                "then install it on every client (see the verdict)."
            )
        )
    return summary, fix, [S.DOCKER_CERTS, S.CONTAINERS_CERTS_D, S.CONTAINERD_HOSTS]


def _incomplete_chain(session: Session, info: CertInfo, ca_ok: bool | None):
    return (
        Said(
            N_(
                "incomplete chain: the server sends only its own certificate, not the "
                "intermediate that links it to a trusted root"
            )
        ),
        Said(
            N_(
                "Serve the full chain: append the intermediate certificate(s) to the server "
                "certificate file (cat domain.crt intermediate.pem > domain.crt)."
            )
        ),
        [S.DIST_DEPLOYING, S.INTERMEDIATE_CHAIN],
    )


def _expired(session: Session, info: CertInfo, ca_ok: bool | None):
    when = info.not_after.strftime("%Y-%m-%d") if info.not_after else "?"
    return (
        Said(N_("the certificate expired on {date}"), date=when),
        Said(
            N_(
                "Renew the server certificate and restart the registry (registry-advisor setup "
                "--generate-secrets makes a new one); check the clock of this machine too."
            )
        ),
        [S.DIST_DEPLOYING],
    )


def _not_yet(session: Session, info: CertInfo, ca_ok: bool | None):
    when = info.not_before.strftime("%Y-%m-%d %H:%M UTC") if info.not_before else "?"
    return (
        Said(N_("the certificate is not valid until {date}"), date=when),
        Said(N_("Check the clocks: this machine's and the one that issued the certificate.")),
        [S.DIST_DEPLOYING],
    )


def _no_san(session: Session, info: CertInfo, ca_ok: bool | None):
    return (
        Said(
            N_(
                "the certificate has no subjectAltName: Go clients (Docker, containerd, Podman) "
                "reject it with 'x509: certificate relies on legacy Common Name field'"
            )
        ),
        Said(
            N_(
                "Reissue the certificate with {name} as a subjectAltName "
                "(openssl req ... -addext 'subjectAltName = DNS:NAME' or IP:ADDRESS); "
                "registry-advisor setup --generate-secrets does this."
            ),
            name=session.target.name,
        ),
        [S.GO_COMMON_NAME, S.LEGACY_CN_ISSUE],
    )


def _mismatch(session: Session, info: CertInfo, ca_ok: bool | None):
    want = N_("an IP SAN") if session.target.family != "dns" else N_("a DNS SAN")
    return (
        Said(
            N_("the certificate is for {names}, not {name} (it needs {kind})"),
            names=", ".join(clean(s) for s in info.sans[:4]),
            name=session.target.name,
            kind=Said(want),
        ),
        Said(
            N_(
                "Reach the registry by a name the certificate carries, or reissue it with "
                "{name} in its subjectAltName."
            ),
            name=session.target.name,
        ),
        [S.GO_COMMON_NAME],
    )


_PROBLEM_TEXT = {
    "unknown-authority": _unknown_authority,
    "incomplete-chain": _incomplete_chain,
    "expired": _expired,
    "not-yet-valid": _not_yet,
    "no-san": _no_san,
    "name-mismatch": _mismatch,
}
