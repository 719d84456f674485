"""Setup bundles: the files that set up a chosen registry, as {relative path: (content, mode)}.

Pure: nothing here reads or writes files, prints, or asks. `make_plan` checks the choice
(setup type, registry, host, CI) and raises UsageError for what cannot work;
`build_bundle` turns a plan, plus any secrets the caller generated (`advisor.setup.secrets`),
into file contents. The command `registry-advisor setup` writes them with
`write_tree_atomic`.

Three kinds of bundle:

- ``server``: CNCF Distribution serves the registry. A Distribution config and a Compose
  file, client configs, and a README. Insecure = plain HTTP; private and public = TLS with
  an internal CA and htpasswd auth.
- ``self-hosted``: another product you run (Harbor, zot, Nexus, Quay, Artifactory, GitLab
  self-managed). We do not install it: the README points to the vendor's documentation,
  and the bundle carries the client side (trust, insecure-registry settings, login, CI).
  Distribution is set up as the server only when it is the chosen registry; to rehearse
  with a stand-in, choose ``--registry distribution``.
- ``hosted``: a service someone else runs (Docker Hub, ECR, Artifact Registry, ACR, GHCR,
  GitLab.com, quay.io, JFrog cloud). The README gives its login flow and a CI snippet.

Every config the bundle writes is documented in /work/shared/research/field-notes.md
sections 2 and 3, with the sources repeated in the README. Flows our notes could not
confirm are marked "unconfirmed" in the output.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from advisor.errors import UsageError, did_you_mean

SETUPS = ("public", "private", "insecure")
CI_CHOICES = ("github-actions", "gitlab-ci", "jenkins", "other", "none")
DEFAULT_PORT = 5000
FILE_MODE = 0o644
SCRIPT_MODE = 0o755
SECRET_MODE = 0o600

# Paths inside the registry container (registry:3); the Compose file mounts the bundle there.
CONTAINER_CONFIG = "/etc/distribution/config.yml"
CONTAINER_CONFIG_V2 = "/etc/docker/registry/config.yml"
CONTAINER_DATA = "/var/lib/registry"
CONTAINER_CERT = "/certs/domain.crt"
CONTAINER_KEY = "/certs/domain.key"
CONTAINER_HTPASSWD = "/auth/htpasswd"
HTPASSWD_REALM = "Registry Realm"

SRC_DEPLOYING = (
    "https://github.com/distribution/distribution/blob/main/docs/content/about/deploying.md"
)
SRC_INSECURE = (
    "https://github.com/distribution/distribution/blob/main/docs/content/about/insecure.md"
)
SRC_CONFIG = (
    "https://github.com/distribution/distribution/blob/main/docs/content/about/configuration.md"
)
SRC_GC = "https://github.com/distribution/distribution/blob/main/docs/content/about/garbage-collection.md"
SRC_CONTAINERD = "https://github.com/containerd/containerd/blob/main/docs/hosts.md"
SRC_PODMAN = (
    "https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/10/"
    "deploy-configuring_container_registries"
)
SRC_K3S = "https://docs.k3s.io/installation/private-registry"
SRC_K3D = "https://k3d.io/stable/usage/registries"
SRC_BUILDKIT = "https://docs.docker.com/build/buildkit/configure/"
SRC_BUILDX_ISSUE = "https://github.com/docker/buildx/issues/1642"
SRC_CIS = (
    "https://tenable.com/audits/items/"
    "CIS_Docker_v1.5.0_L1_Docker_Linux.audit:a961abd33e962a636d60a0966a3fca3c"
)
SRC_DOCKER_LOGIN_HTTP = "https://github.com/docker/login-action/issues/53"


# --- hosts ---------------------------------------------------------------------------

_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


@dataclass(frozen=True)
class Host:
    """A registry host as clients name it: a DNS name, an IPv4 address or [IPv6], and a port."""

    name: str  # without brackets
    port: int | None
    family: str  # "dns" | "ipv4" | "ipv6"

    @property
    def hostpart(self) -> str:
        return f"[{self.name}]" if self.family == "ipv6" else self.name

    @property
    def address(self) -> str:
        """What goes in image references, daemon.json, certs.d directory names."""
        return self.hostpart if self.port is None else f"{self.hostpart}:{self.port}"

    @property
    def is_loopback(self) -> bool:
        if self.family == "dns":
            return self.name.lower() == "localhost"
        return ipaddress.ip_address(self.name).is_loopback

    def with_port(self, port: int) -> Host:
        return Host(self.name, port, self.family)


def parse_host(text: str) -> Host:
    """HOST[:PORT] with HOST a DNS name, an IPv4 address or a bracketed IPv6 address."""
    raw = text.strip()
    what = f"--host '{text}'"
    if not raw:
        raise UsageError("--host must not be empty")
    if "/" in raw or "://" in raw:
        raise UsageError(f"{what}: give HOST[:PORT] only, without a scheme or a path")
    port: int | None = None
    if raw.startswith("["):
        end = raw.find("]")
        if end < 0:
            raise UsageError(f"{what}: missing ']' after the IPv6 address")
        name, rest = raw[1:end], raw[end + 1 :]
        try:
            addr = ipaddress.IPv6Address(name)
        except ValueError:
            raise UsageError(f"{what}: '{name}' is not an IPv6 address") from None
        if rest:
            if not rest.startswith(":"):
                raise UsageError(f"{what}: expected ':PORT' after ']'")
            port = _port(rest[1:], what)
        return Host(str(addr), port, "ipv6")
    if raw.count(":") > 1:
        raise UsageError(f"{what}: write an IPv6 address in brackets, e.g. [fd00::5]:5000")
    name, sep, port_text = raw.partition(":")
    if sep:
        port = _port(port_text, what)
    if re.fullmatch(r"[0-9.]+", name):
        try:
            return Host(str(ipaddress.IPv4Address(name)), port, "ipv4")
        except ValueError:
            raise UsageError(f"{what}: '{name}' is not an IPv4 address") from None
    labels = name.split(".")
    if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        hint = " (underscores are not allowed in host names)" if "_" in name else ""
        raise UsageError(f"{what}: '{name}' is not a valid host name{hint}")
    return Host(name, port, "dns")


def _port(text: str, what: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise UsageError(f"{what}: the port must be a number from 1 to 65535")
    return int(text)


# --- registries ----------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """What the bundle needs to know about one registry product."""

    id: str
    name: str
    saas: bool
    self_hostable: bool
    docs: str  # the vendor's documentation: install docs for self-hosted, else the homepage
    saas_host: str | None = None  # fixed address of the hosted service
    saas_pattern: str | None = None  # regex for addresses of the hosted service
    saas_placeholder: str | None = None  # shown when the address depends on the account
    login_confirmed: bool = True  # False: our notes could not confirm the login flow
    from_catalog: bool = False


PROFILES: dict[str, Profile] = {
    p.id: p
    for p in (
        Profile(
            "dockerhub",
            "Docker Hub",
            True,
            False,
            "https://docs.docker.com/docker-hub/",
            saas_host="docker.io",
        ),
        Profile(
            "ecr",
            "Amazon ECR",
            True,
            False,
            "https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html",
            saas_pattern=r"[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?",
            saas_placeholder="ACCOUNT_ID.dkr.ecr.REGION.amazonaws.com",
        ),
        Profile(
            "artifact-registry",
            "Google Artifact Registry",
            True,
            False,
            "https://cloud.google.com/artifact-registry/docs/docker/authentication",
            saas_pattern=r"[a-z0-9-]+-docker\.pkg\.dev",
            saas_placeholder="REGION-docker.pkg.dev",
        ),
        Profile(
            "acr",
            "Azure Container Registry",
            True,
            False,
            "https://learn.microsoft.com/azure/container-registry/",
            saas_pattern=r"[a-z0-9]+\.azurecr\.io",
            saas_placeholder="REGISTRY_NAME.azurecr.io",
        ),
        Profile(
            "ghcr",
            "GitHub Container Registry",
            True,
            False,
            "https://docs.github.com/en/packages/working-with-a-github-packages-registry/"
            "working-with-the-container-registry",
            saas_host="ghcr.io",
        ),
        Profile(
            "gitlab",
            "GitLab container registry",
            True,
            True,
            "https://docs.gitlab.com/administration/packages/container_registry/",
            saas_host="registry.gitlab.com",
        ),
        Profile(
            "quay",
            "Quay",
            True,
            True,
            "https://docs.projectquay.io/",
            saas_host="quay.io",
        ),
        Profile(
            "jfrog",
            "JFrog Artifactory",
            True,
            True,
            "https://jfrog.com/artifactory/",
            saas_pattern=r"[a-z0-9-]+\.jfrog\.io",
            saas_placeholder="SERVER.jfrog.io",
            login_confirmed=False,
        ),
        Profile("nexus", "Sonatype Nexus Repository", False, True, "https://help.sonatype.com/"),
        Profile("harbor", "Harbor", False, True, "https://goharbor.io/docs/"),
        Profile("zot", "zot", False, True, "https://zotregistry.dev/"),
        Profile(
            "distribution",
            "CNCF Distribution",
            False,
            True,
            "https://distribution.github.io/distribution/",
        ),
    )
}
KNOWN_IDS: tuple[str, ...] = tuple(PROFILES)


def profile_for(registry_id: str, catalog_entry: Any = None) -> Profile:
    """The profile of a registry id; a catalog entry adds its homepage or defines a new id.

    `catalog_entry` is duck-typed (id, name, homepage, attributes.hosting.value) so this
    module needs no pydantic.
    """
    base = PROFILES.get(registry_id)
    if catalog_entry is None:
        if base is None:
            raise UsageError(
                f"unknown registry '{registry_id}'{did_you_mean(registry_id, KNOWN_IDS)}; "
                f"known: {', '.join(KNOWN_IDS)}"
            )
        return base
    homepage = getattr(catalog_entry, "homepage", None)
    if base is not None:
        # Our install-docs links are more specific than a homepage; keep them for known ids.
        return base
    hosting = getattr(
        getattr(getattr(catalog_entry, "attributes", None), "hosting", None), "value", None
    )
    hosting = hosting if isinstance(hosting, list) else []
    return Profile(
        id=registry_id,
        name=getattr(catalog_entry, "name", registry_id),
        saas="saas" in hosting,
        self_hostable="self-hosted" in hosting,
        docs=homepage or "",
        login_confirmed=False,
        from_catalog=True,
    )


# --- the plan ------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    setup: str
    profile: Profile
    kind: str  # "server" | "self-hosted" | "hosted"
    host: Host | None  # None: a hosted registry whose address depends on the account
    ci: str
    user: str | None = None
    generate_secrets: bool = False
    reasons: tuple[str, ...] = ()

    @property
    def address(self) -> str:
        if self.host is not None:
            return self.host.address
        p = self.profile
        return p.saas_host or p.saas_placeholder or "REGISTRY_HOST"

    @property
    def needs_htpasswd(self) -> bool:
        return self.kind == "server" and self.setup != "insecure"

    @property
    def tls(self) -> bool:
        return self.kind != "hosted" and self.setup != "insecure"


def _matches_saas(profile: Profile, host: Host) -> bool:
    if profile.saas_host and host.address.lower() == profile.saas_host:
        return True
    return bool(
        profile.saas_pattern
        and host.port is None
        and re.fullmatch(profile.saas_pattern, host.name.lower())
    )


def self_hostable_ids() -> list[str]:
    return [i for i, p in PROFILES.items() if p.self_hostable]


def make_plan(
    *,
    setup: str,
    profile: Profile,
    host: str | None,
    ci: str = "none",
    user: str | None = None,
    generate_secrets: bool = False,
    reasons: Iterable[str] = (),
) -> Plan:
    """Check that the choice can work, and decide which kind of bundle it gets."""
    if setup not in SETUPS:
        raise UsageError(f"unknown setup '{setup}'{did_you_mean(setup, SETUPS)}")
    if ci not in CI_CHOICES:
        raise UsageError(
            f"unknown CI '{ci}'{did_you_mean(ci, CI_CHOICES)}; known: {', '.join(CI_CHOICES)}"
        )
    parsed = parse_host(host) if host is not None else None
    name = profile.name
    if setup == "insecure" and not profile.self_hostable:
        raise UsageError(
            f"{name} ({profile.id}) is a hosted service; an insecure (plain HTTP) setup needs "
            f"a registry you run yourself: {', '.join(self_hostable_ids())}"
        )

    if profile.id == "distribution":
        kind = "server"
    elif setup == "insecure" or not profile.saas:
        kind = "self-hosted"
    elif profile.self_hostable and parsed is not None and not _matches_saas(profile, parsed):
        kind = "self-hosted"  # e.g. GitLab self-managed, Red Hat Quay, Artifactory on-prem
    else:
        kind = "hosted"

    if kind in ("server", "self-hosted"):
        if parsed is None:
            raise UsageError(
                f"--host is required for a registry you run ({name}): the address clients "
                "use, e.g. --host registry.lan:5000"
            )
        if profile.saas and _matches_saas(profile, parsed):
            raise UsageError(
                f"{parsed.address} is the hosted {name}; plain HTTP applies only to a "
                "registry you run yourself: give your own server's address with --host"
            )
        if kind == "server" and parsed.port is None:
            parsed = parsed.with_port(DEFAULT_PORT)
    elif parsed is not None and not _matches_saas(profile, parsed):
        expected = profile.saas_host or profile.saas_placeholder
        if profile.saas_host:
            raise UsageError(
                f"{name} is always served at {profile.saas_host}; drop --host "
                f"(got '{parsed.address}')"
            )
        if expected and not profile.from_catalog:
            raise UsageError(
                f"--host '{parsed.address}' does not look like a {name} address ({expected})"
            )

    if generate_secrets:
        if kind == "hosted":
            raise UsageError(
                f"--generate-secrets makes a CA, a server certificate and an htpasswd file "
                f"for a registry you run; {name} is hosted"
            )
        if setup == "insecure":
            raise UsageError(
                "--generate-secrets makes TLS and password files, which an insecure (plain "
                "HTTP) setup does not use; choose --setup private for them"
            )
    if user is not None:
        from advisor.setup.secrets import check_user

        check_user(user)
    plan = Plan(
        setup=setup,
        profile=profile,
        kind=kind,
        host=parsed,
        ci=ci,
        user=user,
        generate_secrets=generate_secrets,
        reasons=tuple(reasons),
    )
    if generate_secrets and plan.needs_htpasswd and not user:
        raise UsageError("--generate-secrets writes an htpasswd file: give --user NAME")
    return plan


# --- small format helpers --------------------------------------------------------------


def _q(text: str) -> str:
    """A double-quoted string valid in JSON, YAML and TOML (for the ASCII we put in)."""
    return json.dumps(text)


def _gha_expr(expr: str) -> str:
    return "${{ " + expr + " }}"


# --- Distribution config and Compose ---------------------------------------------------


def _listen_addr(host: Host) -> str:
    """Where Distribution listens: only loopback for a loopback host, else every interface."""
    if host.is_loopback:
        return host.address
    return f":{host.port}"


def distribution_config(plan: Plan) -> str:
    assert plan.host is not None and plan.host.port is not None
    secure = plan.setup != "insecure"
    mode = "TLS + htpasswd" if secure else "plain HTTP, no authentication"
    lines = [
        f"# CNCF Distribution configuration: {plan.setup} registry at {plan.address} ({mode}).",
        "# Works with registry:3, registry:2 and Debian's docker-registry 2.8.",
        f"# Keys: {SRC_CONFIG}",
        "# Any key can be overridden from the environment, e.g.",
        "#   REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY=/srv/registry",
        "version: 0.1",
        "log:",
        "  level: info",
        "  fields:",
        "    service: registry",
        "storage:",
        "  filesystem:",
        f"    rootdirectory: {CONTAINER_DATA}",
        "  # Lets clients delete manifests, so that garbage-collect can free their blobs.",
        "  delete:",
        "    enabled: true",
        "  cache:",
        "    blobdescriptor: inmemory",
        "http:",
        f"  addr: {_q(_listen_addr(plan.host))}",
        "  headers:",
        "    X-Content-Type-Options: [nosniff]",
    ]
    if secure:
        lines += [
            "  tls:",
            f"    certificate: {CONTAINER_CERT}",
            f"    key: {CONTAINER_KEY}",
            "auth:",
            "  htpasswd:",
            f"    realm: {_q(HTPASSWD_REALM)}",
            f"    path: {CONTAINER_HTPASSWD}",
        ]
    lines += [
        "health:",
        "  storagedriver:",
        "    enabled: true",
        "    interval: 10s",
        "    threshold: 3",
    ]
    return "\n".join(lines) + "\n"


def compose_file(plan: Plan) -> str:
    assert plan.host is not None and plan.host.port is not None
    port = plan.host.port
    secure = plan.setup != "insecure"
    publish = f"{port}:{port}"
    env = ["      OTEL_TRACES_EXPORTER: none"]
    if plan.host.is_loopback:
        # Inside the container, loopback is the container's own: listen on all of its
        # interfaces and publish the port on the host's loopback only.
        publish = f"{plan.host.hostpart}:{port}:{port}"
        env.append(f"      REGISTRY_HTTP_ADDR: {_q(f'0.0.0.0:{port}')}")
    lines = [
        f"# Docker Compose: run the registry for {plan.address}.  docker compose up -d",
        "# registry:3 is what the current Distribution docs use. With registry:2, mount the",
        f"# config at {CONTAINER_CONFIG_V2} instead (and drop OTEL_TRACES_EXPORTER).",
        f"# Source: {SRC_DEPLOYING}",
        "services:",
        "  registry:",
        "    image: registry:3",
        "    restart: always",
        "    ports:",
        f"      - {_q(publish)}",
        "    environment:",
        "      # registry:3 exports traces to localhost:4318 unless told not to.",
        *env,
        "    volumes:",
        f"      - ./config.yml:{CONTAINER_CONFIG}:ro",
        f"      - registry-data:{CONTAINER_DATA}",
    ]
    if secure:
        lines += ["      - ../certs:/certs:ro", "      - ../auth:/auth:ro"]
    lines += ["volumes:", "  registry-data: {}"]
    return "\n".join(lines) + "\n"


# --- client configs --------------------------------------------------------------------


def daemon_json(plan: Plan) -> str:
    return json.dumps({"insecure-registries": [plan.address]}, indent=2) + "\n"


def hosts_toml(plan: Plan) -> str:
    addr = plan.address
    if plan.setup == "insecure":
        url = f"http://{addr}"
        return (
            f"# containerd: /etc/containerd/certs.d/{addr}/hosts.toml\n"
            f"# Plain HTTP to {addr}. Source: {SRC_CONTAINERD}\n"
            f"server = {_q(url)}\n\n"
            f"[host.{_q(url)}]\n"
            '  capabilities = ["pull", "resolve", "push"]\n'
        )
    url = f"https://{addr}"
    return (
        f"# containerd: /etc/containerd/certs.d/{addr}/hosts.toml, with ca.crt beside it.\n"
        f"# Source: {SRC_CONTAINERD}\n"
        f"server = {_q(url)}\n\n"
        f"[host.{_q(url)}]\n"
        '  capabilities = ["pull", "resolve", "push"]\n'
        f"  ca = {_q(f'/etc/containerd/certs.d/{addr}/ca.crt')}\n"
    )


def registries_conf(plan: Plan) -> str:
    insecure = plan.setup == "insecure"
    head = (
        "# Podman, Buildah, CRI-O, skopeo: add to /etc/containers/registries.conf, or save as\n"
        f"# /etc/containers/registries.conf.d/50-registry-advisor.conf. Source: {SRC_PODMAN}\n"
    )
    if not insecure:
        head += (
            f"# TLS is verified against /etc/containers/certs.d/{plan.address}/ca.crt;\n"
            "# this entry only states that explicitly.\n"
        )
    return (
        head
        + "[[registry]]\n"
        + f"location = {_q(plan.address)}\n"
        + f"insecure = {'true' if insecure else 'false'}\n"
    )


def k3s_registries(plan: Plan) -> str:
    addr = plan.address
    scheme = "http" if plan.setup == "insecure" else "https"
    lines = [
        "# k3s: /etc/rancher/k3s/registries.yaml on every node, servers included; then",
        f"# restart k3s. Sources: {SRC_K3S} ; {SRC_K3D}",
        "mirrors:",
        f"  {_q(addr)}:",
        "    endpoint:",
        f"      - {_q(f'{scheme}://{addr}')}",
    ]
    if scheme == "https":
        lines += [
            "configs:",
            f"  {_q(addr)}:",
            "    tls:",
            f"      ca_file: {_q(f'/etc/rancher/k3s/certs/{addr}/ca.crt')}",
            "    # Credentials go here on the node itself, never in a file you share:",
            "    # auth:",
            "    #   username: ...",
            "    #   password: ...",
        ]
    return "\n".join(lines) + "\n"


def buildkitd_toml(plan: Plan) -> str:
    addr = plan.address
    head = (
        "# BuildKit (docker buildx with the docker-container driver) ignores daemon.json.\n"
        "# docker buildx create --use --driver docker-container "
        "--buildkitd-config clients/buildkitd.toml\n"
        f"# Sources: {SRC_BUILDKIT} ; {SRC_BUILDX_ISSUE}\n"
    )
    if plan.setup == "insecure":
        return head + f"[registry.{_q(addr)}]\n  http = true\n"
    return (
        head
        + "# The CA path is inside the BuildKit container: copy ca.crt there.\n"
        + f"[registry.{_q(addr)}]\n"
        + f"  ca = [{_q(f'/etc/buildkit/certs/{addr}/ca.crt')}]\n"
    )


# --- login flows and CI ----------------------------------------------------------------


@dataclass(frozen=True)
class Secret:
    name: str
    what: str
    file: bool = False  # a file (GCP key): the variable NAME_FILE holds its path


@dataclass(frozen=True)
class Recipe:
    """How a non-interactive job logs in and where it pushes."""

    registry: str  # value of $REGISTRY
    image: str  # value of $IMAGE
    secrets: tuple[Secret, ...]
    login: tuple[str, ...]  # shell lines; use $REGISTRY, $IMAGE and the secrets' names
    tools: str = ""  # what the runner needs besides docker
    confirmed: bool = True
    ca_from_secret: bool = False  # the registry uses our internal CA
    plain_http: bool = False  # insecure setup: no login, the daemon must allow plain HTTP


_GENERIC_SECRETS = (
    Secret("REGISTRY_USER", "the registry user name"),
    Secret("REGISTRY_PASSWORD", "its password or access token"),
)
_GENERIC_LOGIN = (
    'echo "$REGISTRY_PASSWORD" | docker login "$REGISTRY" -u "$REGISTRY_USER" --password-stdin',
)


def recipe(plan: Plan) -> Recipe:
    p, addr = plan.profile, plan.address
    self_run = plan.kind != "hosted"
    if plan.setup == "insecure":
        return Recipe(addr, f"{addr}/team/app", (), (), plain_http=True)
    if p.id == "dockerhub" and not self_run:
        return Recipe(
            "docker.io",
            "docker.io/NAMESPACE/app",
            (
                Secret("DOCKERHUB_USERNAME", "your Docker ID"),
                Secret("DOCKERHUB_TOKEN", "a Docker Hub personal access token"),
            ),
            ('echo "$DOCKERHUB_TOKEN" | docker login -u "$DOCKERHUB_USERNAME" --password-stdin',),
        )
    if p.id == "ecr":
        return Recipe(
            addr,
            f"{addr}/app",
            (
                Secret("AWS_ACCESS_KEY_ID", "an IAM access key allowed to push to ECR"),
                Secret("AWS_SECRET_ACCESS_KEY", "its secret key"),
            ),
            (
                'AWS_REGION="${AWS_REGION:-$(echo "$REGISTRY" | cut -d. -f4)}"',
                'aws ecr get-login-password --region "$AWS_REGION"'
                ' | docker login --username AWS --password-stdin "$REGISTRY"',
            ),
            tools="the AWS CLI",
        )
    if p.id == "artifact-registry":
        return Recipe(
            addr,
            f"{addr}/PROJECT_ID/REPOSITORY/app",
            (
                Secret(
                    "GCP_SA_KEY",
                    "a service-account JSON key with Artifact Registry Writer",
                    file=True,
                ),
            ),
            (
                'gcloud auth activate-service-account --key-file="$GCP_SA_KEY_FILE"',
                'gcloud auth configure-docker "$REGISTRY" --quiet',
            ),
            tools="the gcloud CLI",
        )
    if p.id == "acr":
        return Recipe(
            addr,
            f"{addr}/app",
            (
                Secret("ACR_USERNAME", "a service principal's application id or a token name"),
                Secret("ACR_PASSWORD", "its secret"),
            ),
            (
                'echo "$ACR_PASSWORD" | docker login "$REGISTRY" -u "$ACR_USERNAME"'
                " --password-stdin",
            ),
            confirmed=False,
        )
    if p.id == "ghcr":
        return Recipe(
            "ghcr.io",
            "ghcr.io/OWNER/app",
            (
                Secret("GHCR_USER", "the GitHub user that owns the token"),
                Secret("CR_PAT", "a personal access token (classic) with write:packages"),
            ),
            ('echo "$CR_PAT" | docker login ghcr.io -u "$GHCR_USER" --password-stdin',),
        )
    if p.id == "gitlab":
        return Recipe(
            addr,
            f"{addr}/GROUP/PROJECT",
            (
                Secret("GITLAB_DEPLOY_USER", "a deploy token's user name"),
                Secret(
                    "GITLAB_DEPLOY_TOKEN", "the deploy token (scopes read_registry, write_registry)"
                ),
            ),
            (
                'echo "$GITLAB_DEPLOY_TOKEN" | docker login "$REGISTRY" -u "$GITLAB_DEPLOY_USER"'
                " --password-stdin",
            ),
            ca_from_secret=self_run and plan.tls,
        )
    if p.id == "quay":
        return Recipe(
            addr,
            f"{addr}/ORGANIZATION/app",
            (
                Secret("QUAY_ROBOT_USER", "the robot account, ORGANIZATION+ROBOT"),
                Secret("QUAY_ROBOT_TOKEN", "the robot account's token"),
            ),
            (
                'echo "$QUAY_ROBOT_TOKEN" | docker login "$REGISTRY" -u "$QUAY_ROBOT_USER"'
                " --password-stdin",
            ),
            ca_from_secret=self_run and plan.tls,
        )
    if p.id == "nexus":
        return Recipe(
            addr,
            f"{addr}/app",
            _GENERIC_SECRETS,
            _GENERIC_LOGIN,
            ca_from_secret=plan.tls,
        )
    if p.id == "harbor":
        return Recipe(
            addr,
            f"{addr}/PROJECT/app",
            _GENERIC_SECRETS,
            _GENERIC_LOGIN,
            ca_from_secret=plan.tls,
        )
    return Recipe(
        addr,
        f"{addr}/team/app",
        _GENERIC_SECRETS,
        _GENERIC_LOGIN,
        confirmed=p.login_confirmed or self_run,
        ca_from_secret=self_run and plan.tls,
    )


_BUILD_PUSH = ('docker build -t "$IMAGE:$TAG" .', 'docker push "$IMAGE:$TAG"')
_CA_INSTALL = (
    'sudo mkdir -p "/etc/docker/certs.d/$REGISTRY"',
    'echo "$REGISTRY_CA_CERT" | sudo tee "/etc/docker/certs.d/$REGISTRY/ca.crt" > /dev/null',
)


def _ci_header(plan: Plan, r: Recipe, comment: str) -> list[str]:
    lines = [
        f"{comment} Build an image and push it to {plan.profile.name} ({r.registry}).",
        f"{comment} Generated by registry-advisor; replace the UPPERCASE placeholders.",
    ]
    if r.login or plan.profile.id in ("ghcr", "gitlab"):
        lines.append(f"{comment} Never pass a password with -p: every login reads it from stdin.")
    if r.tools:
        lines.append(f"{comment} The runner needs Docker and {r.tools}.")
    if not r.confirmed:
        lines.append(
            f"{comment} UNCONFIRMED: our sources did not confirm this login flow; check the "
            "vendor's documentation."
        )
    if r.plain_http:
        lines += [
            f"{comment} Plain HTTP: no login (the registry has no authentication). The Docker",
            f"{comment} daemon that runs this job must list {r.registry} in insecure-registries",
            f"{comment} (clients/daemon.json); BuildKit/buildx ignores that setting.",
        ]
    return lines


def github_actions(plan: Plan, r: Recipe) -> str:
    ghcr_native = plan.profile.id == "ghcr"
    lines = _ci_header(plan, r, "#") + [
        "# Save as .github/workflows/push-image.yml.",
        "name: push-image",
        "on:",
        "  push:",
        "    branches: [main]",
        "permissions:",
        "  contents: read",
    ]
    if ghcr_native:
        lines.append("  packages: write")
    lines += [
        "jobs:",
        "  push:",
        *(
            [
                "    # A runner inside the registry's network, with clients/daemon.json applied.",
                "    runs-on: [self-hosted]",
            ]
            if r.plain_http
            else ["    runs-on: ubuntu-latest"]
        ),
        "    env:",
        f"      REGISTRY: {_q(r.registry)}",
        f"      IMAGE: {_q(r.image)}",
        "      TAG: " + _q(_gha_expr("github.sha")),
        "    steps:",
        "      - uses: actions/checkout@v4",
    ]
    if r.ca_from_secret:
        lines += [
            "      - name: Trust the registry's CA",
            "        env:",
            "          REGISTRY_CA_CERT: " + _q(_gha_expr("secrets.REGISTRY_CA_CERT")),
            "        run: |",
            *(f"          {line}" for line in _CA_INSTALL),
        ]
    if ghcr_native:
        # Documented by GitHub: GITHUB_TOKEN with packages: write, through docker/login-action.
        lines += [
            "      - name: Log in to ghcr.io",
            "        uses: docker/login-action@v3",
            "        with:",
            "          registry: ghcr.io",
            "          username: " + _q(_gha_expr("github.actor")),
            "          password: " + _q(_gha_expr("secrets.GITHUB_TOKEN")),
        ]
    elif r.login:
        lines += ["      - name: Log in", "        env:"]
        for s in r.secrets:
            lines.append(f"          {s.name}: " + _q(_gha_expr(f"secrets.{s.name}")))
        lines.append("        run: |")
        for s in r.secrets:
            if s.file:
                lines += [
                    f'          {s.name}_FILE="$RUNNER_TEMP/{s.name.lower()}.json"',
                    f'          (umask 077; printf \'%s\' "${s.name}" > "${s.name}_FILE")',
                ]
        lines += [f"          {line}" for line in r.login]
    lines += [
        "      - name: Build and push",
        "        run: |",
        *(f"          {line}" for line in _BUILD_PUSH),
    ]
    return "\n".join(lines) + "\n"


def gitlab_ci(plan: Plan, r: Recipe) -> str:
    native = plan.profile.id == "gitlab"
    lines = _ci_header(plan, r, "#") + [
        "# Save as .gitlab-ci.yml (or include it from there).",
        "push-image:",
        "  image: docker:27",
        "  services:",
        *(
            [
                "    - name: docker:27-dind",
                f"      command: [{_q('--insecure-registry=' + r.registry)}]",
            ]
            if r.plain_http
            else ["    - docker:27-dind"]
        ),
        "  variables:",
        '    DOCKER_TLS_CERTDIR: "/certs"',
    ]
    if native:
        lines += [
            "    # CI_REGISTRY, CI_REGISTRY_IMAGE, CI_REGISTRY_USER and CI_REGISTRY_PASSWORD",
            "    # are predefined by GitLab for the project's own registry.",
            '    TAG: "$CI_COMMIT_SHORT_SHA"',
            "  script:",
            '    - echo "$CI_REGISTRY_PASSWORD" | docker login "$CI_REGISTRY"'
            ' -u "$CI_REGISTRY_USER" --password-stdin',
            '    - docker build -t "$CI_REGISTRY_IMAGE:$TAG" .',
            '    - docker push "$CI_REGISTRY_IMAGE:$TAG"',
        ]
        return "\n".join(lines) + "\n"
    lines += [
        f"    REGISTRY: {_q(r.registry)}",
        f"    IMAGE: {_q(r.image)}",
        '    TAG: "$CI_COMMIT_SHORT_SHA"',
    ]
    if r.secrets:
        lines.append("  # Define these as masked CI/CD variables in Settings > CI/CD > Variables:")
    for s in r.secrets:
        kind = " (type File)" if s.file else ""
        lines.append(f"  #   {s.name}{kind}: {s.what}")
    if r.ca_from_secret:
        lines += [
            "  # The Docker daemon of the dind service must trust the registry's CA (ca.crt);",
            "  # see the README.",
        ]
    script = list(r.login)
    file_secrets = [s for s in r.secrets if s.file]
    prefix = [f'{s.name}_FILE="${s.name}"' for s in file_secrets]
    before = []
    if "AWS CLI" in r.tools:
        before.append("apk add --no-cache aws-cli")
    if before:
        lines += ["  before_script:", *(f"    - {_q(b)}" for b in before)]
    lines += ["  script:"]
    for line in prefix + script + list(_BUILD_PUSH):
        lines.append(f"    - {_yaml_plain_or_quoted(line)}")
    return "\n".join(lines) + "\n"


def _yaml_plain_or_quoted(line: str) -> str:
    """Shell lines in a YAML list: single-quote them so ': ' and '#' stay literal."""
    return "'" + line.replace("'", "''") + "'"


def jenkinsfile(plan: Plan, r: Recipe) -> str:
    creds = []
    for s in r.secrets:
        cred_id = s.name.lower().replace("_", "-")
        if s.file:
            creds.append(f"file(credentialsId: '{cred_id}', variable: '{s.name}_FILE')")
        else:
            creds.append(f"string(credentialsId: '{cred_id}', variable: '{s.name}')")
    header = _ci_header(plan, r, "//")
    shell = list(r.login) + list(_BUILD_PUSH)
    lines = list(header)
    if creds:
        lines += [
            "// Credentials (Manage Jenkins > Credentials), ids as used below:",
            *(f"//   {s.name.lower().replace('_', '-')}: {s.what}" for s in r.secrets),
            "// The shell block is in single quotes so Groovy never interpolates a secret.",
        ]
    if r.ca_from_secret:
        lines.append(
            f"// The agent's Docker must trust the registry's CA: "
            f"/etc/docker/certs.d/{r.registry}/ca.crt (see the README)."
        )
    lines += [
        "pipeline {",
        "  agent any",
        "  environment {",
        f"    REGISTRY = '{r.registry}'",
        f"    IMAGE = '{r.image}'",
        '    TAG = "${env.BUILD_NUMBER}"',
        "  }",
        "  stages {",
        "    stage('Push image') {",
        "      steps {",
    ]
    if creds:
        lines += [
            "        withCredentials([",
            *(f"          {c}," for c in creds[:-1]),
            *(f"          {c}" for c in creds[-1:]),
            "        ]) {",
            "          sh '''",
            *(f"            {line}" for line in shell),
            "          '''",
            "        }",
        ]
    else:
        lines += [
            "        sh '''",
            *(f"          {line}" for line in shell),
            "        '''",
        ]
    lines += ["      }", "    }", "  }"]
    if r.login:
        lines += [
            "  post {",
            "    always {",
            "      sh 'docker logout \"$REGISTRY\" || true'",
            "    }",
            "  }",
        ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def push_script(plan: Plan, r: Recipe) -> str:
    lines = (
        ["#!/bin/sh"]
        + _ci_header(plan, r, "#")
        + [
            "# Run from the directory that holds your Dockerfile. Export the variables first;",
            "# read secrets from a file or a password manager rather than typing them on a",
            "# command line, where the shell history would keep them.",
            "set -eu",
            f'REGISTRY="${{REGISTRY:-{r.registry}}}"',
            f'IMAGE="${{IMAGE:-{r.image}}}"',
            'TAG="${TAG:-$(git rev-parse --short HEAD 2>/dev/null || echo latest)}"',
        ]
    )
    for s in r.secrets:
        var = f"{s.name}_FILE" if s.file else s.name
        what = f"the path of {s.what}" if s.file else s.what
        lines.append(f': "${{{var}:?set {var} to {what}}}"')
    if r.ca_from_secret:
        lines.append(
            f"# Docker must trust the registry's CA: /etc/docker/certs.d/{r.registry}/ca.crt"
        )
    lines += list(r.login) + list(_BUILD_PUSH)
    return "\n".join(lines) + "\n"


def ci_files(plan: Plan) -> dict[str, tuple[str, int, str]]:
    """{path: (content, mode, description)} for the answered CI system."""
    r = recipe(plan)
    if plan.ci == "github-actions":
        return {
            "ci/github-actions.yml": (
                github_actions(plan, r),
                FILE_MODE,
                "GitHub Actions workflow; save as .github/workflows/push-image.yml",
            )
        }
    if plan.ci == "gitlab-ci":
        return {"ci/gitlab-ci.yml": (gitlab_ci(plan, r), FILE_MODE, "GitLab CI job")}
    if plan.ci == "jenkins":
        return {"ci/Jenkinsfile": (jenkinsfile(plan, r), FILE_MODE, "Jenkins pipeline")}
    return {
        "ci/push.sh": (
            push_script(plan, r),
            SCRIPT_MODE,
            "log in, build and push from any shell or CI",
        )
    }


# --- README ----------------------------------------------------------------------------


class _Steps:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, title: str, *body: str) -> None:
        marker = f"{len(self.items) + 1}. "
        text = f"{marker}**{title}**"
        parts = [b for b in body if b]
        if parts:
            # CommonMark: a list item's content is indented by the marker's width.
            text += "\n" + "\n".join(_indent(b, len(marker)) for b in parts)
        self.items.append(text)

    def render(self) -> str:
        return "\n\n".join(self.items)


def _indent(block: str, width: int) -> str:
    pad = " " * width
    return "\n".join((pad + line) if line else "" for line in block.split("\n"))


def _code(lang: str, *lines: str) -> str:
    return f"```{lang}\n" + "\n".join(lines) + "\n```"


def _cert_expiry(cert_pem: bytes | None) -> str | None:
    if not cert_pem:
        return None
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(cert_pem)
    return cert.not_valid_after_utc.date().isoformat()


def _client_steps(plan: Plan, steps: _Steps, *, have_ca: bool, constrained: bool) -> None:
    """Docker, BuildKit, containerd, Podman and k3s: trust or plain-HTTP settings."""
    addr = plan.address
    if plan.setup == "insecure":
        loop = (
            " Docker already treats loopback addresses (127.0.0.0/8, ::1) as insecure, so on "
            "the registry host itself this step is optional."
            if plan.host is not None and plan.host.is_loopback
            else ""
        )
        steps.add(
            "Docker Engine: allow plain HTTP, on every client",
            "Merge `clients/daemon.json` into `/etc/docker/daemon.json` on *every* machine "
            "whose Docker pushes or pulls, not only on the registry host, then restart "
            'Docker. Without this, clients fail with "http: server gave HTTP response to '
            f'HTTPS client".{loop}',
            _code(
                "console",
                "sudo systemctl restart docker",
                "docker info | grep -A3 'Insecure Registries'",
            ),
            "Docker Desktop: Settings → Docker Engine. Windows Server: "
            "`C:\\ProgramData\\docker\\config\\daemon.json`.",
        )
        steps.add(
            "BuildKit and buildx: they ignore daemon.json",
            "`docker buildx build --push` runs in BuildKit, which has its own setting "
            f"(see {SRC_BUILDX_ISSUE}). Create a builder with `clients/buildkitd.toml`:",
            _code(
                "console",
                "docker buildx create --use --name lab --driver docker-container \\",
                "  --buildkitd-config clients/buildkitd.toml",
            ),
        )
    else:
        ca = "certs/ca.crt" if have_ca else "your CA certificate (ca.crt)"
        steps.add(
            "Docker Engine: trust the CA, on every client",
            f"Copy {ca} to each machine whose Docker talks to the registry (never copy "
            "`ca.key`). Docker reads it at once, no restart needed:",
            _code(
                "console",
                f'sudo mkdir -p "/etc/docker/certs.d/{addr}"',
                f'sudo cp {ca if have_ca else "ca.crt"} "/etc/docker/certs.d/{addr}/ca.crt"',
            ),
            'If a tool still reports "x509: certificate signed by unknown authority", add '
            "the CA to the system store too (Debian/Ubuntu: "
            "`/usr/local/share/ca-certificates/` + `update-ca-certificates`; RHEL: "
            "`/etc/pki/ca-trust/source/anchors/` + `update-ca-trust`)."
            + (
                " The generated CA is limited to this registry's name, so trusting it "
                "system-wide vouches for nothing else."
                if constrained
                else " A CA in the system store vouches for every name it signs: keep its "
                "key offline."
            )
            if have_ca
            else 'If a tool still reports "x509: certificate signed by unknown authority", '
            "add the CA to the system store too.",
        )
        steps.add(
            "BuildKit and buildx: give the builder the CA",
            "BuildKit does not read `/etc/docker/certs.d`. `clients/buildkitd.toml` points it "
            f"at `/etc/buildkit/certs/{addr}/ca.crt`; copy the CA into the builder "
            "container there, or create the builder with that file:",
            _code(
                "console",
                "docker buildx create --use --name registry --driver docker-container \\",
                "  --buildkitd-config clients/buildkitd.toml",
            ),
        )
    certs_dir = f"/etc/containerd/certs.d/{addr}"
    copy = [f'sudo mkdir -p "{certs_dir}"', f'sudo cp clients/hosts.toml "{certs_dir}/hosts.toml"']
    if plan.setup != "insecure":
        copy.append(f'sudo cp {"certs/ca.crt" if have_ca else "ca.crt"} "{certs_dir}/ca.crt"')
    steps.add(
        "containerd (Kubernetes nodes, nerdctl, ctr)",
        "Install the host file:",
        _code("console", *copy),
        "containerd reads `certs.d` only when `config_path` is set in "
        "`/etc/containerd/config.toml`; set it once and restart containerd (later edits "
        "under `certs.d` need no restart):",
        _code(
            "toml",
            "# containerd 2.x",
            "version = 3",
            '[plugins."io.containerd.cri.v1.images".registry]',
            '   config_path = "/etc/containerd/certs.d"',
            "",
            "# containerd 1.x",
            "version = 2",
            '[plugins."io.containerd.grpc.v1.cri".registry]',
            '   config_path = "/etc/containerd/certs.d"',
        ),
        "`nerdctl` and `ctr` take `--hosts-dir /etc/containerd/certs.d`. The old "
        "`registry.mirrors` / `registry.configs` settings are deprecated.",
    )
    if plan.setup == "insecure":
        steps.add(
            "Podman, Buildah, CRI-O, skopeo",
            "Add the `[[registry]]` table from `clients/registries.conf` to "
            "`/etc/containers/registries.conf` (rootless: "
            "`~/.config/containers/registries.conf`), or save the file as "
            "`/etc/containers/registries.conf.d/50-registry-advisor.conf`. With it, no "
            "`--tls-verify=false` is needed. Restart CRI-O after the change.",
        )
    else:
        steps.add(
            "Podman, Buildah, CRI-O, skopeo",
            "These read the CA from their own directory:",
            _code(
                "console",
                f'sudo mkdir -p "/etc/containers/certs.d/{addr}"',
                f"sudo cp {'certs/ca.crt' if have_ca else 'ca.crt'} "
                f'"/etc/containers/certs.d/{addr}/ca.crt"',
            ),
            "`clients/registries.conf` states `insecure = false` for the registry; it is optional.",
        )
    k3s = [
        "Copy `clients/k3s-registries.yaml` to `/etc/rancher/k3s/registries.yaml` on "
        "every node, servers included, then restart k3s (`systemctl restart k3s`, or "
        "`k3s-agent` on agents). Without the `http://` in the endpoint k3s would use "
        "HTTPS."
        if plan.setup == "insecure"
        else "Copy the CA to `/etc/rancher/k3s/certs/" + addr + "/ca.crt` and "
        "`clients/k3s-registries.yaml` to `/etc/rancher/k3s/registries.yaml` on every "
        "node, servers included; add the `auth` block on the node if pulls need a login; "
        "restart k3s."
    ]
    k3s.append("Problems show in `/var/lib/rancher/k3s/agent/containerd/containerd.log`.")
    steps.add("k3s", *k3s)


def _risks_insecure(plan: Plan) -> str:
    return "\n".join(
        [
            "## Risks of plain HTTP (read before step 1)",
            "",
            "- **No authentication.** Docker does not support basic auth against a plain-HTTP "
            "registry, and anything sent would travel in clear text "
            f"({SRC_DOCKER_LOGIN_HTTP}). So this registry has no passwords: anyone who can "
            f"reach `{plan.address}` can pull, push, overwrite and delete.",
            "- **No integrity in transit.** Anyone on the path can read or replace images; "
            "you would run what they send.",
            '- **Compliance.** The CIS Docker Benchmark says "Ensure insecure registries are '
            f'not used" ({SRC_CIS}); an audit will flag `insecure-registries`.',
            "- The Distribution docs call plain HTTP fit only for isolated testing or a "
            f"tightly controlled, air-gapped network ({SRC_INSECURE}).",
            "- Docker Hub and other registries are not affected: the setting names only "
            "this address.",
            "",
            "**The way out: TLS with your own CA.** It costs one command and a file copy per "
            "client. Generate a private bundle for the same address and follow its README:",
            "",
            _code(
                "console",
                "registry-advisor setup --setup private --registry distribution \\",
                f"  --host {plan.address} --generate-secrets --user ci --password-stdin \\",
                "  --output registry-private < password-file",
            ),
            "",
            "Then remove the address from `insecure-registries`, `registries.conf` and the "
            "k3s mirror.",
        ]
    )


def _server_steps(plan: Plan, steps: _Steps, *, have_secrets: bool, expiry: str | None) -> None:
    addr = plan.address
    secure = plan.setup != "insecure"
    user = plan.user or "USER"
    if secure:
        if have_secrets:
            steps.add(
                "Keep the secrets safe",
                "`certs/ca.key`, `certs/domain.key` and `auth/htpasswd` are readable by you "
                "only (mode 0600); keep them so. Move `certs/ca.key` off the registry "
                "host once you are done: it is needed only to issue a new certificate. "
                f"The server certificate expires on **{expiry}**; the CA after ten years."
                if expiry
                else "Keep `certs/ca.key`, `certs/domain.key` and `auth/htpasswd` private.",
                f"The htpasswd file holds a bcrypt hash for `{user}`; the password itself is "
                "stored nowhere in this bundle.",
            )
        else:
            san = (
                f"IP:{plan.host.name}"
                if plan.host is not None and plan.host.family != "dns"
                else f"DNS:{plan.host.name if plan.host else 'HOST'}"
            )
            steps.add(
                "Make a CA, a certificate and the password file",
                "Either re-run this command with `--generate-secrets --user NAME "
                "--password-stdin`, or make them yourself (run in this directory):",
                _code(
                    "console",
                    "mkdir -p certs auth",
                    "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \\",
                    '  -days 3650 -subj "/CN=Registry CA" -keyout certs/ca.key -out certs/ca.crt',
                    "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \\",
                    f'  -subj "/CN={plan.host.name if plan.host else "HOST"}" '
                    "-keyout certs/domain.key -out certs/domain.csr",
                    "openssl x509 -req -in certs/domain.csr -days 825 -out certs/domain.crt \\",
                    "  -CA certs/ca.crt -CAkey certs/ca.key -CAcreateserial \\",
                    f"  -extfile <(printf 'subjectAltName={san}\\nextendedKeyUsage=serverAuth')",
                    "chmod 600 certs/*.key",
                    "# bcrypt (-B) is the only hash Distribution accepts; -i reads the password",
                    "# from stdin, so it never appears on a command line:",
                    f"docker run --rm -i --entrypoint htpasswd httpd:2 -niB -C 10 {user} \\",
                    "  < password-file > auth/htpasswd",
                    "chmod 600 auth/htpasswd",
                ),
                "The certificate must name the host exactly as clients write it "
                f"(`{plan.host.name if plan.host else 'HOST'}`) in its subjectAltName: Go "
                "clients ignore the Common Name. With a CA-issued certificate, append the "
                "intermediate chain to `domain.crt`.",
            )
    run_lines = ["cd registry", "docker compose up -d", "docker compose logs -f registry"]
    env_lines = ["Environment=REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY=/var/lib/docker-registry"]
    if secure:
        env_lines += [
            "Environment=REGISTRY_HTTP_TLS_CERTIFICATE=/etc/docker/registry/certs/domain.crt",
            "Environment=REGISTRY_HTTP_TLS_KEY=/etc/docker/registry/certs/domain.key",
            "Environment=REGISTRY_AUTH_HTPASSWD_PATH=/etc/docker/registry/auth/htpasswd",
        ]
    bare = [
        "Or without containers, with Debian's `docker-registry` package (Distribution 2.8, "
        "which runs `docker-registry serve /etc/docker/registry/config.yml` as the user "
        "`docker-registry`): copy `registry/config.yml` there and point the container "
        "paths at real ones with environment variables, through `sudo systemctl edit "
        "docker-registry`:",
        _code("ini", "[Service]", *env_lines),
    ]
    if secure:
        bare.append(
            "Copy `certs/domain.crt`, `certs/domain.key` and `auth/htpasswd` to those paths, "
            "owned by `docker-registry` and still mode 0600 for the key and htpasswd; then "
            "`sudo systemctl restart docker-registry`."
        )
    else:
        bare.append("Then `sudo systemctl restart docker-registry`.")
    bare.append(
        "One instance is assumed. Several instances behind a load balancer need the same "
        "storage and the same `http.secret` (`REGISTRY_HTTP_SECRET`); otherwise each makes "
        "up its own and uploads break when requests switch instances."
    )
    steps.add(
        "Start the registry",
        f"`registry/config.yml` is the Distribution configuration (listening on "
        f"`{_listen_addr(plan.host) if plan.host else addr}`, storage in `{CONTAINER_DATA}`, "
        "deletes enabled, storage health check). With Docker Compose:",
        _code("console", *run_lines),
        *bare,
    )
    if secure:
        steps.add(
            "Check it",
            "A 401 on `/v2/` without credentials means TLS and auth both work; with "
            "credentials you get 200 (curl asks for the password):",
            _code(
                "console",
                f"curl --cacert certs/ca.crt -i https://{addr}/v2/",
                f"curl --cacert certs/ca.crt -u {user} https://{addr}/v2/",
            ),
        )
    else:
        steps.add(
            "Check it",
            "`/v2/` answers 200 with `{}`:",
            _code("console", f"curl -i http://{addr}/v2/"),
        )


def _login_step(plan: Plan, steps: _Steps) -> None:
    addr = plan.address
    user = plan.user or "USER"
    steps.add(
        "Log in",
        "Read the password from a file or a password manager, never from the command line "
        "(`-p` leaves it in the shell history and the process list):",
        _code(
            "console",
            f"docker login {addr} -u {user} --password-stdin < password-file",
            f"podman login {addr} -u {user} --password-stdin < password-file",
        ),
        "Kubernetes pulls with an image pull secret. After `docker login`, make it from "
        "Docker's config, so the password never appears on a command line (this works "
        "when Docker keeps the credentials in that file, not in a credential helper):",
        _code(
            "console",
            "kubectl create secret generic regcred --type=kubernetes.io/dockerconfigjson \\",
            "  --from-file=.dockerconfigjson=$HOME/.docker/config.json",
        ),
    )


def _smoke_step(plan: Plan, steps: _Steps) -> None:
    addr = plan.address
    scheme = "http" if plan.setup == "insecure" else "https"
    curl = (
        f"curl http://{addr}/v2/demo/busybox/tags/list"
        if scheme == "http"
        else f"curl --cacert certs/ca.crt -u {plan.user or 'USER'} "
        f"https://{addr}/v2/demo/busybox/tags/list"
    )
    steps.add(
        "Push a first image",
        _code(
            "console",
            "docker pull busybox",
            f"docker tag busybox {addr}/demo/busybox:1",
            f"docker push {addr}/demo/busybox:1",
            curl,
        ),
    )


def _gc_step(plan: Plan, steps: _Steps) -> None:
    steps.add(
        "Keep the disk in check",
        "Deleting a tag frees nothing by itself. Delete manifests through the API (enabled "
        "by `storage.delete.enabled`), then run garbage collection with the registry "
        "stopped or read-only, since it is stop-the-world:",
        _code(
            "console",
            "docker compose stop registry",
            f"docker compose run --rm registry garbage-collect --dry-run {CONTAINER_CONFIG}",
            f"docker compose run --rm registry garbage-collect {CONTAINER_CONFIG}",
            "docker compose start registry",
        ),
        "With Debian's package: `sudo systemctl stop docker-registry`, then run "
        "`docker-registry garbage-collect /etc/docker/registry/config.yml` as the "
        "`docker-registry` user with the same `REGISTRY_*` environment as the service "
        "(the storage path above), and start the service again.",
        f"Source: {SRC_GC}",
    )


def _ci_step(plan: Plan, steps: _Steps, files: Mapping[str, tuple[str, int, str]]) -> None:
    if not files:
        return
    path = next(iter(files))
    r = recipe(plan)

    def secret_line(sec: Secret) -> str:
        if plan.ci == "jenkins":
            kind = "secret file" if sec.file else "secret text"
            return f"- `{sec.name.lower().replace('_', '-')}` ({kind}): {sec.what}"
        if plan.ci == "gitlab-ci" and sec.file:
            return f"- `{sec.name}` (type File): {sec.what}"
        if plan.ci in ("other", "none") and sec.file:
            return f"- `{sec.name}_FILE`: the path of {sec.what}"
        return f"- `{sec.name}`: {sec.what}"

    secret_lines = [secret_line(sec) for sec in r.secrets]
    if plan.ci == "github-actions" and plan.profile.id == "ghcr":
        secret_lines = [
            "- none: the workflow uses `GITHUB_TOKEN` with `permissions: packages: write`, "
            "which GitHub recommends over a personal access token."
        ]
    if plan.ci == "gitlab-ci" and plan.profile.id == "gitlab":
        secret_lines = [
            "- none: the job uses the predefined `CI_REGISTRY_USER` / "
            "`CI_REGISTRY_PASSWORD`. `CI_JOB_TOKEN` works the same way with "
            '`-u "$CI_REGISTRY_USER"`.'
        ]
    if r.plain_http:
        secret_lines = [
            "- none: a plain-HTTP registry has no login. The Docker daemon that runs the "
            "job needs the `insecure-registries` entry of `clients/daemon.json`, and the "
            "runner must sit inside the registry's network: hosted runners cannot reach it."
        ]
    ca_note = None
    if r.ca_from_secret and plan.ci == "github-actions":
        secret_lines.append(
            "- `REGISTRY_CA_CERT`: the contents of `ca.crt` (not secret, but the runner needs it)."
        )
    if r.ca_from_secret:
        ca_note = {
            "github-actions": "A GitHub-hosted runner must be able to reach "
            f"`{plan.address}`; a self-hosted runner on your network usually can.",
            "gitlab-ci": "The job's Docker daemon is the dind service: it must trust "
            f"`ca.crt` at `/etc/docker/certs.d/{plan.address}/ca.crt` inside the service "
            "container (see GitLab's documentation on Docker-in-Docker and custom CAs).",
        }.get(
            plan.ci,
            "The Docker that runs the job must trust `ca.crt` at "
            f"`/etc/docker/certs.d/{plan.address}/ca.crt`, as in the Docker step above.",
        )
    where = {
        "github-actions": "as repository secrets (Settings → Secrets and variables → Actions)",
        "gitlab-ci": "as masked CI/CD variables",
        "jenkins": "as Jenkins credentials, with these ids",
    }.get(plan.ci, "as environment variables before running the script")
    intro = {
        "github-actions": "Save `ci/github-actions.yml` as `.github/workflows/push-image.yml`.",
        "gitlab-ci": "Use `ci/gitlab-ci.yml` as (or include it from) `.gitlab-ci.yml`.",
        "jenkins": "Use `ci/Jenkinsfile` as the pipeline's Jenkinsfile.",
    }.get(
        plan.ci,
        f"`{path}` {'builds' if r.plain_http else 'logs in, builds'} and pushes; run it by "
        "hand or from any CI.",
    )
    if secret_lines and secret_lines[0].startswith("- none: "):
        note = secret_lines[0].removeprefix("- none: ")
        body = [intro, "No secrets to create: " + note, *secret_lines[1:]]
    else:
        body = [intro, f"Create {where}:", "\n".join(secret_lines)]
    if ca_note:
        body.append(ca_note)
    if not r.confirmed:
        body.append(
            "**Unconfirmed:** our sources did not confirm this registry's non-interactive "
            "login; check the vendor's documentation before relying on it."
        )
    steps.add("Push from CI", *body)


# Login flows of hosted registries, from field notes section 3.3 and 3.4.
def _hosted_steps(plan: Plan, steps: _Steps) -> list[str]:
    """Add the product's steps; return gotchas as Markdown bullets."""
    p, addr = plan.profile, plan.address
    public = plan.setup == "public"
    user = plan.user or "USER"
    gotchas: list[str] = []
    if p.id == "dockerhub":
        steps.add(
            "Create the repository",
            "Docker Hub → Create repository → namespace/name → visibility "
            f"**{'Public' if public else 'Private'}**. The free plan has unlimited public "
            "repositories and one private one.",
        )
        steps.add(
            "Log in with an access token",
            "Create a personal access token (Account settings → Personal access tokens) and "
            "use it instead of your password:",
            _code("console", f"docker login -u {user} --password-stdin < token-file"),
        )
        steps.add(
            "Push",
            _code(
                "console",
                f"docker build -t {user}/app:1.0 .",
                f"docker push {user}/app:1.0",
            ),
        )
        gotchas += [
            "Pull limits (Docker docs, read 2026): **10 pulls per hour per IPv4 address or "
            "IPv6 /64 without login**, 100 per hour for Personal accounts; Pro, Team and "
            "Business are unlimited under fair use. The numbers changed several times in "
            "2025; check https://docs.docker.com/docker-hub/usage/.",
            'Anonymous CI runners share IP addresses and hit "toomanyrequests" first: log '
            "in on every runner, or mirror base images.",
        ]
        if public:
            gotchas.append(
                "Your consumers pull anonymously and hit the per-IP limit: tell them to "
                "`docker login` or use a mirror."
            )
    elif p.id == "ecr":
        steps.add(
            "Create the repository",
            _code(
                "console",
                "aws ecr create-repository --repository-name app --region REGION",
            ),
        )
        steps.add(
            "Log in",
            _code(
                "console",
                "aws ecr get-login-password --region REGION \\",
                f"  | docker login --username AWS --password-stdin {addr}",
            ),
            "The token lasts **12 hours**. For long-lived hosts and Kubernetes nodes install "
            '`amazon-ecr-credential-helper` and set `"credHelpers": {"' + addr + '": '
            '"ecr-login"}` in `~/.docker/config.json` (it does not support MFA).',
        )
        gotchas += [
            "A Kubernetes pull secret made from `get-login-password` expires after 12 h "
            '("Your authorization token has expired"): use the credential helper or a job '
            "that refreshes the secret.",
            "Storage grows with every build: add a lifecycle policy (e.g. keep the last 100 "
            "images); a rule on `untagged` expires nothing if every image is tagged.",
        ]
        if public:
            gotchas.append(
                "ECR private repositories cannot be made public; public images go to "
                "Amazon ECR Public (public.ecr.aws), a separate service (unconfirmed in our "
                "notes)."
            )
    elif p.id == "artifact-registry":
        steps.add(
            "Create a Docker repository",
            "In the Google Cloud console or with `gcloud artifacts repositories create`; "
            "images are named `REGION-docker.pkg.dev/PROJECT_ID/REPOSITORY/IMAGE`.",
        )
        steps.add(
            "Configure Docker",
            _code("console", f"gcloud auth configure-docker {addr}"),
            "This writes a `credHelpers` entry to `~/.docker/config.json` (replacing an "
            "existing one for that host). It does not work with the Docker snap. Use a "
            "service account for automation; Cloud Build, GKE and Cloud Run need no setup.",
        )
        gotchas += [
            "Google Container Registry (gcr.io) shut down after 2025-03-18; move old "
            "images with `gcloud artifacts docker upgrade migrate --projects=PROJECT_ID`.",
        ]
        if public:
            gotchas.append(
                "Public read access is granted through IAM on the repository (unconfirmed "
                "in our notes; check Google's documentation)."
            )
    elif p.id == "acr":
        steps.add(
            "Log in",
            _code("console", "az acr login --name REGISTRY_NAME"),
            "Without a local Docker daemon: `az acr login --name REGISTRY_NAME "
            "--expose-token`, then `docker login "
            f"{addr} -u 00000000-0000-0000-0000-000000000000 --password-stdin` with the "
            "token on stdin.",
        )
        gotchas.append(
            "The token from `az acr login` is short-lived (a secondary source says 3 hours; "
            "unconfirmed)."
        )
        if public:
            gotchas.append(
                "Anonymous pull is an opt-in registry setting (unconfirmed in our notes)."
            )
    elif p.id == "ghcr":
        steps.add(
            "Log in",
            "Create a personal access token (classic) with `write:packages` (and "
            "`read:packages`; `delete:packages` to delete):",
            _code("console", f"docker login ghcr.io -u {user} --password-stdin < token-file"),
        )
        steps.add(
            "Push",
            _code(
                "console",
                "docker build -t ghcr.io/OWNER/app:1.0 .",
                "docker push ghcr.io/OWNER/app:1.0",
            ),
            "Add `LABEL org.opencontainers.image.source=https://github.com/OWNER/REPO` to "
            "the Dockerfile to link the package to its repository (this passes on "
            "permissions, not visibility).",
        )
        gotchas.append(
            'A new package is **private** by default: anonymous pulls get "unauthorized" '
            "until you change it."
        )
        if public:
            steps.add(
                "Make the package public",
                "Package settings → Change visibility → Public. An organisation may first "
                "have to allow public packages. **Public cannot be made private again.**",
            )
    elif p.id == "gitlab":
        steps.add(
            "Log in",
            "With a personal or deploy token (scope `read_registry` to pull, plus "
            "`write_registry` to push). Password login fails when 2FA is on:",
            _code("console", f"docker login {addr} -u {user} --password-stdin < token-file"),
            'In GitLab CI use the predefined variables: `echo "$CI_REGISTRY_PASSWORD" | '
            "docker login $CI_REGISTRY -u $CI_REGISTRY_USER --password-stdin` "
            "(or `$CI_JOB_TOKEN`); deploy tokens appear as `$CI_DEPLOY_USER` / "
            "`$CI_DEPLOY_PASSWORD`.",
        )
        gotchas.append(
            "Registry tokens last 5 minutes by default (15 on GitLab.com): log in right "
            "before pushing in long jobs."
        )
        if public:
            gotchas.append(
                "Anyone can pull from a public project's registry; the project's visibility "
                "decides."
            )
    elif p.id == "quay":
        steps.add(
            "Log in with a robot account",
            "Create a robot account in the organisation; its user name is "
            "`ORGANIZATION+ROBOT`, its password the robot token:",
            _code(
                "console",
                f"docker login {addr} -u 'ORGANIZATION+ROBOT' --password-stdin < token-file",
            ),
            "For Kubernetes: `kubectl create secret docker-registry ... "
            "--docker-username='ORGANIZATION+ROBOT'`. Repository access tokens use the "
            "user name `$token`.",
        )
    else:
        steps.add(
            "Log in (unconfirmed)",
            f"Our sources did not confirm how {p.name} logs in. The usual form is a user "
            "name with an access token on stdin:",
            _code("console", f"docker login {addr} -u {user} --password-stdin < token-file"),
            f"Check the vendor's documentation: {p.docs}" if p.docs else "",
        )
    return gotchas


