"""The network checks: tcp, tls, api and auth, in that order, against one host only.

Each check takes the shared Session and returns a Check; a check that cannot run because
an earlier one failed is "skip". The password lives only in Session.password and goes only
into an Authorization header sent to the given host (never over plain HTTP to another
machine than this one); no message, detail or exception text includes it.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import ssl
from dataclasses import dataclass, field
from typing import Any

from advisor.doctor import sources as S
from advisor.doctor.certs import CertInfo, cert_info, describe_dates, name_matches
from advisor.doctor.certs import validity_problem as _validity
from advisor.doctor.model import Check
from advisor.doctor.target import Deadline, Target
from advisor.doctor.text import clean
from advisor.doctor.wire import OutOfTime, Response, connect, no_verify_context, request, wrap

LESSON_TLS = "running-your-own-registry"
LESSON_API = "working-with-a-registry"
LESSON_KINDS = "public-private-insecure"

# OpenSSL verify codes (include/openssl/x509_vfy.h) that mean "no trusted issuer".
_UNTRUSTED = {2, 18, 19, 20, 21}
_EXPIRED, _NOT_YET = 10, 9


@dataclass
class Session:
    """What the checks share: the target, the deadline, the options, what was learnt."""

    target: Target
    deadline: Deadline
    ca_file: str | None = None
    user: str | None = None
    password: str | None = None
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    addr: tuple | None = None  # (family, sockaddr) that answered
    scheme: str | None = None  # "https" | "http"
    cert: CertInfo | None = None
    v2: Response | None = None

    def open(self) -> Any:
        """A new connection to the address that answered, TLS-wrapped (no verification)
        when the registry speaks HTTPS."""
        assert self.addr is not None
        sock = connect(*self.addr, self.deadline)
        if self.scheme == "https":
            return wrap(sock, no_verify_context(), self.target, self.deadline)
        return sock

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        default = 443 if self.scheme == "https" else 80
        t = self.target
        host = t.hostpart if t.port == default else t.netloc  # as clients write it
        return request(self.open(), t, self.deadline, path, headers, host_header=host)


def _out_of_time(check_id: str, session: Session, what: str) -> Check:
    return Check(
        check_id,
        "fail",
        f"out of time while {what} (--timeout {session.deadline.total:g}s)",
        fix=["Try again with a longer --timeout, or check that the host answers quickly."],
        facts={check_id: "timeout"},
    )


def skipped(check_id: str, why: str) -> Check:
    return Check(check_id, "skip", f"not run: {why}")


# --- tcp ---------------------------------------------------------------------------------


def check_tcp(session: Session) -> Check:
    from advisor.doctor.wire import resolve

    t = session.target
    try:
        addrs = resolve(t, session.deadline)
    except OutOfTime as exc:
        return _out_of_time("tcp", session, str(exc))
    except OSError as exc:
        return Check(
            "tcp",
            "fail",
            f"{t.name} does not resolve ({clean(exc.strerror or str(exc))})",
            fix=[
                "Check the spelling, and that this machine's DNS (or /etc/hosts) knows the "
                "name; every client machine needs the same."
            ],
            facts={"tcp": "no-such-host"},
        )
    errors: list[str] = []
    for family, sockaddr in addrs:
        shown = (
            f"[{sockaddr[0]}]:{sockaddr[1]}"
            if ":" in sockaddr[0]
            else f"{sockaddr[0]}:{sockaddr[1]}"
        )
        try:
            sock = connect(family, sockaddr, session.deadline)
        except OutOfTime:
            errors.append(f"{shown}: no answer before the deadline")
            break
        except OSError as exc:
            errors.append(f"{shown}: {clean(exc.strerror or type(exc).__name__)}")
            continue
        sock.close()
        session.addr = (family, sockaddr)
        return Check(
            "tcp",
            "ok",
            f"{t.netloc} answers on {shown}",
            detail=(
                [f"{t.name} resolves to {len(addrs)} addresses", *errors] if len(addrs) > 1 else []
            ),
            facts={"tcp": "ok"},
        )
    refused = any("refused" in e.lower() for e in errors)
    first = errors[0] if errors else f"{t.netloc}: no address"
    return Check(
        "tcp",
        "fail",
        f"nothing answers: {first}",
        detail=errors[1:],
        fix=[
            "Check that the registry is running and listening on this address and port "
            "(Distribution's http.addr), and that no firewall drops the port."
            + ("" if t.explicit_port else " No port was given, so 443 was tried.")
        ],
        facts={"tcp": "refused" if refused else "timeout"},
    )


# --- tls ---------------------------------------------------------------------------------


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
        return _out_of_time("tls", session, "the TLS handshake")
    except (ssl.SSLError, OSError) as exc:
        if _speaks_plain_http(session):
            session.scheme = "http"
            return Check(
                "tls",
                "warn",
                "no TLS: the registry answers plain HTTP only",
                detail=[
                    f"a TLS handshake with {t.netloc} failed and a plain HTTP request got an "
                    "HTTP answer",
                    "clients try HTTPS first and stop with 'server gave HTTP response to "
                    "HTTPS client' unless this host is configured as insecure on each of them",
                ],
                fix=[
                    "Either list the registry as insecure on every client (see the client "
                    "check and the verdict), or serve TLS: registry-advisor setup --setup "
                    "private --generate-secrets writes a CA and a certificate for it."
                ],
                sources=[S.DIST_INSECURE, S.DAEMON_WRONG_HOST],
                lesson=LESSON_KINDS,
                facts={"tls": "plain-http", "tls_problems": ["plain-http"]},
            )
        if session.deadline.expired:
            return _out_of_time("tls", session, "the TLS handshake")
        return Check(
            "tls",
            "fail",
            f"the TLS handshake failed: {clean(str(exc))[:160]}",
            fix=["Check that this port serves the registry (not another TLS service)."],
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
        return _tls_broken(f"the server's certificate cannot be read ({clean(exc)[:100]})")
    session.cert = info
    try:
        return _judge_certificate(session, info, chain_len)
    except OutOfTime:
        return _out_of_time("tls", session, "verifying the certificate")
    except OSError as exc:
        if session.deadline.expired:
            return _out_of_time("tls", session, "verifying the certificate")
        return _tls_broken(f"verifying the certificate failed: {clean(exc)[:120]}")


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
        f"issuer: {clean(info.issuer)}{' (self-signed)' if info.self_signed else ''}",
        describe_dates(info),
    ]
    if chain_len is not None:
        detail.append(f"the server sends {chain_len} certificate(s)")
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
        detail.append(f"system trust store: {sys_msg}")
    if session.ca_file:
        verdict = "verifies the chain" if ca_ok else "does not verify the chain"
        detail.append(f"--ca {session.ca_file}: {verdict}")
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
        who = "the system trust store" if sys_ok else f"--ca {session.ca_file}"
        return Check(
            "tls",
            "ok",
            f"HTTPS works: certificate for {', '.join(info.sans[:3])}, trusted through {who}",
            detail=detail,
            facts=facts,
        )
    only_ca = problems == ["unknown-authority"] and ca_ok
    return Check(
        "tls",
        "warn" if only_ca else "fail",
        "; ".join(said),
        detail=detail,
        fix=fixes,
        sources=sources,
        lesson=LESSON_TLS,
        facts=facts,
    )


def _unknown_authority(session: Session, info: CertInfo, ca_ok: bool | None):
    if ca_ok:
        summary = (
            f"the certificate is signed by a CA this system does not trust; --ca "
            f"{session.ca_file} verifies it"
        )
        fix = (
            f"Install {session.ca_file} for every client: Docker "
            f"/etc/docker/certs.d/{session.target.address}/ca.crt, containerd hosts.toml "
            f"`ca`, Podman /etc/containers/certs.d/{session.target.address}/ca.crt, BuildKit "
            "[registry] ca (see the verdict)."
        )
    else:
        tried = f" (nor by --ca {session.ca_file})" if session.ca_file else ""
        summary = f"x509: certificate signed by unknown authority{tried}"
        fix = (
            "Get the CA certificate that signed the registry's certificate (for a "
            "self-signed one, the certificate itself), check it with doctor --ca FILE, "
            "then install it on every client (see the verdict)."
        )
    return summary, fix, [S.DOCKER_CERTS, S.CONTAINERS_CERTS_D, S.CONTAINERD_HOSTS]


def _incomplete_chain(session: Session, info: CertInfo, ca_ok: bool | None):
    return (
        "incomplete chain: the server sends only its own certificate, not the intermediate "
        "that links it to a trusted root",
        "Serve the full chain: append the intermediate certificate(s) to the server "
        "certificate file (cat domain.crt intermediate.pem > domain.crt).",
        [S.DIST_DEPLOYING, S.INTERMEDIATE_CHAIN],
    )


def _expired(session: Session, info: CertInfo, ca_ok: bool | None):
    when = info.not_after.strftime("%Y-%m-%d") if info.not_after else "?"
    return (
        f"the certificate expired on {when}",
        "Renew the server certificate and restart the registry (registry-advisor setup "
        "--generate-secrets makes a new one); check the clock of this machine too.",
        [S.DIST_DEPLOYING],
    )


def _not_yet(session: Session, info: CertInfo, ca_ok: bool | None):
    when = info.not_before.strftime("%Y-%m-%d %H:%M UTC") if info.not_before else "?"
    return (
        f"the certificate is not valid until {when}",
        "Check the clocks: this machine's and the one that issued the certificate.",
        [S.DIST_DEPLOYING],
    )


def _no_san(session: Session, info: CertInfo, ca_ok: bool | None):
    return (
        "the certificate has no subjectAltName: Go clients (Docker, containerd, Podman) "
        "reject it with 'x509: certificate relies on legacy Common Name field'",
        f"Reissue the certificate with {session.target.name} as a subjectAltName "
        "(openssl req ... -addext 'subjectAltName = DNS:NAME' or IP:ADDRESS); "
        "registry-advisor setup --generate-secrets does this.",
        [S.GO_COMMON_NAME, S.LEGACY_CN_ISSUE],
    )


def _mismatch(session: Session, info: CertInfo, ca_ok: bool | None):
    want = "an IP SAN" if session.target.family != "dns" else "a DNS SAN"
    return (
        f"the certificate is for {', '.join(clean(s) for s in info.sans[:4])}, not "
        f"{session.target.name} (it needs {want})",
        f"Reach the registry by a name the certificate carries, or reissue it with "
        f"{session.target.name} in its subjectAltName.",
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


# --- api ---------------------------------------------------------------------------------

# (header, substring, family): hints a registry gives about what it is.
_FAMILY_HINTS = (
    ("www-authenticate", 'service="harbor-registry"', "Harbor"),
    ("www-authenticate", 'service="container_registry"', "GitLab Container Registry"),
    ("www-authenticate", 'service="registry.docker.io"', "Docker Hub"),
    ("www-authenticate", "ghcr.io/token", "GitHub Container Registry"),
    ("www-authenticate", "quay", "Quay"),
    ("www-authenticate", ".dkr.ecr.", "Amazon ECR"),
    ("x-jfrog-version", "", "JFrog Artifactory"),
    ("x-artifactory-id", "", "JFrog Artifactory"),
    ("server", "nexus", "Sonatype Nexus"),
)


def family_of(response: Response) -> str | None:
    for header, needle, family in _FAMILY_HINTS:
        for value in response.headers.get(header, []):
            if needle in value.lower():
                return family
    return None


def check_api(session: Session) -> Check:
    try:
        response = session.get("/v2/")
    except OutOfTime:
        return _out_of_time("api", session, "asking GET /v2/")
    except (OSError, ValueError) as exc:
        return Check(
            "api",
            "fail",
            f"GET /v2/ got no HTTP answer ({clean(str(exc))[:120]})",
            facts={"api": "no-answer"},
        )
    session.v2 = response
    version = response.header("docker-distribution-api-version")
    server = response.header("server")
    detail = [f"GET {session.scheme}://{session.target.netloc}/v2/ -> {response.status}"]
    if server:
        detail.append(f"Server: {clean(server)[:80]}")
    family = family_of(response)
    if family:
        detail.append(f"looks like {family}")
    if response.status in (200, 401) and version:
        return Check(
            "api",
            "ok",
            f"registry API answers ({clean(version)[:40]}, HTTP {response.status})"
            + (f"; {family}" if family else ""),
            detail=detail,
            facts={"api": "ok", "family": family},
        )
    if response.status in (200, 401):
        return Check(
            "api",
            "warn",
            f"/v2/ answers {response.status} but without the Docker-Distribution-API-Version "
            "header",
            detail=detail,
            fix=[
                "A proxy in front of the registry may drop the header; Distribution's docs "
                "ask proxies to pass Docker-Distribution-Api-Version: registry/2.0 on /v2/."
            ],
            sources=[S.DIST_DEPLOYING],
            facts={"api": "no-version-header", "family": family},
        )
    return Check(
        "api",
        "fail",
        f"not a registry: GET /v2/ answers {response.status} {clean(response.reason)[:40]}",
        detail=detail,
        fix=[
            "This port serves something else (a web server, a proxy's default site, a "
            "repository manager's UI port). Find the registry's own port or path; Nexus, "
            "for example, serves each Docker repository on its own connector port."
        ],
        sources=[S.OCI_DIST_SPEC],
        lesson=LESSON_API,
        facts={"api": "not-a-registry"},
    )


# --- auth --------------------------------------------------------------------------------

_PARAM = re.compile(r'([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))')


def parse_challenge(header: str) -> tuple[str, dict[str, str]]:
    """'Bearer realm="...",service="..."' -> ("bearer", {"realm": ..., "service": ...})."""
    scheme, _, rest = header.strip().partition(" ")
    params = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
              for m in _PARAM.finditer(rest)}  # fmt: skip
    return scheme.lower(), params


def check_auth(session: Session) -> Check:
    v2 = session.v2
    assert v2 is not None
    if v2.status == 200:
        extra = []
        if session.user:
            extra.append("--user was given but the registry asks for no login on /v2/")
        return Check(
            "auth", "ok", "none: /v2/ answers without a login", detail=extra,
            facts={"auth": "none"},
        )  # fmt: skip
    challenge = v2.header("www-authenticate")
    if not challenge:
        return Check(
            "auth",
            "warn",
            "401 without a WWW-Authenticate header: clients cannot tell how to log in",
            fix=["A proxy may strip the header; pass it through from the registry."],
            sources=[S.DIST_TOKEN],
            facts={"auth": "no-challenge"},
        )
    scheme, params = parse_challenge(challenge)
    realm = params.get("realm", "")
    if scheme == "basic":
        summary = f'Basic (realm "{clean(realm)[:60]}")'
        facts: dict[str, Any] = {"auth": "basic"}
    elif scheme == "bearer":
        service = clean(params.get("service", "?"))[:60]
        summary = f"Bearer: token from {clean(realm)[:80]}, service {service}"
        facts = {"auth": "bearer"}
    else:
        return Check("auth", "warn", f"unknown scheme {clean(scheme)[:20]}", facts={"auth": scheme})
    detail = [f"WWW-Authenticate: {clean(challenge)[:200]}"]
    if session.scheme == "http" and not session.target.is_loopback:
        detail.append("a login over plain HTTP sends the password readable by anyone on the path")
    if session.user is None or session.password is None:
        detail.append("give --user NAME --password-stdin to test a login")
        return Check("auth", "ok", summary, detail=detail, facts=facts)
    if session.scheme == "http" and not session.target.is_loopback:
        return Check(
            "auth",
            "warn",
            summary + "; credentials not tested: doctor does not send a password over plain HTTP",
            detail=detail,
            sources=["https://github.com/docker/login-action/issues/53"],
            facts=facts,
        )
    try:
        good = _try_login(session, scheme, params, detail)
    except OutOfTime:
        return _out_of_time("auth", session, "testing the login")
    except (OSError, ValueError) as exc:
        return Check("auth", "warn", summary + f"; login not tested ({clean(str(exc))[:80]})",
                     detail=detail, facts=facts)  # fmt: skip
    if good is None:
        return Check("auth", "warn", summary + "; login not tested", detail=detail, facts=facts)
    facts["credentials"] = "valid" if good else "invalid"
    if good:
        return Check("auth", "ok", summary + f"; the login for {clean(session.user)} works",
                     detail=detail, facts=facts)  # fmt: skip
    return Check(
        "auth",
        "fail",
        summary + f"; the registry rejects the login for {clean(session.user)}",
        detail=detail,
        fix=[
            "Check the user name and password (read from stdin without a trailing newline "
            "issue). For Distribution's htpasswd backend every entry must be a bcrypt hash "
            "(htpasswd -B); other schemes are refused."
        ],
        sources=[S.DIST_DEPLOYING],
        lesson=LESSON_API,
        facts=facts,
    )


def _basic(session: Session) -> str:
    raw = f"{session.user}:{session.password}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def _try_login(
    session: Session, scheme: str, params: dict[str, str], detail: list[str]
) -> bool | None:
    """True/False when the registry accepts/rejects the credentials, None if untestable."""
    if scheme == "basic":
        return session.get("/v2/", {"Authorization": _basic(session)}).status == 200
    from urllib.parse import urlencode, urlsplit

    realm = urlsplit(params.get("realm", ""))
    t = session.target
    port = realm.port or (443 if realm.scheme == "https" else 80)
    host = (realm.hostname or "").lower()
    if host != t.name.lower() or port != t.port or realm.scheme != session.scheme:
        detail.append(
            f"the token endpoint is on {clean(realm.netloc)[:80]}, not {t.netloc}: doctor "
            "contacts only the given host, so the login was not tested"
        )
        return None
    query = {"account": session.user or ""}
    if "service" in params:
        query["service"] = params["service"]
    path = (realm.path or "/") + "?" + urlencode(query)
    token_resp = session.get(path, {"Authorization": _basic(session)})
    if token_resp.status != 200:
        detail.append(f"token endpoint answered {token_resp.status}")
        return False
    try:
        doc = json.loads(token_resp.body.decode("utf-8"))
        token = doc.get("token") or doc.get("access_token")
    except (ValueError, AttributeError):
        token = None
    if not token:
        detail.append("token endpoint answered 200 without a token")
        return False
    return session.get("/v2/", {"Authorization": f"Bearer {token}"}).status == 200
