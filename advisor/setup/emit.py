"""Config files as data structures, written by real emitters.

Each config is built as a dict and written with its format's library: YAML with PyYAML
(`yaml.dump` with a SafeDumper), JSON with `json`, TOML with `tomli_w`. Comments go above
the data, one `# ` line per line of text (`comment`), so no value can end a comment and
start a line of its own. The sources cited in the comments are the recipe steps that
explain each file (data/setup/clients.yaml, distribution.yaml).

Formats and paths:
- Distribution configuration (config.yml):
  https://github.com/distribution/distribution/blob/main/docs/content/about/configuration.md
- Docker daemon.json `insecure-registries`, containerd certs.d hosts.toml, Podman
  registries.conf, k3s registries.yaml, BuildKit buildkitd.toml: see the sources of the
  matching steps in data/setup/clients.yaml.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from advisor.setup.recipes import Recipes, no_controls, sources_of

if TYPE_CHECKING:
    from advisor.setup.host import Host
    from advisor.setup.plan import Plan

# Paths inside the registry container (registry:3); the Compose file mounts the bundle there.
CONTAINER_CONFIG = "/etc/distribution/config.yml"
CONTAINER_CONFIG_V2 = "/etc/docker/registry/config.yml"
CONTAINER_DATA = "/var/lib/registry"
CONTAINER_CERT = "/certs/domain.crt"
CONTAINER_KEY = "/certs/domain.key"
CONTAINER_HTPASSWD = "/auth/htpasswd"
HTPASSWD_REALM = "Registry Realm"


# --- the writers -------------------------------------------------------------------------


def comment(lines: Iterable[str], mark: str = "#") -> str:
    """Comment lines: every line of every text gets the mark, so none can escape it."""
    out = []
    for text in lines:
        for line in text.splitlines() or [""]:
            out.append(f"{mark} {no_controls(line)}".rstrip())
    return "\n".join(out) + "\n" if out else ""


def _yaml_dumper() -> type:
    import yaml

    class Dumper(yaml.SafeDumper):
        """SafeDumper that writes multi-line strings as literal blocks (`|`)."""

    def str_block(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
        if "\n" in data:
            return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
        if data.startswith(":"):
            # Plain `:5000` is valid YAML 1.2, but older parsers read ':' as an indicator.
            return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return dumper.represent_scalar("tag:yaml.org,2002:str", data)

    Dumper.add_representer(str, str_block)
    return Dumper


def to_yaml(data: Any, header: Iterable[str] = ()) -> str:
    """`data` as YAML (PyYAML, safe types only, keys in the order given) under a comment."""
    import yaml

    body = yaml.dump(
        data,
        Dumper=_yaml_dumper(),
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=False,
        width=1000,
    )
    return comment(header) + body


def to_toml(data: dict[str, Any], header: Iterable[str] = ()) -> str:
    import tomli_w

    return comment(header) + tomli_w.dumps(data)


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2) + "\n"


def _sources(recipes: Recipes, ref: str) -> str:
    """The sources of one recipe step, for a comment line."""
    steps = recipes.steps_of(ref, None)
    return " ; ".join(dict.fromkeys(u for s in steps for u in sources_of(s)))


# --- Distribution and Compose ------------------------------------------------------------


def listen_addr(host: Host) -> str:
    """Where Distribution listens: only loopback for a loopback host, else every interface."""
    if host.is_loopback:
        return host.address
    return f":{host.port}"


def distribution_config(plan: Plan, recipes: Recipes) -> str:
    assert plan.host is not None and plan.host.port is not None
    secure = plan.setup != "insecure"
    mode = "TLS + htpasswd" if secure else "plain HTTP, no authentication"
    config: dict[str, Any] = {
        "version": 0.1,
        "log": {"level": "info", "fields": {"service": "registry"}},
        "storage": {
            "filesystem": {"rootdirectory": CONTAINER_DATA},
            "delete": {"enabled": True},
            "cache": {"blobdescriptor": "inmemory"},
        },
        "http": {
            "addr": listen_addr(plan.host),
            "headers": {"X-Content-Type-Options": ["nosniff"]},
        },
    }
    if secure:
        config["http"]["tls"] = {"certificate": CONTAINER_CERT, "key": CONTAINER_KEY}
        config["auth"] = {"htpasswd": {"realm": HTPASSWD_REALM, "path": CONTAINER_HTPASSWD}}
    config["health"] = {"storagedriver": {"enabled": True, "interval": "10s", "threshold": 3}}
    header = [
        f"CNCF Distribution configuration: {plan.setup} registry at {plan.address} ({mode}).",
        "Works with registry:3, registry:2 and Debian's docker-registry 2.8.",
        f"Keys: {_sources(recipes, 'distribution:start')}",
        "storage.delete lets clients delete manifests, so that garbage-collect can free",
        "their blobs. Any key can be overridden from the environment, e.g.",
        "  REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY=/srv/registry",
    ]
    return to_yaml(config, header)


def compose_file(plan: Plan, recipes: Recipes) -> str:
    assert plan.host is not None and plan.host.port is not None
    port = plan.host.port
    publish = f"{port}:{port}"
    # registry:3 exports traces to localhost:4318 unless told not to.
    env = {"OTEL_TRACES_EXPORTER": "none"}
    if plan.host.is_loopback:
        # Inside the container, loopback is the container's own: listen on all of its
        # interfaces and publish the port on the host's loopback only.
        publish = f"{plan.host.hostpart}:{port}:{port}"
        env["REGISTRY_HTTP_ADDR"] = f"0.0.0.0:{port}"
    volumes = [f"./config.yml:{CONTAINER_CONFIG}:ro", f"registry-data:{CONTAINER_DATA}"]
    if plan.setup != "insecure":
        volumes += ["../certs:/certs:ro", "../auth:/auth:ro"]
    compose = {
        "services": {
            "registry": {
                "image": "registry:3",
                "restart": "always",
                "ports": [publish],
                "environment": env,
                "volumes": volumes,
            }
        },
        "volumes": {"registry-data": {}},
    }
    header = [
        f"Docker Compose: run the registry for {plan.address}.  docker compose up -d",
        "registry:3 is what the current Distribution docs use. With registry:2, mount the",
        f"config at {CONTAINER_CONFIG_V2} instead (and drop OTEL_TRACES_EXPORTER, which",
        "stops registry:3 from exporting traces to localhost:4318).",
        f"Source: {_sources(recipes, 'distribution:run-insecure')}",
    ]
    return to_yaml(compose, header)


# --- client configs ----------------------------------------------------------------------


def daemon_json(plan: Plan) -> str:
    return to_json({"insecure-registries": [plan.address]})


def hosts_toml(plan: Plan, recipes: Recipes) -> str:
    addr = plan.address
    src = _sources(recipes, "clients:containerd")
    if plan.setup == "insecure":
        url = f"http://{addr}"
        host: dict[str, Any] = {"capabilities": ["pull", "resolve", "push"]}
        header = [
            f"containerd: HOSTS_DIR/{addr}/hosts.toml (HOSTS_DIR is config_path, usually",
            "/etc/containerd/certs.d, or ctr/nerdctl --hosts-dir).",
            f"Plain HTTP to {addr}. Source: {src}",
        ]
    else:
        url = f"https://{addr}"
        # A relative `ca` is read from the directory of this hosts.toml, so the file works
        # in any hosts dir (config_path, ctr/nerdctl --hosts-dir), not only /etc/containerd.
        host = {"capabilities": ["pull", "resolve", "push"], "ca": "ca.crt"}
        header = [
            f"containerd: HOSTS_DIR/{addr}/hosts.toml (HOSTS_DIR is config_path, usually",
            "/etc/containerd/certs.d, or ctr/nerdctl --hosts-dir), with ca.crt beside it.",
            f"Source: {src}",
        ]
    return to_toml({"server": url, "host": {url: host}}, header)


def registries_conf(plan: Plan, recipes: Recipes) -> str:
    insecure = plan.setup == "insecure"
    header = [
        "Podman, Buildah, CRI-O, skopeo: save as the drop-in",
        "/etc/containers/registries.conf.d/50-registry-advisor.conf (rootless:",
        "~/.config/containers/registries.conf.d/). Do not append it to a registries.conf",
        "in the old v1 format ([registries.insecure]): mixing the formats in one file fails.",
        f"Source: {_sources(recipes, 'clients:podman-insecure')}",
    ]
    if not insecure:
        header += [
            f"TLS is verified against /etc/containers/certs.d/{plan.address}/ca.crt;",
            "this entry only states that explicitly.",
        ]
    return to_toml({"registry": [{"location": plan.address, "insecure": insecure}]}, header)


def k3s_registries(plan: Plan, recipes: Recipes) -> str:
    addr = plan.address
    scheme = "http" if plan.setup == "insecure" else "https"
    data: dict[str, Any] = {"mirrors": {addr: {"endpoint": [f"{scheme}://{addr}"]}}}
    header = [
        "k3s: /etc/rancher/k3s/registries.yaml on every node, servers included; then",
        f"restart k3s. Sources: {_sources(recipes, 'clients:k3s')}",
    ]
    if scheme == "https":
        data["configs"] = {addr: {"tls": {"ca_file": f"/etc/rancher/k3s/certs/{addr}/ca.crt"}}}
        header += [
            "Credentials go in configs.<host>.auth (username, password) on the node itself,",
            "never in a file you share.",
        ]
    return to_yaml(data, header)


def buildkitd_toml(plan: Plan, recipes: Recipes) -> str:
    addr = plan.address
    header = [
        "BuildKit (docker buildx with the docker-container driver) ignores daemon.json.",
        "docker buildx create --use --driver docker-container "
        "--buildkitd-config clients/buildkitd.toml",
        f"Sources: {_sources(recipes, 'clients:buildkit-insecure')}",
    ]
    if plan.setup == "insecure":
        return to_toml({"registry": {addr: {"http": True}}}, header)
    header += [
        "The CA path is read on THIS machine by `docker buildx create`, which copies the",
        "file into the builder itself; run the command from the bundle's directory.",
    ]
    return to_toml({"registry": {addr: {"ca": ["certs/ca.crt"]}}}, header)


def _config_makers(plan: Plan) -> dict[str, Any]:
    """{bundle path: function(plan, recipes) -> text} of the configs this plan needs."""
    out: dict[str, Any] = {}
    if plan.kind == "server":
        out["registry/config.yml"] = distribution_config
        out["registry/compose.yaml"] = compose_file
    if plan.kind != "hosted":
        if plan.setup == "insecure":
            out["clients/daemon.json"] = lambda plan, _recipes: daemon_json(plan)
        out["clients/hosts.toml"] = hosts_toml
        out["clients/registries.conf"] = registries_conf
        out["clients/k3s-registries.yaml"] = k3s_registries
        out["clients/buildkitd.toml"] = buildkitd_toml
    return out


def config_paths(plan: Plan) -> tuple[str, ...]:
    """The bundle paths `config_files` would write for this plan, without emitting them
    (no PyYAML or tomli-w import): what a summary of the steps needs."""
    return tuple(_config_makers(plan))


def config_files(plan: Plan, recipes: Recipes) -> dict[str, str]:
    """{bundle path: text} of the registry and client configs this plan needs."""
    return {path: make(plan, recipes) for path, make in _config_makers(plan).items()}
