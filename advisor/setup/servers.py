"""Server-side files for the registries you run other than Distribution (emit.py has that one).

Each file is built as data and written by a real emitter: JSON (`json`), YAML (PyYAML),
shell (every value through `shlex.quote`) and Ruby (`ruby_str`, single-quoted literals).
The keys each may hold are listed, with the vendor's documentation as source, in the
registry's recipe (`server.keys` in data/setup/<id>.yaml); tests check every emitted key
against that list.

- zot: `server/config.json` (its JSON config) and `server/compose.yaml`.
  https://github.com/project-zot/zot/blob/main/examples/README.md
- Harbor: `server/harbor.yml` for the offline (or online) installer's `./install.sh`.
  https://github.com/goharbor/harbor/blob/main/make/harbor.yml.tmpl
- Nexus Repository: `server/nexus-docker-repo.sh`, a Docker hosted repository with its own
  connector port, made through the REST API (POST /service/rest/v1/repositories/docker/hosted).
  https://help.sonatype.com/en/repositories-api.html
- GitLab self-managed: `server/gitlab.rb`, the container registry lines of /etc/gitlab/gitlab.rb.
  https://docs.gitlab.com/administration/packages/container_registry/
- Quay: `server/config.yaml`, the minimal on-premise configuration.
  https://docs.redhat.com/en/documentation/red_hat_quay/3/html/configure_red_hat_quay/on-prem-configuration-overview
- JFrog Artifactory: `server/system.yaml` (the few system.yaml keys the setup needs) and
  `server/artifactory-docker-repo.sh`, a local Docker repository made through the REST API
  (PUT /artifactory/api/repositories/{repoKey}).
  https://jfrog.com/help/r/jfrog-rest-apis/create-repository
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from advisor.setup.emit import comment, to_json, to_yaml

if TYPE_CHECKING:
    from advisor.setup.plan import Plan

# Where the bundle's secrets go inside each product's container (or on its host).
ZOT_CONFIG = "/etc/zot/config.json"
ZOT_DATA = "/var/lib/registry"
ZOT_CERTS = "/etc/zot/certs"
ZOT_HTPASSWD = "/etc/zot/htpasswd"
ZOT_IMAGE = "ghcr.io/project-zot/zot-linux-amd64:latest"
HARBOR_CERTS = "/etc/harbor/certs"
GITLAB_CERTS = "/etc/gitlab/ssl"
NEXUS_REPOSITORY = "docker-hosted"
ARTIFACTORY_REPOSITORY = "docker-local"  # JFrog's examples name a local Docker repository so


def _port(plan: Plan, secure: bool) -> int:
    """The port the registry serves: from --host, else the product's usual one."""
    assert plan.host is not None
    if plan.host.port is not None:
        return plan.host.port
    return plan.profile.default_port_tls if secure else plan.profile.default_port_plain


