"""What this machine's container clients are configured to do for one registry host.

Read only, and never a credentials file (~/.docker/config.json, auth.json, k3s
registries.yaml are not opened). Every path is prefixed by `root` ("/" normally; a
temporary directory in tests), and each client records where it looked.

Sources (read 2026-11-30):
- Docker: daemon.json `insecure-registries` (loopback is insecure by default) and
  /etc/docker/certs.d/HOST:PORT/*.crt — https://docs.docker.com/reference/cli/dockerd/ ,
  https://docs.docker.com/engine/security/certificates/
- containerd: `config_path` under the CRI registry plugin (`io.containerd.grpc.v1.cri` in
  config version 2, `io.containerd.cri.v1.images` in version 3), then
  CONFIG_PATH/HOST:PORT/ (or HOST_PORT_/) hosts.toml with `server`, `[host."URL"]`, `ca`,
  `skip_verify`, or *.crt files in Docker's layout; loopback hosts get plain HTTP (1.x:
  docker.MatchLocalhost; 2.x: an HTTP fallback after unverified TLS) —
  https://github.com/containerd/containerd/blob/main/docs/hosts.md and
  core/remotes/docker/config/hosts.go (ConfigureHosts, hostDirectory)
- Podman, Buildah, skopeo (containers/image): registries.conf and registries.conf.d/*.conf
  ([[registry]] location/prefix/insecure; the v1 [registries.insecure] table, which may not
  be mixed with v2 tables in one file), certs.d under /etc/containers and /etc/docker —
  containers-registries.conf(5), containers-certs.d(5) in containers/image.
- BuildKit: buildkitd.toml `[registry."HOST:PORT"]` with `http`, `insecure`, `ca` —
  https://docs.docker.com/build/buildkit/toml-configuration/
"""

from __future__ import annotations

import ipaddress
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.doctor.target import Target
from advisor.doctor.text import Said, clean, joined
from advisor.i18n import N_

MAX_BYTES = 1024 * 1024
CLIENTS = ("docker", "containerd", "podman", "buildkit")


@dataclass
class ClientConfig:
    """One client's settings for the host: HTTP allowed, TLS verification skipped, CAs."""

    client: str
    looked: list[str] = field(default_factory=list)  # "PATH (found|absent|...)"
    found_any: bool = False
    http: bool = False  # will talk plain HTTP to the host
    skip_verify: bool = False  # accepts any certificate
    ca_files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # misconfigurations
    notes: list[str] = field(default_factory=list)

    def short(self) -> str:
        """One or two words: 'plain HTTP', 'no TLS check', 'CA', 'default'."""
        if self.http:
            return Said(N_("plain HTTP allowed"))
        if self.skip_verify:
            return Said(N_("TLS not verified"))
        if self.ca_files:
            return Said(N_("own CA"))
        return Said(N_("default (HTTPS, system CAs)"))

    def describe(self) -> str:
        parts: list[str] = []
        if self.http:
            parts.append(Said(N_("plain HTTP allowed")))
        if self.skip_verify:
            parts.append(Said(N_("TLS verification off")))
        if self.ca_files:
            parts.append(Said(N_("{count} CA file(s)"), count=len(self.ca_files)))
        if not parts:
            parts.append(Said(N_("HTTPS with the system CAs (no setting for this host)")))
        return joined(", ", parts)  # type: ignore[return-value]


class Root:
    """Config paths under a root directory ('/' for the real machine)."""

    def __init__(self, root: str | None, home: str | None = None) -> None:
        self.root = Path(root or "/")
        self.home = home or os.path.expanduser("~")

    def path(self, absolute: str) -> Path:
        if absolute.startswith("~/"):
            absolute = self.home.rstrip("/") + absolute[1:]
        return self.root / absolute.lstrip("/")

    def read(self, cfg: ClientConfig, absolute: str | Path) -> str | None:
        p = absolute if isinstance(absolute, Path) else self.path(absolute)
        try:
            if not p.is_file():
                cfg.looked.append(Said(N_("{path} (absent)"), path=str(p)))
                return None
            size = p.stat().st_size
            if size > MAX_BYTES:
                cfg.looked.append(
                    Said(
                        N_("{path} (larger than {limit} bytes, not read)"),
                        path=str(p),
                        limit=MAX_BYTES,
                    )
                )
                return None
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            cfg.looked.append(
                Said(N_("{path} (unreadable: {reason})"), path=str(p), reason=exc.strerror)
            )
            return None
        cfg.looked.append(Said(N_("{path} (found)"), path=str(p)))
        cfg.found_any = True
        return text