def _selfhosted_product_steps(plan: Plan, steps: _Steps) -> None:
    p = plan.profile
    lines = [
        f"This bundle does not install {p.name}: follow the vendor's documentation"
        + (f" ({p.docs})" if p.docs else "")
        + f" and serve it at `{plan.address}`.",
    ]
    if plan.setup == "insecure":
        lines.append("Configure it for plain HTTP on that address (its docs say how).")
    elif plan.generate_secrets:
        lines.append(
            "Give it `certs/domain.crt` and `certs/domain.key` as its TLS certificate and "
            "key; the client steps below trust `certs/ca.crt`."
        )
    else:
        lines.append(
            "Give it a TLS certificate whose subjectAltName is the host clients use. If an "
            "internal CA signed it, the client steps below need that CA's certificate "
            "(`--generate-secrets` makes both)."
        )
    if p.id == "nexus":
        lines.append(
            "Each Docker hosted, proxy or group repository in Nexus needs its own connector "
            "port (or a path-based reverse proxy): the port in the address must be that "
            "repository's."
        )
    if p.id == "gitlab":
        lines.append(
            "GitLab's registry runs on HTTPS by default, on port 5050 of your GitLab "
            "domain with its Let's Encrypt integration."
        )
    lines.append(
        "To rehearse first, `registry-advisor setup --registry distribution` makes a bundle "
        "that runs a CNCF Distribution registry at the same address as a stand-in."
    )
    steps.add(f"Install {p.name}", *lines)


