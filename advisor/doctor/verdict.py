"""The verdict: which client will fail against this registry, why, and the lines that fix it.

The fix lines are the ones `registry-advisor setup` writes (advisor.setup.emit's client
config emitters), so doctor and setup never disagree about a file's format.
"""

from __future__ import annotations

import shlex
from typing import Any

from advisor.doctor import sources as S
from advisor.doctor.clients import ClientConfig
from advisor.doctor.model import Check, ClientVerdict, Verdict, worst
from advisor.doctor.target import Target
from advisor.doctor.text import Said, joined
from advisor.i18n import N_

TRUST = ("unknown-authority",)
SERVER_SIDE = {
    "incomplete-chain": "x509: certificate signed by unknown authority (the server omits "
    "the intermediate certificate)",
    "expired": "x509: certificate has expired or is not yet valid",
    "not-yet-valid": "x509: certificate has expired or is not yet valid",
    "no-san": "x509: certificate relies on legacy Common Name field, use SANs instead",
    "name-mismatch": "x509: certificate is valid for other names",
}
NAMES = {"docker": "Docker", "containerd": "containerd", "podman": "Podman/skopeo",
         "buildkit": "BuildKit"}  # fmt: skip


def _plan(target: Target, setup: str) -> Any:
    from advisor.setup.host import Host
    from advisor.setup.plan import Plan, profile_for

    host = Host(target.name, target.port if target.explicit_port else None, target.family)
    return Plan(
        setup=setup, profile=profile_for("distribution"), kind="server", host=host, ci="none"
    )


def _insecure_lines(client: str, target: Target) -> tuple[str, str]:
    from advisor.setup import emit
    from advisor.setup.recipes import load_recipes

    a = target.address
    plan = _plan(target, "insecure")
    if client == "docker":
        return "/etc/docker/daemon.json (merge, then restart dockerd)", emit.daemon_json(plan)
    where, emitter = {
        "containerd": (f"/etc/containerd/certs.d/{a}/hosts.toml", emit.hosts_toml),
        "podman": (
            "/etc/containers/registries.conf.d/50-registry-advisor.conf",
            emit.registries_conf,
        ),
        "buildkit": (
            "buildkitd.toml (docker buildx create --buildkitd-config FILE)",
            emit.buildkitd_toml,
        ),
    }[client]
    return where, emitter(plan, load_recipes())


def _ca_lines(client: str, target: Target, ca_file: str | None) -> tuple[str, str]:
    from advisor.setup import emit
    from advisor.setup.recipes import load_recipes

    a = target.address
    src = shlex.quote(ca_file) if ca_file else "CA.crt"
    if client in ("docker", "podman"):
        base = "/etc/docker/certs.d" if client == "docker" else "/etc/containers/certs.d"
        dest = f"{base}/{a}"
        return f"{dest}/ca.crt", (
            f"mkdir -p {shlex.quote(dest)} && cp {src} {shlex.quote(dest + '/ca.crt')}\n"
        )
    plan = _plan(target, "private")
    if client == "containerd":
        return (
            f"/etc/containerd/certs.d/{a}/hosts.toml (with ca.crt beside it)",
            emit.hosts_toml(plan, load_recipes()),
        )
    return "buildkitd.toml (copy ca.crt into the builder)", emit.buildkitd_toml(
        plan, load_recipes()
    )


def _judge(
    cfg: ClientConfig, facts: dict[str, Any], target: Target, ca_file: str | None,
    ca_verified: dict[str, bool],
) -> ClientVerdict:  # fmt: skip
    name = NAMES[cfg.client]
    problems: list[str] = facts.get("tls_problems") or []
    mistakes = joined("; ", cfg.problems)
    if "plain-http" in problems:
        if cfg.http:
            return ClientVerdict(cfg.client, "warn" if mistakes else "ok",
                                 Said(N_("{client} is set to use plain HTTP for {address}"),
                                      client=name, address=target.address)
                                 + ("; " + Said(N_("but {problems}"), problems=mistakes)
                                    if mistakes else ""))  # fmt: skip
        file, lines = _insecure_lines(cfg.client, target)
        return ClientVerdict(
            cfg.client,
            "fail",
            Said(
                N_(
                    "{client} will try HTTPS and stop with 'http: server gave HTTP response to "
                    "HTTPS client': nothing here lists {address} as insecure"
                ),
                client=name,
                address=target.address,
            )
            + (f" ({mistakes})" if mistakes else ""),
            file,
            lines,
        )
    server_side = [p for p in problems if p in SERVER_SIDE]
    if server_side:
        error = SERVER_SIDE[server_side[0]]
        if cfg.skip_verify:
            return ClientVerdict(cfg.client, "warn",
                                 Said(N_("{client} works only because it skips TLS "
                                         "verification for this host; fix the certificate "
                                         "({error})"), client=name, error=error))  # fmt: skip
        return ClientVerdict(cfg.client, "fail",
                             Said(N_("{client} will stop with '{error}': fix it on the server "
                                     "(see the tls check)"), client=name, error=error))  # fmt: skip
    if any(p in TRUST for p in problems):
        if cfg.skip_verify:
            return ClientVerdict(cfg.client, "warn",
                                 Said(N_("{client} skips TLS verification for this host; "
                                         "installing the CA is safer"), client=name))  # fmt: skip
        if ca_verified.get(cfg.client):
            return ClientVerdict(cfg.client, "ok",
                                 Said(N_("{client} has a CA file for {address} that verifies "
                                         "the server"), client=name,
                                      address=target.address))  # fmt: skip
        file, lines = _ca_lines(cfg.client, target, ca_file)
        why = (
            Said(N_("its CA file for this host does not verify the server"))
            if cfg.ca_files
            else Said(N_("it has no CA for {address}"), address=target.address)
        )
        return ClientVerdict(
            cfg.client,
            "fail",
            Said(
                N_(
                    "{client} will stop with 'x509: certificate signed by unknown authority': {why}"
                ),
                client=name,
                why=why,
            ),
            file,
            lines,
        )
    if mistakes:
        return ClientVerdict(cfg.client, "warn", f"{name}: {mistakes}")
    return ClientVerdict(
        cfg.client, "ok", Said(N_("{client} will work ({how})"), client=name, how=cfg.describe())
    )