def ruby_str(value: str) -> str:
    """A Ruby single-quoted string literal: only `\\` and `'` are special inside one."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def key_paths(data: Any, prefix: str = "") -> list[str]:
    """Every dotted key path of a nested mapping (leaves and branches), for the key checks."""
    out: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            out.append(path)
            out += key_paths(value, path)
    return out


# --- zot -----------------------------------------------------------------------------------


def zot_config_data(plan: Plan) -> dict[str, Any]:
    secure = plan.setup != "insecure"
    http: dict[str, Any] = {"address": "0.0.0.0", "port": str(_port(plan, secure))}
    if secure:
        http["tls"] = {"cert": f"{ZOT_CERTS}/domain.crt", "key": f"{ZOT_CERTS}/domain.key"}
        http["auth"] = {"htpasswd": {"path": ZOT_HTPASSWD}}
    return {
        "distSpecVersion": "1.1.1",
        "storage": {"rootDirectory": ZOT_DATA, "gc": True, "dedupe": True},
        "http": http,
        "log": {"level": "info"},
    }


def zot_compose_data(plan: Plan) -> dict[str, Any]:
    secure = plan.setup != "insecure"
    port = _port(plan, secure)
    volumes = [f"./config.json:{ZOT_CONFIG}:ro", f"zot-data:{ZOT_DATA}"]
    if secure:
        volumes += [f"../certs:{ZOT_CERTS}:ro", f"../auth/htpasswd:{ZOT_HTPASSWD}:ro"]
    return {
        "services": {
            "zot": {
                "image": ZOT_IMAGE,
                "restart": "always",
                "ports": [f"{port}:{port}"],
                "volumes": volumes,
            }
        },
        "volumes": {"zot-data": {}},
    }


# --- Harbor --------------------------------------------------------------------------------


def harbor_data(plan: Plan) -> dict[str, Any]:
    assert plan.host is not None
    secure = plan.setup != "insecure"
    port = _port(plan, secure)
    data: dict[str, Any] = {"hostname": plan.host.name}
    if secure:
        # Harbor always opens the HTTP port too and redirects it to HTTPS.
        data["http"] = {"port": 80}
        data["https"] = {
            "port": port,
            "certificate": f"{HARBOR_CERTS}/domain.crt",
            "private_key": f"{HARBOR_CERTS}/domain.key",
        }
    else:
        data["http"] = {"port": port}
    data.update(
        {
            "harbor_admin_password": "CHANGE-ME-ON-FIRST-LOGIN",
            "database": {"password": "CHANGE-ME-DATABASE-PASSWORD"},
            "data_volume": "/data",
            "trivy": {"skip_update": True, "offline_scan": True},
            "log": {"level": "info", "local": {"location": "/var/log/harbor"}},
        }
    )
    return data


# --- Nexus ---------------------------------------------------------------------------------


def nexus_payload(plan: Plan) -> dict[str, Any]:
    secure = plan.setup != "insecure"
    port = _port(plan, secure)
    return {
        "name": NEXUS_REPOSITORY,
        "online": True,
        "storage": {
            "blobStoreName": "default",
            "strictContentTypeValidation": True,
            "writePolicy": "allow_once",
        },
        "docker": {
            "v1Enabled": False,
            "forceBasicAuth": True,
            "httpPort": None if secure else port,
            "httpsPort": port if secure else None,
        },
    }


def nexus_script(plan: Plan, header: Iterable[str]) -> str:
    payload = json.dumps(nexus_payload(plan), separators=(",", ":"))
    lines = [
        "#!/bin/sh",
        comment(header).rstrip("\n"),
        "# Usage: NEXUS_URL=http://nexus.lan:8081 sh nexus-docker-repo.sh < admin-password-file",
        "# The admin password is read from standard input, so it stays off the command line.",
        "set -eu",
        ': "${NEXUS_URL:?set NEXUS_URL to the Nexus UI and API address, e.g. http://nexus.lan:8081}"',
        "IFS= read -r NEXUS_PASSWORD || true",
        "# curl's config syntax: a backslash or double quote in the password is escaped.",
        "NEXUS_PASSWORD=$(printf '%s' \"$NEXUS_PASSWORD\" | sed 's/[\\\\\"]/\\\\&/g')",
        # curl reads the credentials from a here-document config: never from argv.
        "curl --fail --show-error --silent --config - \\",
        '  -X POST "$NEXUS_URL/service/rest/v1/repositories/docker/hosted" \\',
        "  -H 'Content-Type: application/json' \\",
        f"  --data {shlex.quote(payload)} <<EOF",
        'user = "admin:$NEXUS_PASSWORD"',
        "EOF",
        "echo 'created the Docker hosted repository " + NEXUS_REPOSITORY + "'",
    ]
    return "\n".join(lines) + "\n"


# --- JFrog Artifactory ----------------------------------------------------------------------


def artifactory_system_data(plan: Plan) -> dict[str, Any]:
    """system.yaml: for TLS, the node's name (JFrog matches the certificate's subject
    against `shared.node.ip`) and Tomcat's HTTPS connector, which JFrog's custom-certificate
    procedure turns on; for plain HTTP, that connector stays off."""
    assert plan.host is not None
    if plan.setup == "insecure":
        return {"artifactory": {"tomcat": {"httpsConnector": {"enabled": False}}}}
    return {
        "shared": {"node": {"ip": plan.host.name}},
        "artifactory": {"tomcat": {"httpsConnector": {"enabled": True}}},
    }


def artifactory_payload(plan: Plan) -> dict[str, Any]:
    """The Create Repository body: a local Docker (V2) repository."""
    del plan  # the same repository for every setup: access is by repository path
    return {
        "key": ARTIFACTORY_REPOSITORY,
        "rclass": "local",
        "packageType": "docker",
        "dockerApiVersion": "V2",
        "description": "Docker images (made by Registry Advisor)",
    }


def artifactory_script(plan: Plan, header: Iterable[str]) -> str:
    payload = json.dumps(artifactory_payload(plan), separators=(",", ":"))
    lines = [
        "#!/bin/sh",
        comment(header).rstrip("\n"),
        "# Usage: ARTIFACTORY_URL=http://artifactory.lan:8082/artifactory \\",
        "#          sh artifactory-docker-repo.sh < admin-password-file",
        "# The admin password is read from standard input, so it stays off the command line.",
        "set -eu",
        ': "${ARTIFACTORY_URL:?set ARTIFACTORY_URL, e.g. http://artifactory.lan:8082/artifactory}"',
        "IFS= read -r ARTIFACTORY_PASSWORD || true",
        "# curl's config syntax: a backslash or double quote in the password is escaped.",
        "ARTIFACTORY_PASSWORD=$(printf '%s' \"$ARTIFACTORY_PASSWORD\" | sed 's/[\\\\\"]/\\\\&/g')",
        # curl reads the credentials from a here-document config: never from argv.
        "curl --fail --show-error --silent --config - \\",
        f'  -X PUT "$ARTIFACTORY_URL/api/repositories/"{shlex.quote(ARTIFACTORY_REPOSITORY)} \\',
        "  -H 'Content-Type: application/json' \\",
        f"  --data {shlex.quote(payload)} <<EOF",
        'user = "admin:$ARTIFACTORY_PASSWORD"',
        "EOF",
        "echo",
        "echo 'created the local Docker repository " + ARTIFACTORY_REPOSITORY + "'",
    ]
    return "\n".join(lines) + "\n"


# --- GitLab --------------------------------------------------------------------------------


def gitlab_settings(plan: Plan) -> list[tuple[str, str]]:
    """(gitlab.rb setting, Ruby literal) pairs: registry_external_url, registry_nginx[...]."""
    assert plan.host is not None
    secure = plan.setup != "insecure"
    port = _port(plan, secure)
    scheme = "https" if secure else "http"
    out = [
        ("registry_external_url", ruby_str(f"{scheme}://{plan.host.hostpart}:{port}")),
        ("registry['enable']", "true"),
    ]
    if secure:
        out += [
            ("registry_nginx['ssl_certificate']", ruby_str(f"{GITLAB_CERTS}/domain.crt")),
            ("registry_nginx['ssl_certificate_key']", ruby_str(f"{GITLAB_CERTS}/domain.key")),
        ]
    return out


def gitlab_rb(plan: Plan, header: Iterable[str]) -> str:
    lines = [comment(header).rstrip("\n")]
    for key, value in gitlab_settings(plan):
        if key == "registry_external_url":
            lines.append(f"{key} {value}")
        else:
            lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


# --- Quay ----------------------------------------------------------------------------------


def quay_data(plan: Plan) -> dict[str, Any]:
    assert plan.host is not None
    secure = plan.setup != "insecure"
    return {
        "SERVER_HOSTNAME": plan.address,
        "PREFERRED_URL_SCHEME": "https" if secure else "http",
        "EXTERNAL_TLS_TERMINATION": False,
        "AUTHENTICATION_TYPE": "Database",
        "SETUP_COMPLETE": True,
        "DB_URI": "postgresql://quayuser:CHANGE-ME@quay-db:5432/quay",
        "DATABASE_SECRET_KEY": "CHANGE-ME-openssl-rand-hex-32",
        "SECRET_KEY": "CHANGE-ME-openssl-rand-hex-32",
        "BUILDLOGS_REDIS": {"host": "quay-redis", "port": 6379},
        "USER_EVENTS_REDIS": {"host": "quay-redis", "port": 6379},
        "DISTRIBUTED_STORAGE_CONFIG": {
            "default": ["LocalStorage", {"storage_path": "/datastorage/registry"}]
        },
        "DISTRIBUTED_STORAGE_DEFAULT_LOCATIONS": [],
        "DISTRIBUTED_STORAGE_PREFERENCE": ["default"],
        "DEFAULT_TAG_EXPIRATION": "2w",
        "TAG_EXPIRATION_OPTIONS": ["0s", "1d", "1w", "2w", "4w"],
        "FEATURE_USER_CREATION": True,
        "FEATURE_ANONYMOUS_ACCESS": plan.setup == "public",
    }


# --- the bundle's server files --------------------------------------------------------------


def _header(plan: Plan, what: str, sources: list[str]) -> list[str]:
    mode = "plain HTTP, no TLS" if plan.setup == "insecure" else "TLS with the bundle's certificate"
    return [
        f"{what}: {plan.setup} registry at {plan.address} ({mode}).",
        *(f"Source: {s}" for s in sources),
    ]


def server_files(plan: Plan, sources: list[str]) -> dict[str, str]:
    """{bundle path: text} of the server files for a product you run; {} when we have none.

    `sources` are the URLs of the registry's `server` recipe (its documented keys).
    """
    pid = plan.profile.id
    makers: dict[str, Callable[[], dict[str, str]]] = {
        "zot": lambda: {
            "server/config.json": to_json(zot_config_data(plan)),
            "server/compose.yaml": to_yaml(
                zot_compose_data(plan),
                [*_header(plan, "Docker Compose for zot", sources), "docker compose up -d"],
            ),
        },
        "harbor": lambda: {
            "server/harbor.yml": to_yaml(
                harbor_data(plan),
                [
                    *_header(plan, "Harbor installer configuration", sources),
                    "Copy over harbor/harbor.yml of the unpacked installer, then sudo ./install.sh",
                    "Change both CHANGE-ME passwords before the first install.",
                ],
            )
        },
        "nexus": lambda: {
            "server/nexus-docker-repo.sh": nexus_script(
                plan, _header(plan, "Nexus Repository: a Docker hosted repository", sources)
            )
        },
        "gitlab": lambda: {
            "server/gitlab.rb": gitlab_rb(
                plan,
                [
                    *_header(plan, "GitLab self-managed container registry", sources),
                    "Add these lines to /etc/gitlab/gitlab.rb, then sudo gitlab-ctl reconfigure",
                ],
            )
        },
        "jfrog": lambda: {
            "server/system.yaml": to_yaml(
                artifactory_system_data(plan),
                [
                    *_header(plan, "Artifactory system.yaml (the keys this setup needs)", sources),
                    "Merge into $JFROG_HOME/artifactory/var/etc/system.yaml, then restart.",
                ],
            ),
            "server/artifactory-docker-repo.sh": artifactory_script(
                plan, _header(plan, "Artifactory: a local Docker repository", sources)
            ),
        },
        "quay": lambda: {
            "server/config.yaml": to_yaml(
                quay_data(plan),
                [
                    *_header(plan, "Quay configuration (config.yaml)", sources),
                    "Replace every CHANGE-ME before the first start.",
                ],
            )
        },
    }
    make = makers.get(pid)
    return make() if make is not None and not plan.profile.from_catalog else {}
