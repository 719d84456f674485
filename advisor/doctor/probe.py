"""The network checks: tcp, api and auth (tls is in advisor.doctor.tls), against one host.

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
from dataclasses import dataclass, field
from typing import Any

from advisor.doctor import sources as S
from advisor.doctor.certs import CertInfo
from advisor.doctor.model import Check
from advisor.doctor.target import Deadline, Target
from advisor.doctor.text import Said, clean
from advisor.doctor.wire import OutOfTime, Response, connect, no_verify_context, request, wrap
from advisor.i18n import N_

LESSON_TLS = "running-your-own-registry"
LESSON_API = "working-with-a-registry"
LESSON_KINDS = "public-private-insecure"


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


def out_of_time(check_id: str, session: Session, what: str) -> Check:
    return Check(
        check_id,
        "fail",
        Said(
            N_("out of time while {doing} (--timeout {seconds}s)"),
            doing=what,
            seconds=f"{session.deadline.total:g}",
        ),
        fix=[
            Said(N_("Try again with a longer --timeout, or check that the host answers quickly."))
        ],
        facts={check_id: "timeout"},
    )


def skipped(check_id: str, why: str) -> Check:
    return Check(check_id, "skip", Said(N_("not run: {why}"), why=why))


# --- tcp ---------------------------------------------------------------------------------


def check_tcp(session: Session) -> Check:
    from advisor.doctor.wire import resolve

    t = session.target
    try:
        addrs = resolve(t, session.deadline)
    except OutOfTime as exc:
        return out_of_time("tcp", session, str(exc))
    except OSError as exc:
        return Check(
            "tcp",
            "fail",
            Said(
                N_("{name} does not resolve ({reason})"),
                name=t.name,
                reason=clean(exc.strerror or str(exc)),
            ),
            fix=[
                Said(
                    N_(
                        "Check the spelling, and that this machine's DNS (or /etc/hosts) knows "
                        "the name; every client machine needs the same."
                    )
                )
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
            errors.append(Said(N_("{address}: no answer before the deadline"), address=shown))
            break
        except OSError as exc:
            errors.append(f"{shown}: {clean(exc.strerror or type(exc).__name__)}")
            continue
        sock.close()
        session.addr = (family, sockaddr)
        return Check(
            "tcp",
            "ok",
            Said(N_("{host} answers on {address}"), host=t.netloc, address=shown),
            detail=(
                [
                    Said(N_("{name} resolves to {count} addresses"), name=t.name, count=len(addrs)),
                    *errors,
                ]
                if len(addrs) > 1
                else []
            ),
            facts={"tcp": "ok"},
        )
    refused = any("refused" in e.lower() for e in errors)
    first = errors[0] if errors else Said(N_("{host}: no address"), host=t.netloc)
    fix = Said(
        N_(
            "Check that the registry is running and listening on this address and port "
            "(Distribution's http.addr), and that no firewall drops the port."
        )
    )
    if not t.explicit_port:
        fix = fix + " " + Said(N_("No port was given, so 443 was tried."))
    return Check(
        "tcp",
        "fail",
        Said(N_("nothing answers: {first}"), first=first),
        detail=errors[1:],
        fix=[fix],
        facts={"tcp": "refused" if refused else "timeout"},
    )


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
        return out_of_time("api", session, Said(N_("asking GET /v2/")))
    except (OSError, ValueError) as exc:
        return Check(
            "api",
            "fail",
            Said(N_("GET /v2/ got no HTTP answer ({reason})"), reason=clean(str(exc))[:120]),
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
        detail.append(Said(N_("looks like {family}"), family=family))
    if response.status in (200, 401) and version:
        return Check(
            "api",
            "ok",
            Said(
                N_("registry API answers ({version}, HTTP {status})"),
                version=clean(version)[:40],
                status=response.status,
            )
            + (f"; {family}" if family else ""),
            detail=detail,
            facts={"api": "ok", "family": family},
        )
    if response.status in (200, 401):
        return Check(
            "api",
            "warn",
            Said(
                N_("/v2/ answers {status} but without the Docker-Distribution-API-Version header"),
                status=response.status,
            ),
            detail=detail,
            fix=[
                Said(
                    N_(
                        "A proxy in front of the registry may drop the header; Distribution's "
                        "docs ask proxies to pass Docker-Distribution-Api-Version: registry/2.0 "
                        "on /v2/."
                    )
                )
            ],
            sources=[S.DIST_DEPLOYING, S.DIST_NGINX],
            facts={"api": "no-version-header", "family": family},
        )
    return Check(
        "api",
        "fail",
        Said(
            N_("not a registry: GET /v2/ answers {status} {reason}"),
            status=response.status,
            reason=clean(response.reason)[:40],
        ),
        detail=detail,
        fix=[
            Said(
                N_(
                    "This port serves something else (a web server, a proxy's default site, a "
                    "repository manager's UI port). Find the registry's own port or path; "
                    "Nexus, for example, serves each Docker repository on its own connector "
                    "port."
                )
            )
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
            extra.append(Said(N_("--user was given but the registry asks for no login on /v2/")))
        return Check(
            "auth", "ok", Said(N_("none: /v2/ answers without a login")), detail=extra,
            facts={"auth": "none"},
        )  # fmt: skip
    challenge = v2.header("www-authenticate")
    if not challenge:
        return Check(
            "auth",
            "warn",
            Said(N_("401 without a WWW-Authenticate header: clients cannot tell how to log in")),
            fix=[Said(N_("A proxy may strip the header; pass it through from the registry."))],
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
        summary = Said(
            N_("Bearer: token from {realm}, service {service}"),
            realm=clean(realm)[:80],
            service=service,
        )
        facts = {"auth": "bearer"}
    else:
        return Check(
            "auth",
            "warn",
            Said(N_("unknown scheme {scheme}"), scheme=clean(scheme)[:20]),
            facts={"auth": scheme},
        )
    detail = [f"WWW-Authenticate: {clean(challenge)[:200]}"]
    if session.scheme == "http" and not session.target.is_loopback:
        detail.append(
            Said(N_("a login over plain HTTP sends the password readable by anyone on the path"))
        )
    if session.user is None or session.password is None:
        detail.append(Said(N_("give --user NAME --password-stdin to test a login")))
        return Check("auth", "ok", summary, detail=detail, facts=facts)
    if session.scheme == "http" and not session.target.is_loopback:
        return Check(
            "auth",
            "warn",
            summary
            + "; "
            + Said(N_("credentials not tested: doctor does not send a password over plain HTTP")),
            detail=detail,
            sources=["https://github.com/docker/login-action/issues/53"],
            facts=facts,
        )
    try:
        good = _try_login(session, scheme, params, detail)
    except OutOfTime:
        return out_of_time("auth", session, Said(N_("testing the login")))
    except (OSError, ValueError) as exc:
        untested = Said(N_("login not tested ({reason})"), reason=clean(str(exc))[:80])
        return Check("auth", "warn", summary + "; " + untested, detail=detail, facts=facts)
    if good is None:
        untested = Said(N_("login not tested"))
        return Check("auth", "warn", summary + "; " + untested, detail=detail, facts=facts)
    facts["credentials"] = "valid" if good else "invalid"
    if good:
        works = Said(N_("the login for {user} works"), user=clean(session.user))
        return Check("auth", "ok", summary + "; " + works, detail=detail, facts=facts)
    return Check(
        "auth",
        "fail",
        summary
        + "; "
        + Said(N_("the registry rejects the login for {user}"), user=clean(session.user)),
        detail=detail,
        fix=[
            Said(
                N_(
                    "Check the user name and password (read from stdin without a trailing "
                    "newline issue). For Distribution's htpasswd backend every entry must be a "
                    "bcrypt hash (htpasswd -B); other schemes are refused."
                )
            )
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