def client_check(
    configs: list[ClientConfig], facts: dict[str, Any], target: Target, ca_file: str | None,
    ca_verified: dict[str, bool], *, reachable: bool = True,
) -> tuple[Check, list[ClientVerdict]]:  # fmt: skip
    """The `client` check (what each client is set to do) and each client's verdict.

    When the registry could not be reached, only the settings are reported: no verdicts.
    """
    verdicts = [_judge(c, facts, target, ca_file, ca_verified) for c in configs]
    detail: list[str] = []
    statuses: list[str] = []
    check_facts: dict[str, Any] = {f"{c.client}_problems": bool(c.problems) for c in configs}
    for cfg, v in zip(configs, verdicts, strict=True):
        detail.append(NAMES[cfg.client] + ": " + cfg.describe())
        detail += ["  " + note for note in cfg.notes]
        detail += ["  " + Said(N_("problem: {problem}"), problem=p) for p in cfg.problems]
        # "looked at" starts these lines in English, which the text report hides unless
        # --verbose (advisor.doctor.render); a Said keeps that English text.
        detail += ["  " + Said(N_("looked at {path}"), path=where) for where in cfg.looked]
        if not reachable:
            statuses.append("warn" if cfg.problems else "ok")
        elif v.status == "fail" and not cfg.found_any:
            statuses.append("warn")  # no config of it here: maybe not used on this machine
        else:
            statuses.append(v.status)
    if not reachable:
        verdicts = []
    else:
        check_facts.update({f"{v.client}_ok": v.status != "fail" for v in verdicts})
        check_facts["some_client_fails"] = any(v.status == "fail" for v in verdicts)
    detail.append(
        Said(
            N_(
                "not opened: files that can hold credentials (~/.docker/config.json, "
                "containers auth.json, k3s registries.yaml)"
            )
        )
    )
    failing = [NAMES[v.client] for v in verdicts if v.status == "fail"]
    summary = (
        joined("; ", [NAMES[c.client] + ": " + c.short() for c in configs])
        if not failing
        else Said(N_("not set up for this registry: {clients}"), clients=", ".join(failing))
    )
    check = Check(
        "client",
        worst(statuses),
        summary,
        detail=detail,
        fix=(
            [
                Said(
                    N_("the verdict below gives the lines to add for {clients}"),
                    clients=", ".join(failing),
                )
            ]
            if failing
            else []
        ),
        sources=[
            S.DOCKER_DAEMON,
            S.DOCKER_CERTS,
            S.CONTAINERD_HOSTS,
            S.REGISTRIES_CONF,
            S.CONTAINERS_CERTS_D,
            S.BUILDKIT_TOML,
            S.BUILDX_IGNORES_DAEMON,
        ],  # fmt: skip
        lesson="running-your-own-registry",
        facts=check_facts,
    )
    return check, verdicts


def make_verdict(checks: list[Check], clients: list[ClientVerdict]) -> Verdict:
    """Sum up: the registry's own failures first, then which clients fail."""
    blocking = [c for c in checks if c.id in ("tcp", "tls", "api") and c.status == "fail"]
    if blocking and not clients:
        first = blocking[0]
        summary = Said(
            N_("every client will fail: {check}: {summary}"), check=first.id, summary=first.summary
        )
        return Verdict("fail", summary, [])
    failing = [NAMES[v.client] for v in clients if v.status == "fail"]
    server_fail = [c for c in checks if c.id != "client" and c.status == "fail"]
    if failing:
        summary = Said(
            N_("{clients} will fail against this registry; the lines below fix them"),
            clients=", ".join(failing),
        )
    elif server_fail:
        summary = Said(
            N_("the registry has a problem: {check}: {summary}"),
            check=server_fail[0].id,
            summary=server_fail[0].summary,
        )
    else:
        summary = Said(N_("every client checked will work with this registry"))
    status = worst([*(v.status for v in clients), *(c.status for c in server_fail)])
    return Verdict(status, summary, clients)