FILE_PURPOSES = {
    "registry/config.yml": "CNCF Distribution configuration",
    "registry/compose.yaml": "Docker Compose file that runs the registry (registry:3)",
    "clients/daemon.json": "Docker Engine: the insecure-registries entry",
    "clients/hosts.toml": "containerd: certs.d host file",
    "clients/registries.conf": "Podman, Buildah, CRI-O, skopeo",
    "clients/k3s-registries.yaml": "k3s registries.yaml",
    "clients/buildkitd.toml": "BuildKit / buildx builder settings",
    "certs/ca.crt": "your CA's certificate: copy it to clients",
    "certs/ca.key": "your CA's private key (0600): keep it offline",
    "certs/domain.crt": "the registry's TLS certificate",
    "certs/domain.key": "the registry's TLS key (0600)",
    "auth/htpasswd": "bcrypt password file (0600)",
}


def _readme(
    plan: Plan,
    files: Mapping[str, tuple[Any, int]],
    purposes: Mapping[str, str],
    body: str,
) -> str:
    from advisor import __version__

    p = plan.profile
    kind_words = {
        "server": "run by you",
        "self-hosted": "run by you",
        "hosted": "hosted by the vendor",
    }[plan.kind]
    head = [
        f"# Registry setup: {plan.setup}, {p.name}",
        "",
        f"- Setup: **{plan.setup}**",
        f"- Registry: **{p.name}** (`{p.id}`), {kind_words}",
        f"- Address: `{plan.address}`",
        f"- CI: {plan.ci}",
        f"- Made by registry-advisor {__version__}. Replace UPPERCASE placeholders with "
        "your own values.",
    ]
    if plan.reasons:
        head += ["", "Why this choice (from the recommendation):", ""]
        head += [f"- {r}" for r in plan.reasons]
    rows = ["| File | What it is |", "|---|---|", "| `README.md` | these steps |"]
    for path in sorted(files):
        mode = files[path][1]
        extra = "" if mode == FILE_MODE else f" (mode {mode:04o})"
        rows.append(f"| `{path}` | {purposes.get(path, '')}{extra} |")
    return "\n".join(head + ["", "## Files", "", *rows, "", body]).rstrip() + "\n"