def _toml(cfg: ClientConfig, text: str, where: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        cfg.problems.append(
            f"{where}: "
            + Said(
                N_("not valid TOML ({reason}); the client will not load it"),
                reason=clean(exc)[:120],
            )
        )
        return None


def _crt_files(cfg: ClientConfig, directory: Path) -> list[str]:
    try:
        if not directory.is_dir():
            cfg.looked.append(Said(N_("{path} (absent)"), path=f"{directory}/"))
            return []
        files = sorted(str(p) for p in directory.iterdir() if p.suffix == ".crt")
    except OSError as exc:
        cfg.looked.append(
            Said(N_("{path} (unreadable: {reason})"), path=f"{directory}/", reason=exc.strerror)
        )
        return []
    cfg.found_any = True
    cfg.looked.append(
        Said(N_("{path} (found, {count} .crt file(s))"), path=f"{directory}/", count=len(files))
    )
    return files


# --- Docker ------------------------------------------------------------------------------


def _in_insecure_list(entries: list[Any], target: Target) -> tuple[bool, list[str]]:
    """Whether daemon.json's insecure-registries covers the host; and entries that almost do."""
    near: list[str] = []
    for raw in entries:
        entry = str(raw).strip()
        if entry == target.address:
            return True, near
        bare = entry.split("://", 1)[-1].rstrip("/")
        if bare == target.address and entry != bare:
            near.append(
                Said(
                    N_("'{entry}' has a scheme or slash; write '{address}'"),
                    entry=clean(entry),
                    address=target.address,
                )
            )
        elif bare.split(":")[0] == target.hostpart and bare != target.address:
            near.append(
                Said(
                    N_("'{entry}' names another port than {address}"),
                    entry=clean(entry),
                    address=target.address,
                )
            )
        if target.family != "dns" and "/" in entry and "://" not in entry:
            try:
                if ipaddress.ip_address(target.name) in ipaddress.ip_network(entry, strict=False):
                    return True, near
            except ValueError:
                pass
    return False, near


def docker(root: Root, target: Target) -> ClientConfig:
    cfg = ClientConfig("docker")
    for path in ("/etc/docker/daemon.json", "~/.config/docker/daemon.json"):
        text = root.read(cfg, path)
        if text is None:
            continue
        try:
            data = json.loads(text)
        except ValueError as exc:
            cfg.problems.append(
                f"{root.path(path)}: "
                + Said(
                    N_("not valid JSON ({reason}); dockerd will not start"),
                    reason=clean(exc)[:80],
                )
            )
            continue
        if not isinstance(data, dict):
            cfg.problems.append(f"{root.path(path)}: " + Said(N_("expected a JSON object")))
            continue
        for key in data:
            if "insecure" in key.lower() and key != "insecure-registries":
                cfg.problems.append(
                    f"{root.path(path)}: "
                    + Said(
                        N_(
                            "key '{key}' is not 'insecure-registries'; "
                            "dockerd ignores or rejects it"
                        ),
                        key=clean(key),
                    )
                )
        entries = data.get("insecure-registries") or []
        if isinstance(entries, list):
            covered, near = _in_insecure_list(entries, target)
            cfg.problems += [f"{root.path(path)}: " + n for n in near]
            if covered:
                cfg.http = cfg.skip_verify = True
                cfg.notes.append(
                    Said(N_("{file} lists it in insecure-registries"), file=str(root.path(path)))
                )
    if target.is_loopback and not cfg.http:
        cfg.http = cfg.skip_verify = True
        cfg.notes.append(Said(N_("loopback addresses are insecure registries by default")))
    if cfg.http:
        cfg.notes.append(
            Said(N_("daemon.json changes take effect after dockerd restarts (or reloads)"))
        )
    cfg.ca_files = _crt_files(cfg, root.path(f"/etc/docker/certs.d/{target.address}"))
    return cfg


# --- containerd --------------------------------------------------------------------------


def _config_path(data: dict[str, Any]) -> str | None:
    plugins = data.get("plugins") or {}
    for name in ("io.containerd.cri.v1.images", "io.containerd.grpc.v1.cri"):
        registry = (plugins.get(name) or {}).get("registry") or {}
        if isinstance(registry, dict) and registry.get("config_path"):
            return str(registry["config_path"])
    return None


def containerd(root: Root, target: Target) -> ClientConfig:
    cfg = ClientConfig("containerd")
    text = root.read(cfg, "/etc/containerd/config.toml")
    config_path = None
    if text is not None:
        data = _toml(cfg, text, str(root.path("/etc/containerd/config.toml"))) or {}
        config_path = _config_path(data)
        if config_path is None:
            cfg.notes.append(
                Said(
                    N_(
                        "config.toml sets no registry config_path: the CRI plugin (Kubernetes, "
                        "nerdctl) then ignores hosts.toml files"
                    )
                )
            )
    dirs = config_path.split(":") if config_path else ["/etc/containerd/certs.d"]
    cfg.notes.append(
        Said(N_("ctr reads hosts.toml only with --hosts-dir (or --plain-http for HTTP)"))
    )
    found = False
    for directory in dirs:
        # containerd looks for HOST:PORT, then HOST_PORT_ (for file systems without ':').
        names = [target.address]
        if target.explicit_port:
            names.append(f"{target.hostpart}_{target.port}_")
        for name in names:
            host_dir = root.path(f"{directory.rstrip('/')}/{name}")
            misnamed = host_dir / "host.toml"
            if misnamed.is_file():
                cfg.problems.append(
                    f"{misnamed}: " + Said(N_("containerd reads 'hosts.toml', not 'host.toml'"))
                )
            text = root.read(cfg, host_dir / "hosts.toml")
            if text is None:
                if host_dir.is_dir():
                    # Without hosts.toml, the directory is read in Docker's certs.d layout.
                    cfg.ca_files += _crt_files(cfg, host_dir)
                    found = bool(cfg.ca_files)
                continue
            found = True
            data = _toml(cfg, text, str(host_dir / "hosts.toml"))
            if data is None:
                continue
            if config_path is None:
                cfg.problems.append(
                    Said(
                        N_("{file} exists but config.toml sets no config_path"),
                        file=str(host_dir / "hosts.toml"),
                    )
                )
            _read_hosts_toml(cfg, data, host_dir, root)
            break
        if found:
            break
    if not found and target.is_loopback and target.explicit_port and target.port != 443:
        # With no hosts.toml, containerd speaks plain HTTP to a loopback registry: 1.6 and
        # 1.7 always (MatchLocalhost), 2.x as a fallback after TLS (which it then does not
        # verify). Only the plain-HTTP part holds for every version, so only it is claimed.
        cfg.http = True
        cfg.notes.append(
            Said(
                N_(
                    "loopback addresses get plain HTTP by default (containerd 2.x tries "
                    "unverified TLS first; 1.6 and 1.7 do not)"
                )
            )
        )
    return cfg


def _read_hosts_toml(cfg: ClientConfig, data: dict[str, Any], host_dir: Path, root: Root) -> None:
    entries: list[tuple[str, dict[str, Any]]] = []
    server = data.get("server")
    if isinstance(server, str):
        entries.append((server, data))
    for url, table in (data.get("host") or {}).items():
        if isinstance(table, dict):
            entries.append((str(url), table))
    for url, table in entries:
        if url.startswith("http://"):
            cfg.http = True
        if table.get("skip_verify") is True:
            cfg.skip_verify = True
        ca = table.get("ca")
        for item in [ca] if isinstance(ca, str) else (ca or []):
            if isinstance(item, str):
                path = root.path(item) if item.startswith("/") else host_dir / item
                cfg.ca_files.append(str(path))


# --- Podman / skopeo ---------------------------------------------------------------------


def _prefix_matches(prefix: str, address: str) -> int:
    """Length of the match of a registries.conf prefix against the host, 0 for none."""
    p = prefix.strip().rstrip("/")
    if p == address or address.startswith(p + "/"):
        return len(p)
    if p.startswith("*.") and address.split(":")[0].endswith(p[1:]):
        return len(p)
    return 0


def podman(root: Root, target: Target) -> ClientConfig:
    cfg = ClientConfig("podman")
    user_conf = root.path("~/.config/containers/registries.conf")
    main = user_conf if user_conf.is_file() else root.path("/etc/containers/registries.conf")
    if main == user_conf:
        cfg.notes.append(
            Said(
                N_("{file} replaces /etc/containers/registries.conf for this user"),
                file=str(user_conf),
            )
        )
    files = [main]
    for d in ("/etc/containers/registries.conf.d", "~/.config/containers/registries.conf.d"):
        directory = root.path(d)
        if directory.is_dir():
            files += sorted(p for p in directory.iterdir() if p.suffix == ".conf")
        else:
            cfg.looked.append(Said(N_("{path} (absent)"), path=f"{directory}/"))
    best = 0
    insecure: bool | None = None
    for path in files:
        text = root.read(cfg, path)
        if text is None:
            continue
        data = _toml(cfg, text, str(path))
        if data is None:
            continue
        v1 = (data.get("registries") or {}) if isinstance(data.get("registries"), dict) else {}
        has_v2 = "registry" in data or "unqualified-search-registries" in data
        if v1 and has_v2:
            cfg.problems.append(
                f"{path}: "
                + Said(
                    N_(
                        "mixes the v1 [registries.*] tables with v2 [[registry]] tables; "
                        "Podman stops with 'mixing sysregistry v1/v2 is not supported'"
                    )
                )
            )
        v1_insecure = (v1.get("insecure") or {}).get("registries") or []
        if target.address in v1_insecure:
            insecure = True
            cfg.notes.append(
                f"{path}: " + Said(N_("listed under the deprecated [registries.insecure]"))
            )
        for entry in data.get("registry") or []:
            if not isinstance(entry, dict):
                continue
            prefix = str(entry.get("prefix") or entry.get("location") or "")
            score = _prefix_matches(prefix, target.address)
            if score and score >= best:
                best = score
                insecure = bool(entry.get("insecure", False))
                if entry.get("blocked"):
                    cfg.problems.append(f"{path}: [[registry]] {clean(prefix)} is blocked = true")
                cfg.notes.append(f"{path}: [[registry]] {clean(prefix)} insecure = {insecure}")
    if insecure:
        cfg.http = cfg.skip_verify = True
    for d in (
        f"/etc/containers/certs.d/{target.address}",
        f"~/.config/containers/certs.d/{target.address}",
        f"/etc/docker/certs.d/{target.address}",
    ):
        cfg.ca_files += _crt_files(cfg, root.path(d))
    return cfg


# --- BuildKit ----------------------------------------------------------------------------


def buildkit(root: Root, target: Target, config_file: str | None) -> ClientConfig:
    cfg = ClientConfig("buildkit")
    if config_file:
        text = root.read(cfg, Path(config_file))
        path = Path(config_file)
    else:
        # rootful, then rootless (buildkitd.toml(5))
        text = None
        for candidate in ("/etc/buildkit/buildkitd.toml", "~/.config/buildkit/buildkitd.toml"):
            path = root.path(candidate)
            text = root.read(cfg, path)
            if text is not None:
                break
    cfg.notes.append(
        Said(
            N_(
                "BuildKit in a container (docker buildx with the docker-container driver) "
                "reads buildkitd.toml, not daemon.json"
            )
        )
    )
    if text is None:
        return cfg
    data = _toml(cfg, text, str(path)) or {}
    entry = (data.get("registry") or {}).get(target.address)
    if not isinstance(entry, dict):
        return cfg
    cfg.http = entry.get("http") is True
    cfg.skip_verify = entry.get("insecure") is True
    for ca in entry.get("ca") or []:
        cfg.ca_files.append(str(ca))
    if cfg.http and cfg.skip_verify:
        cfg.notes.append(
            Said(
                N_(
                    "http = true with insecure = true tries HTTPS first and falls back to HTTP "
                    "only on TLS errors (moby/buildkit#5872)"
                )
            )
        )
    return cfg


def read_all(root: Root, target: Target, buildkit_config: str | None) -> list[ClientConfig]:
    """The four clients' settings for `target`, read under `root`."""
    return [
        docker(root, target),
        containerd(root, target),
        podman(root, target),
        buildkit(root, target, buildkit_config),
    ]
