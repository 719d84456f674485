"""Reading client configs under a temporary --root: what each client will do for a host, the
mistakes people make in those files, and the verdict's fix lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.doctor import clients
from advisor.doctor.model import Check
from advisor.doctor.target import parse_target
from advisor.doctor.verdict import client_check

HOST = "registry.lan:5000"


def write(root: Path, path: str, text: str) -> Path:
    p = root / path.lstrip("/")
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return p


def read(root: Path, host: str = HOST) -> dict[str, clients.ClientConfig]:
    configs = clients.read_all(clients.Root(str(root), home="/home/u"), parse_target(host), None)
    return {c.client: c for c in configs}


def test_nothing_configured_means_https_with_system_cas(tmp_path: Path) -> None:
    got = read(tmp_path)
    for c in got.values():
        assert not (c.http or c.skip_verify or c.ca_files), c
        assert not c.found_any
        assert all(str(tmp_path) in where for where in c.looked)  # never the real /etc
    assert any("/home/u/.config/docker/daemon.json" in w for w in got["docker"].looked)


def test_docker_insecure_list_cidr_and_mistakes(tmp_path: Path) -> None:
    write(tmp_path, "/etc/docker/daemon.json", json.dumps({"insecure-registries": [HOST]}))
    assert read(tmp_path)["docker"].http
    write(
        tmp_path,
        "/etc/docker/daemon.json",
        json.dumps({"insecure-registries": [f"http://{HOST}"], "insecure-registry": []}),
    )
    d = read(tmp_path)["docker"]
    assert not d.http
    assert any("has a scheme" in p for p in d.problems)
    assert any("'insecure-registry' is not 'insecure-registries'" in p for p in d.problems)
    write(tmp_path, "/etc/docker/daemon.json", json.dumps({"insecure-registries": ["10.0.0.0/8"]}))
    assert read(tmp_path, "10.1.2.3:5000")["docker"].http
    assert not read(tmp_path, "192.168.1.2:5000")["docker"].http
    write(tmp_path, "/etc/docker/daemon.json", "{not json")
    assert any("not valid JSON" in p for p in read(tmp_path)["docker"].problems)


def test_docker_loopback_is_insecure_by_default(tmp_path: Path) -> None:
    d = read(tmp_path, "127.0.0.1:5000")["docker"]
    assert d.http and any("loopback" in n for n in d.notes)


def test_docker_certs_d(tmp_path: Path) -> None:
    ca = write(tmp_path, f"/etc/docker/certs.d/{HOST}/ca.crt", "PEM")
    write(tmp_path, f"/etc/docker/certs.d/{HOST}/client.cert", "PEM")
    assert read(tmp_path)["docker"].ca_files == [str(ca)]


@pytest.mark.parametrize(
    ("config", "plugin"),
    [
        ("version = 2\n", 'plugins."io.containerd.grpc.v1.cri".registry'),
        ("version = 3\n", 'plugins."io.containerd.cri.v1.images".registry'),
    ],
)
def test_containerd_config_path_and_hosts_toml(tmp_path: Path, config: str, plugin: str) -> None:
    write(
        tmp_path,
        "/etc/containerd/config.toml",
        f'{config}[{plugin}]\n  config_path = "/etc/containerd/certs.d"\n',
    )
    write(
        tmp_path,
        f"/etc/containerd/certs.d/{HOST}/hosts.toml",
        f'server = "http://{HOST}"\n[host."http://{HOST}"]\n  capabilities = ["pull"]\n',
    )
    c = read(tmp_path)["containerd"]
    assert c.http and not c.problems


def test_containerd_mistakes(tmp_path: Path) -> None:
    write(tmp_path, f"/etc/containerd/certs.d/{HOST}/host.toml", 'server = "http://x"\n')
    write(tmp_path, "/etc/containerd/config.toml", "version = 2\n")
    c = read(tmp_path)["containerd"]
    assert not c.http
    assert any("reads 'hosts.toml', not 'host.toml'" in p for p in c.problems)
    assert any("no registry config_path" in n for n in c.notes)
    write(
        tmp_path,
        f"/etc/containerd/certs.d/{HOST}/hosts.toml",
        f'server = "https://{HOST}"\nca = "/etc/containerd/certs.d/{HOST}/ca.crt"\n',
    )
    c = read(tmp_path)["containerd"]
    assert any("sets no config_path" in p for p in c.problems)
    assert c.ca_files == [str(tmp_path / f"etc/containerd/certs.d/{HOST}/ca.crt")]


def test_podman_registries_conf_prefixes_dropins_and_v1(tmp_path: Path) -> None:
    write(
        tmp_path,
        "/etc/containers/registries.conf",
        'unqualified-search-registries = ["docker.io"]\n',
    )
    write(
        tmp_path,
        "/etc/containers/registries.conf.d/10-lan.conf",
        '[[registry]]\nlocation = "registry.lan:5000"\ninsecure = true\n',
    )
    assert read(tmp_path)["podman"].http
    # An entry for a path below the host leaves the host's own entry in force.
    write(
        tmp_path,
        "/etc/containers/registries.conf.d/20-team.conf",
        '[[registry]]\nprefix = "registry.lan:5000/team"\nlocation = "x"\ninsecure = false\n',
    )
    assert read(tmp_path)["podman"].http
    write(
        tmp_path,
        "/etc/containers/registries.conf",
        "[registries.insecure]\nregistries = ['registry.lan:5000']\n"
        '[[registry]]\nlocation = "other"\n',
    )
    p = read(tmp_path)["podman"]
    assert any("mixing sysregistry v1/v2" in x for x in p.problems)


def test_podman_user_file_replaces_the_system_one(tmp_path: Path) -> None:
    write(
        tmp_path,
        "/etc/containers/registries.conf",
        '[[registry]]\nlocation = "registry.lan:5000"\ninsecure = true\n',
    )
    write(tmp_path, "/home/u/.config/containers/registries.conf", "# mine\n")
    p = read(tmp_path)["podman"]
    assert not p.http
    assert any("replaces" in n for n in p.notes)


def test_buildkit_config(tmp_path: Path) -> None:
    toml = write(tmp_path, "bk.toml", f'[registry."{HOST}"]\n  http = true\n  insecure = true\n')
    cfg = clients.buildkit(clients.Root(str(tmp_path)), parse_target(HOST), str(toml))
    assert cfg.http and cfg.skip_verify
    assert any("falls back to HTTP" in n for n in cfg.notes)


def test_verdict_for_plain_http_gives_setup_lines(tmp_path: Path) -> None:
    target = parse_target(HOST)
    configs = clients.read_all(clients.Root(str(tmp_path)), target, None)
    facts = {"tls": "plain-http", "tls_problems": ["plain-http"]}
    check, verdicts = client_check(configs, facts, target, None, {})
    assert isinstance(check, Check)
    by = {v.client: v for v in verdicts}
    assert json.loads(by["docker"].lines) == {"insecure-registries": [HOST]}
    assert f'server = "http://{HOST}"' in by["containerd"].lines
    assert "insecure = true" in by["podman"].lines
    assert "http = true" in by["buildkit"].lines
    assert check.facts["some_client_fails"] is True
    assert check.status == "warn"  # nothing of these clients is installed under this root


def test_verdict_for_an_untrusted_ca_copies_it(tmp_path: Path) -> None:
    target = parse_target(HOST)
    configs = clients.read_all(clients.Root(str(tmp_path)), target, None)
    facts = {"tls": "unknown-authority", "tls_problems": ["unknown-authority"]}
    _, verdicts = client_check(configs, facts, target, "/tmp/my ca.crt", {"docker": True})
    by = {v.client: v for v in verdicts}
    assert by["docker"].status == "ok"
    assert by["podman"].status == "fail"
    assert by["podman"].lines == (
        f"mkdir -p /etc/containers/certs.d/{HOST} && cp '/tmp/my ca.crt' "
        f"/etc/containers/certs.d/{HOST}/ca.crt\n"
    )


def test_containerd_loopback_defaults_and_directory_variants(tmp_path: Path) -> None:
    c = read(tmp_path, "127.0.0.1:5000")["containerd"]
    assert c.http and not c.skip_verify  # unverified TLS is 2.x only: not claimed
    assert not read(tmp_path, "localhost")["containerd"].http  # port 443: HTTPS only
    write(tmp_path, "/etc/containerd/certs.d/registry.lan_5000_/hosts.toml",
          'server = "http://registry.lan:5000"\n')  # fmt: skip
    assert read(tmp_path)["containerd"].http
    ca = write(tmp_path, "/etc/containerd/certs.d/other.lan:5000/ca.crt", "PEM")
    assert read(tmp_path, "other.lan:5000")["containerd"].ca_files == [str(ca)]