def _sources(plan: Plan) -> str:
    src = []
    if plan.kind == "server":
        src += [SRC_DEPLOYING, SRC_CONFIG, SRC_GC]
        if plan.setup == "insecure":
            src.append(SRC_INSECURE)
    if plan.kind != "hosted":
        src += [SRC_CONTAINERD, SRC_PODMAN, SRC_K3S, SRC_BUILDKIT]
    if plan.profile.docs:
        src.append(plan.profile.docs)
    lines = ["## Sources", "", *(f"- {s}" for s in dict.fromkeys(src))]
    return "\n".join(lines)


# --- the bundle ------------------------------------------------------------------------


def build_bundle(
    plan: Plan,
    *,
    tls: Any = None,
    htpasswd: str | None = None,
) -> dict[str, tuple[str | bytes, int]]:
    """Every file of the bundle: {relative path: (content, mode)}.

    `tls` is an `advisor.setup.secrets.TlsFiles` (or None); `htpasswd` one `user:hash` line.
    The plaintext password is never passed in, so no file can contain it.
    """
    out: dict[str, tuple[str | bytes, int]] = {}
    purposes = dict(FILE_PURPOSES)
    secure = plan.setup != "insecure"

    if plan.kind == "server":
        out["registry/config.yml"] = (distribution_config(plan), FILE_MODE)
        out["registry/compose.yaml"] = (compose_file(plan), FILE_MODE)
    if plan.kind != "hosted":
        if not secure:
            out["clients/daemon.json"] = (daemon_json(plan), FILE_MODE)
        out["clients/hosts.toml"] = (hosts_toml(plan), FILE_MODE)
        out["clients/registries.conf"] = (registries_conf(plan), FILE_MODE)
        out["clients/k3s-registries.yaml"] = (k3s_registries(plan), FILE_MODE)
        out["clients/buildkitd.toml"] = (buildkitd_toml(plan), FILE_MODE)
    if tls is not None:
        out["certs/ca.crt"] = (tls.ca_cert, FILE_MODE)
        out["certs/ca.key"] = (tls.ca_key, SECRET_MODE)
        out["certs/domain.crt"] = (tls.cert, FILE_MODE)
        out["certs/domain.key"] = (tls.key, SECRET_MODE)
    if htpasswd is not None:
        out["auth/htpasswd"] = (htpasswd, SECRET_MODE)
    ci = ci_files(plan)
    for path, (content, mode, purpose) in ci.items():
        out[path] = (content, mode)
        purposes[path] = purpose

    steps = _Steps()
    sections: list[str] = []
    gotchas: list[str] = []
    # A server bundle's README makes certs/ca.crt itself when secrets were not generated.
    have_ca = tls is not None or plan.kind == "server"
    constrained = tls is not None
    if plan.kind == "server":
        if not secure:
            sections.append(_risks_insecure(plan))
        _server_steps(
            plan,
            steps,
            have_secrets=tls is not None,
            expiry=_cert_expiry(tls.cert) if tls is not None else None,
        )
        _client_steps(plan, steps, have_ca=have_ca, constrained=constrained)
        if secure:
            _login_step(plan, steps)
        _smoke_step(plan, steps)
        _ci_step(plan, steps, ci)
        _gc_step(plan, steps)
        if plan.setup == "public":
            sections.append(_public_self_hosted_note(plan))
    elif plan.kind == "self-hosted":
        if not secure:
            sections.append(_risks_insecure(plan))
        _selfhosted_product_steps(plan, steps)
        _client_steps(plan, steps, have_ca=have_ca, constrained=constrained)
        if secure:
            if plan.profile.id in ("gitlab", "quay"):
                gotchas = _hosted_steps(plan, steps)
            else:
                _login_step(plan, steps)
        _ci_step(plan, steps, ci)
        if plan.setup == "public":
            sections.append(_public_self_hosted_note(plan))
    else:
        gotchas = _hosted_steps(plan, steps)
        _ci_step(plan, steps, ci)

    body = [*(f"{section}\n" for section in sections), "## Steps", "", steps.render()]
    if gotchas:
        body += ["", "## Gotchas", "", *(f"- {g}" for g in gotchas)]
    body += ["", _sources(plan)]
    out["README.md"] = (_readme(plan, out, purposes, "\n".join(body)), FILE_MODE)
    return out


def _public_self_hosted_note(plan: Plan) -> str:
    return "\n".join(
        [
            "## A public registry you run",
            "",
            "- Consumers will not install your CA: serve the registry with a certificate "
            "from a public CA (Distribution supports Let's Encrypt through "
            "`http.tls.letsencrypt`), and drop the `ca.crt` steps for them.",
            "- Distribution's htpasswd auth covers pulls and pushes alike: it cannot let "
            "anonymous users pull while protecting pushes. Put a reverse proxy in front "
            "that allows GET and HEAD without credentials, or choose a registry with "
            "anonymous-pull projects, or a hosted registry."
            if plan.kind == "server"
            else "- Make the project or repository public in the product's settings so "
            "anonymous users can pull; pushes still need a login.",
        ]
    )
