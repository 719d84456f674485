"""Setup bundles: every file parses as its format, names the right host, keeps secrets secret.

The command-line tests run `python -m advisor setup` in a subprocess and choose the setup
and registry explicitly, so they need no recommendation engine.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import bcrypt
import pytest
import yaml
from conftest import run_cli as conftest_run_cli
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509 import verification
from cryptography.x509.oid import ExtensionOID

from advisor.errors import UsageError
from advisor.setup import bundle, secrets

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple 42"
HOSTED = ("dockerhub", "ecr", "artifact-registry", "acr", "ghcr", "gitlab", "quay", "jfrog")
SELF_HOSTED_PRODUCTS = ("harbor", "zot", "nexus")
SERVER_FILES = {
    "zot": ("server/config.json", "server/compose.yaml"),
    "harbor": ("server/harbor.yml",),
    "nexus": ("server/nexus-docker-repo.sh",),
}


# --- helpers ---------------------------------------------------------------------------


def plan(setup: str, registry: str, host: str | None = None, **kw) -> bundle.Plan:
    return bundle.make_plan(setup=setup, profile=bundle.profiles()[registry], host=host, **kw)


def text(files: dict, path: str) -> str:
    content = files[path][0]
    return content if isinstance(content, str) else content.decode()


def parse(path: str, content: str):
    """Parse a bundle file by its kind; fail the test if it does not parse."""
    name = Path(path).name
    if name.endswith(".json"):
        return json.loads(content)
    if name.endswith((".toml", ".conf")):
        return tomllib.loads(content)
    if name.endswith((".yml", ".yaml")):
        return yaml.safe_load(content)
    return content


def assert_every_file_parses(files: dict) -> None:
    for path, (content, mode) in files.items():
        assert mode in (0o644, 0o600, 0o755), (path, oct(mode))
        if isinstance(content, bytes):
            content = content.decode()
        data = parse(path, content)
        if path.endswith((".yml", ".yaml", ".json", ".toml", ".conf")):
            assert isinstance(data, dict) and data, path


def assert_no_password_flag(files: dict) -> int:
    """Every docker/podman login reads the secret from stdin; no -p / --password VALUE.

    Returns how many login commands it saw, so callers can check it saw some."""
    seen = 0
    for path, (content, _mode) in files.items():
        if isinstance(content, bytes):
            continue
        for line in content.splitlines():
            if re.search(r"\b(docker|podman|skopeo) login\s+[^\s`]", line):  # a command
                assert "--password-stdin" in line, (path, line)
                seen += 1
            assert not re.search(r"\blogin\b.*\s(-p|--password)\s", line), (path, line)
    return seen


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`registry-advisor setup ARGS` (in this process: see conftest.run_cli), stdin empty
    unless given."""
    return conftest_run_cli("setup", *args, input=stdin if stdin is not None else "")


def assert_one_error_line(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("registry-advisor: error: "), lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def tls_registry_lan() -> secrets.TlsFiles:
    return secrets.make_tls("registry.lan")


# --- hosts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "address", "family", "port"),
    [
        ("registry.lan", "registry.lan", "dns", None),
        ("registry.lan:5000", "registry.lan:5000", "dns", 5000),
        ("localhost:5000", "localhost:5000", "dns", 5000),
        ("10.0.0.5:443", "10.0.0.5:443", "ipv4", 443),
        ("[fd00::5]:5000", "[fd00::5]:5000", "ipv6", 5000),
        ("[::1]", "[::1]", "ipv6", None),
        ("my-host.example.com:65535", "my-host.example.com:65535", "dns", 65535),
    ],
)
def test_parse_host_accepts_dns_ipv4_and_bracketed_ipv6(given, address, family, port) -> None:
    host = bundle.parse_host(given)
    assert (host.address, host.family, host.port) == (address, family, port)


@pytest.mark.parametrize(
    ("given", "needle"),
    [
        ("", "empty"),
        ("reg_istry.lan", "underscores"),
        ("registry.lan:0", "1 to 65535"),
        ("registry.lan:65536", "1 to 65535"),
        ("registry.lan:http", "1 to 65535"),
        ("10.0.0.256", "not an IPv4"),
        ("fd00::5", "in brackets"),
        ("[fd00::zz]:5000", "not an IPv6"),
        ("[fd00::5", "missing ']'"),
        ("https://registry.lan", "without a scheme"),
        ("registry.lan/path", "without a scheme"),
        ("-bad.lan", "not a valid host name"),
    ],
)
def test_parse_host_refuses_what_clients_cannot_use(given, needle) -> None:
    with pytest.raises(UsageError, match=re.escape(needle)):
        bundle.parse_host(given)


# --- secrets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "dns", "ips"),
    [
        ("registry.lan", ["registry.lan"], []),
        ("10.0.0.5", [], ["10.0.0.5"]),
        ("fd00::5", [], ["fd00::5"]),
        ("localhost", ["localhost"], ["127.0.0.1", "::1"]),
        ("127.0.0.1", ["localhost"], ["127.0.0.1", "::1"]),
    ],
)
def test_server_certificate_names_exactly_the_host(host, dns, ips) -> None:
    tls = secrets.make_tls(host)
    cert = x509.load_pem_x509_certificate(tls.cert)
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == dns
    assert [str(i) for i in san.get_values_for_type(x509.IPAddress)] == ips
    # The chain verifies for that name, name constraints included.
    ca = x509.load_pem_x509_certificate(tls.ca_cert)
    verifier = verification.PolicyBuilder().store(verification.Store([ca]))
    if dns:
        subject = verification.DNSName(dns[0])
    else:
        subject = verification.IPAddress(ipaddress.ip_address(ips[0]))
    verifier.build_server_verifier(subject).verify(cert, [])


def test_ca_cannot_vouch_for_other_names(tls_registry_lan) -> None:
    ca = x509.load_pem_x509_certificate(tls_registry_lan.ca_cert)
    constraints = ca.extensions.get_extension_for_oid(ExtensionOID.NAME_CONSTRAINTS)
    assert constraints.critical
    assert constraints.value.permitted_subtrees == [x509.DNSName("registry.lan")]
    basic = ca.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert basic.ca and basic.path_length == 0
    leaf = x509.load_pem_x509_certificate(tls_registry_lan.cert)
    assert not leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    with pytest.raises(verification.VerificationError):
        verification.PolicyBuilder().store(verification.Store([ca])).build_server_verifier(
            verification.DNSName("evil.example")
        ).verify(leaf, [])


def test_keys_match_their_certificates(tls_registry_lan) -> None:
    for cert_pem, key_pem in (
        (tls_registry_lan.ca_cert, tls_registry_lan.ca_key),
        (tls_registry_lan.cert, tls_registry_lan.key),
    ):
        cert = x509.load_pem_x509_certificate(cert_pem)
        key = serialization.load_pem_private_key(key_pem, password=None)
        assert key.public_key().public_numbers() == cert.public_key().public_numbers()
        assert key_pem.startswith(b"-----BEGIN PRIVATE KEY-----")


def test_htpasswd_line_is_bcrypt_2y_and_checks() -> None:
    line = secrets.htpasswd_line("ci", PASSWORD)
    user, hashed = line.rstrip("\n").split(":", 1)
    assert user == "ci" and line.endswith("\n") and line.count("\n") == 1
    assert hashed.startswith("$2y$10$")
    assert PASSWORD not in line
    assert bcrypt.checkpw(PASSWORD.encode(), ("$2b$" + hashed[4:]).encode())
    assert not bcrypt.checkpw(b"wrong", ("$2b$" + hashed[4:]).encode())


@pytest.mark.parametrize(
    ("user", "password", "needle"),
    [
        ("ci", "", "no password"),
        ("ci", "x" * 73, "72 bytes"),
        ("c:i", PASSWORD, "':'"),
        ("c i", PASSWORD, "spaces"),
        ("", PASSWORD, "empty"),
    ],
)
def test_htpasswd_refuses_what_it_cannot_store(user, password, needle) -> None:
    with pytest.raises(UsageError, match=re.escape(needle)) as excinfo:
        secrets.htpasswd_line(user, password)
    if password:
        assert password not in str(excinfo.value)


def test_strip_newline_drops_only_the_line_break() -> None:
    assert secrets.strip_newline("pw\n") == "pw"
    assert secrets.strip_newline("pw\r\n") == "pw"
    assert secrets.strip_newline(" pw ") == " pw "
    # As docker login --password-stdin: one "\n", then one "\r", on bytes too.
    assert secrets.strip_newline(b"pw\r") == b"pw"
    assert secrets.strip_newline(b"pw\n\n") == b"pw\n"
    assert secrets.strip_newline(b"p\nw\n") == b"p\nw"


# --- insecure ----------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["192.168.1.20:5000", "registry.lan:5000"])
def test_insecure_bundle_files_parse_and_name_the_host(host) -> None:
    files = bundle.build_bundle(plan("insecure", "distribution", host))
    assert set(files) == {
        "README.md",
        "registry/config.yml",
        "registry/compose.yaml",
        "clients/daemon.json",
        "clients/hosts.toml",
        "clients/registries.conf",
        "clients/k3s-registries.yaml",
        "clients/buildkitd.toml",
        "ci/push.sh",
    }
    assert_every_file_parses(files)
    port = host.rsplit(":", 1)[1]

    config = yaml.safe_load(text(files, "registry/config.yml"))
    assert config["version"] == 0.1
    assert config["storage"]["filesystem"] == {"rootdirectory": "/var/lib/registry"}
    assert config["storage"]["delete"] == {"enabled": True}
    assert config["http"]["addr"] == f":{port}"
    assert "tls" not in config["http"] and "auth" not in config
    assert config["health"]["storagedriver"]["enabled"] is True

    compose = yaml.safe_load(text(files, "registry/compose.yaml"))
    svc = compose["services"]["registry"]
    assert svc["image"] == "registry:3"
    assert svc["environment"]["OTEL_TRACES_EXPORTER"] == "none"
    assert svc["ports"] == [f"{port}:{port}"]
    assert "./config.yml:/etc/distribution/config.yml:ro" in svc["volumes"]

    assert json.loads(text(files, "clients/daemon.json")) == {"insecure-registries": [host]}
    hosts = tomllib.loads(text(files, "clients/hosts.toml"))
    assert hosts["server"] == f"http://{host}"
    assert hosts["host"][f"http://{host}"]["capabilities"] == ["pull", "resolve", "push"]
    assert f"HOSTS_DIR/{host}/hosts.toml" in text(files, "clients/hosts.toml")
    conf = tomllib.loads(text(files, "clients/registries.conf"))
    assert conf["registry"] == [{"location": host, "insecure": True}]
    k3s = yaml.safe_load(text(files, "clients/k3s-registries.yaml"))
    assert k3s == {"mirrors": {host: {"endpoint": [f"http://{host}"]}}}
    buildkit = tomllib.loads(text(files, "clients/buildkitd.toml"))
    assert buildkit["registry"][host] == {"http": True}


def test_insecure_loopback_listens_on_loopback_only() -> None:
    files = bundle.build_bundle(plan("insecure", "distribution", "127.0.0.1:5999"))
    assert yaml.safe_load(text(files, "registry/config.yml"))["http"]["addr"] == "127.0.0.1:5999"
    svc = yaml.safe_load(text(files, "registry/compose.yaml"))["services"]["registry"]
    assert svc["ports"] == ["127.0.0.1:5999:5999"]
    assert svc["environment"]["REGISTRY_HTTP_ADDR"] == "0.0.0.0:5999"


def test_insecure_readme_has_numbered_steps_risks_and_the_way_to_tls() -> None:
    files = bundle.build_bundle(plan("insecure", "distribution", "registry.lan:5000"))
    readme = text(files, "README.md")
    for path in files:
        if path != "README.md":
            assert f"`{path}`" in readme, path
    numbers = [int(n) for n in re.findall(r"^(\d+)\. \*\*", readme, flags=re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 8
    for needle in (
        "CIS Docker Benchmark",
        "No authentication",
        "restart",
        "BuildKit",
        "config_path",
        "io.containerd.cri.v1.images",
        "io.containerd.grpc.v1.cri",
        "/etc/containerd/certs.d/registry.lan:5000",
        "--setup private",
        "garbage-collect",
        "every node, servers included",
    ):
        assert needle in readme, needle


@pytest.mark.parametrize("ci", bundle.CI_CHOICES)
def test_insecure_ci_pushes_without_login_from_inside_the_network(ci) -> None:
    files = bundle.build_bundle(plan("insecure", "distribution", "10.1.1.1:5000", ci=ci))
    assert_every_file_parses(files)
    (path,) = [p for p in files if p.startswith("ci/")]
    content = text(files, path)
    assert "docker login" not in content and "insecure-registries" in content
    assert 'docker push "$IMAGE:$TAG"' in content
    if ci == "github-actions":
        assert yaml.safe_load(content)["jobs"]["push"]["runs-on"] == ["self-hosted"]
    if ci == "gitlab-ci":
        job = yaml.safe_load(content)["push-image"]
        assert job["services"] == [
            {"name": "docker:27-dind", "command": ["--insecure-registry=10.1.1.1:5000"]}
        ]
    if ci == "jenkins":
        assert "withCredentials" not in content and content.count("{") == content.count("}")


def test_default_port_is_5000_for_distribution() -> None:
    p = plan("insecure", "distribution", "registry.lan")
    assert p.address == "registry.lan:5000"


def test_ipv6_host_is_bracketed_everywhere() -> None:
    files = bundle.build_bundle(plan("insecure", "distribution", "[fd00::5]:5000"))
    assert_every_file_parses(files)
    assert json.loads(text(files, "clients/daemon.json"))["insecure-registries"] == [
        "[fd00::5]:5000"
    ]
    hosts = tomllib.loads(text(files, "clients/hosts.toml"))
    assert hosts["server"] == "http://[fd00::5]:5000"


# --- private, Distribution -------------------------------------------------------------------


def private_bundle(tls) -> dict:
    p = plan("private", "distribution", "registry.lan:5000", user="ci", generate_secrets=True)
    return bundle.build_bundle(p, tls=tls, htpasswd=secrets.htpasswd_line("ci", PASSWORD))


def test_private_bundle_has_tls_auth_and_secret_modes(tls_registry_lan) -> None:
    files = private_bundle(tls_registry_lan)
    assert_every_file_parses(files)
    assert "clients/daemon.json" not in files
    modes = {path: mode for path, (_c, mode) in files.items()}
    for secret in ("certs/ca.key", "certs/domain.key", "auth/htpasswd"):
        assert modes[secret] == 0o600, secret
    for public in ("certs/ca.crt", "certs/domain.crt", "registry/config.yml", "README.md"):
        assert modes[public] == 0o644, public

    config = yaml.safe_load(text(files, "registry/config.yml"))
    assert config["http"]["tls"] == {"certificate": "/certs/domain.crt", "key": "/certs/domain.key"}
    assert config["auth"] == {"htpasswd": {"realm": "Registry Realm", "path": "/auth/htpasswd"}}
    # The Compose file mounts the bundle's files at exactly the paths the config names.
    svc = yaml.safe_load(text(files, "registry/compose.yaml"))["services"]["registry"]
    mounts = dict(v.split(":")[:2][::-1] for v in svc["volumes"])
    for container_path in ("/certs/domain.crt", "/certs/domain.key", "/auth/htpasswd"):
        top = "/" + container_path.split("/")[1]
        rel = mounts[top].removeprefix("../") + container_path[len(top) :]
        assert rel in files, rel

    hosts = tomllib.loads(text(files, "clients/hosts.toml"))
    assert hosts["server"] == "https://registry.lan:5000"
    assert hosts["host"]["https://registry.lan:5000"]["ca"] == ("ca.crt")
    conf = tomllib.loads(text(files, "clients/registries.conf"))
    assert conf["registry"] == [{"location": "registry.lan:5000", "insecure": False}]
    k3s = yaml.safe_load(text(files, "clients/k3s-registries.yaml"))
    assert k3s["mirrors"]["registry.lan:5000"]["endpoint"] == ["https://registry.lan:5000"]
    assert "ca_file" in k3s["configs"]["registry.lan:5000"]["tls"]
    assert "auth" not in k3s["configs"]["registry.lan:5000"]


def test_private_bundle_never_contains_the_password(tls_registry_lan) -> None:
    files = private_bundle(tls_registry_lan)
    for path, (content, _mode) in files.items():
        data = content if isinstance(content, bytes) else content.encode()
        assert PASSWORD.encode() not in data, path
    assert assert_no_password_flag(files) >= 2


def test_private_readme_places_the_ca_for_every_client(tls_registry_lan) -> None:
    readme = text(private_bundle(tls_registry_lan), "README.md")
    for needle in (
        "/etc/docker/certs.d/registry.lan:5000/ca.crt",
        "/etc/containers/certs.d/registry.lan:5000/ca.crt",
        "/etc/containerd/certs.d/registry.lan:5000",
        "docker login registry.lan:5000 -u ci --password-stdin",
        "401",
        "expires on **",
    ):
        assert needle in readme, needle


def test_private_without_secrets_explains_how_to_make_them() -> None:
    files = bundle.build_bundle(plan("private", "distribution", "10.0.0.5:5000"))
    assert not any(p.startswith(("certs/", "auth/")) for p in files)
    readme = text(files, "README.md")
    assert "openssl req" in readme and "IP:10.0.0.5" in readme


# --- self-hosted products -------------------------------------------------------------------


@pytest.mark.parametrize("registry", SELF_HOSTED_PRODUCTS)
def test_other_self_hosted_products_get_client_files_and_vendor_docs(registry) -> None:
    p = plan("private", registry, "registry.lan", ci="github-actions")
    files = bundle.build_bundle(p, tls=secrets.make_tls("registry.lan"))
    assert_every_file_parses(files)
    assert not any(path.startswith("registry/") for path in files)
    assert "auth/htpasswd" not in files and "certs/ca.crt" in files
    readme = text(files, "README.md")
    assert bundle.profiles()[registry].docs in readme
    # The bundle now carries the product's own server files and steps, not just a link.
    assert "does not install" not in readme
    for path in SERVER_FILES[registry]:
        assert path in files and f"`{path}`" in readme, path
    workflow = yaml.safe_load(text(files, "ci/github-actions.yml"))
    assert "push" in workflow["jobs"]
    assert "REGISTRY_CA_CERT" in text(files, "ci/github-actions.yml")
    assert_no_password_flag(files)


def test_every_self_hosted_recipe_has_a_server_part() -> None:
    """Each registry our recipes call self-hostable says how its server is set up."""
    from advisor.setup.recipes import load_recipes

    recipes = load_recipes()
    files = recipes.files
    missing = [i for i in recipes.registry_ids
               if files[i]["self_hostable"] and not files[i].get("server")]  # fmt: skip
    assert not missing


def test_a_product_without_server_recipe_still_points_to_the_vendor() -> None:
    product = bundle.Profile(id="acme", name="Acme Registry", saas=False, self_hostable=True,
                             docs="https://acme.example/docs", login_confirmed=False,
                             from_catalog=True)  # fmt: skip
    files = bundle.build_bundle(bundle.make_plan(setup="private", profile=product,
                                                 host="acme.lan:5000"))  # fmt: skip
    readme = text(files, "README.md")
    assert "does not install" in readme and "--registry distribution" in readme
    assert not any(path.startswith("server/") for path in files)


def test_self_hosted_insecure_product_gets_plain_http_client_files() -> None:
    files = bundle.build_bundle(plan("insecure", "harbor", "harbor.lan"))
    assert json.loads(text(files, "clients/daemon.json")) == {"insecure-registries": ["harbor.lan"]}
    assert "registry/config.yml" not in files


def test_quay_on_your_own_host_is_self_hosted_and_on_quay_io_is_hosted() -> None:
    assert plan("private", "quay", "quay.corp.lan").kind == "self-hosted"
    assert plan("private", "quay", "quay.io").kind == "hosted"
    assert plan("private", "quay").kind == "hosted"


# --- hosted ------------------------------------------------------------------------------


@pytest.mark.parametrize("registry", HOSTED)
@pytest.mark.parametrize("ci", bundle.CI_CHOICES)
def test_hosted_bundles_parse_and_log_in_through_stdin(registry, ci) -> None:
    files = bundle.build_bundle(plan("private", registry, ci=ci))
    assert_every_file_parses(files)
    logins = assert_no_password_flag(files)
    # Artifact Registry logs in through gcloud's credential helper, not `docker login`.
    assert logins >= (0 if registry == "artifact-registry" else 1)
    expected = {
        "github-actions": "ci/github-actions.yml",
        "gitlab-ci": "ci/gitlab-ci.yml",
        "jenkins": "ci/Jenkinsfile",
        "other": "ci/push.sh",
        "none": "ci/push.sh",
    }[ci]
    assert set(files) == {"README.md", expected}
    content = text(files, expected)
    if ci == "github-actions":
        workflow = yaml.safe_load(content)
        steps = workflow["jobs"]["push"]["steps"]
        assert steps[0] == {"uses": "actions/checkout@v4"}
    elif ci == "gitlab-ci":
        job = yaml.safe_load(content)["push-image"]
        assert job["services"] == ["docker:27-dind"]
        assert all(isinstance(line, str) for line in job["script"])
    elif ci == "jenkins":
        assert content.count("{") == content.count("}")
        assert "withCredentials" in content and "sh '''" in content
    else:
        assert content.startswith("#!/bin/sh\n") and "set -eu" in content
        assert files[expected][1] == 0o755
    assert f"`{expected}`" in text(files, "README.md")


@pytest.mark.parametrize(
    ("registry", "needles"),
    [
        ("ecr", ["12 hours", "amazon-ecr-credential-helper", "get-login-password"]),
        ("artifact-registry", ["gcloud auth configure-docker REGION-docker.pkg.dev", "snap"]),
        ("ghcr", ["private", "write:packages", "cannot be made private again"]),
        ("gitlab", ["CI_JOB_TOKEN", "CI_REGISTRY_PASSWORD", "write_registry", "2FA"]),
        ("quay", ["ORGANIZATION+ROBOT", "$token"]),
        ("acr", ["az acr login --name", "--expose-token"]),
        ("dockerhub", ["100 pulls per 6 hours", "access token"]),
        ("jfrog", ["unconfirmed"]),
    ],
)
def test_hosted_readme_carries_the_documented_login_flow(registry, needles) -> None:
    readme = text(bundle.build_bundle(plan("public", registry)), "README.md")
    for needle in needles:
        assert needle in readme, needle


def test_ghcr_workflow_uses_github_token_with_packages_write() -> None:
    files = bundle.build_bundle(plan("private", "ghcr", ci="github-actions"))
    workflow = yaml.safe_load(text(files, "ci/github-actions.yml"))
    assert workflow["permissions"] == {"contents": "read", "packages": "write"}
    login = workflow["jobs"]["push"]["steps"][1]
    assert login["uses"] == "docker/login-action@v3"
    assert login["with"]["password"] == "${{ secrets.GITHUB_TOKEN }}"


def test_gitlab_job_uses_predefined_registry_variables() -> None:
    files = bundle.build_bundle(plan("private", "gitlab", ci="gitlab-ci"))
    job = yaml.safe_load(text(files, "ci/gitlab-ci.yml"))["push-image"]
    assert job["script"][0] == (
        'echo "$CI_REGISTRY_PASSWORD" | docker login "$CI_REGISTRY" '
        '-u "$CI_REGISTRY_USER" --password-stdin'
    )


def test_ecr_host_is_checked_and_used() -> None:
    host = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
    files = bundle.build_bundle(plan("private", "ecr", host, ci="other"))
    script = text(files, "ci/push.sh")
    assert f"\nDEFAULT_REGISTRY={host}\n" in script
    assert 'REGISTRY="${REGISTRY:-$DEFAULT_REGISTRY}"' in script
    with pytest.raises(UsageError, match="does not look like"):
        plan("private", "ecr", "registry.lan")


# --- choices that cannot work ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"setup": "insecure", "registry": "ecr"}, "hosted service"),
        (
            {"setup": "insecure", "registry": "ghcr", "host": "containers.ghes.lan"},
            "no insecure (plain HTTP)",
        ),
        ({"setup": "insecure", "registry": "quay", "host": "quay.io"}, "hosted Quay"),
        ({"setup": "private", "registry": "distribution"}, "--host is required"),
        ({"setup": "private", "registry": "dockerhub", "host": "hub.example.com"}, "drop --host"),
        (
            {"setup": "private", "registry": "ghcr", "generate_secrets": True},
            "is hosted",
        ),
        (
            {
                "setup": "insecure",
                "registry": "distribution",
                "host": "r.lan",
                "generate_secrets": True,
            },
            "--setup private",
        ),
        (
            {
                "setup": "private",
                "registry": "distribution",
                "host": "r.lan",
                "generate_secrets": True,
            },
            "--user",
        ),
        ({"setup": "private", "registry": "ghcr", "ci": "travis"}, "unknown CI"),
    ],
)
def test_make_plan_refuses(kwargs, needle) -> None:
    registry = kwargs.pop("registry")
    with pytest.raises(UsageError, match=re.escape(needle)):
        bundle.make_plan(profile=bundle.profiles()[registry], host=kwargs.pop("host", None),
                         **kwargs)  # fmt: skip


def test_unknown_registry_suggests_the_close_one() -> None:
    with pytest.raises(UsageError, match='did you mean "distribution"'):
        bundle.profile_for("distrbution")


def test_core_imports_without_textual() -> None:
    code = (
        "import sys, advisor.setup.bundle, advisor.setup.secrets, advisor.cli.setup; "
        "assert 'textual' not in sys.modules; assert 'pydantic' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


# --- the command ---------------------------------------------------------------------------


def test_cli_writes_private_bundle_with_modes_and_no_password(tmp_path: Path) -> None:
    out = tmp_path / "reg"
    proc = run_cli(
        "--setup", "private", "--registry", "distribution", "--host", "registry.lan",
        "--generate-secrets", "--user", "ci", "--password-stdin", "--output", str(out),
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert PASSWORD not in proc.stdout + proc.stderr
    assert "auth/htpasswd  (mode 0600)" in proc.stdout
    for rel in ("certs/ca.key", "certs/domain.key", "auth/htpasswd"):
        assert stat.S_IMODE((out / rel).stat().st_mode) == 0o600, rel
    for path in out.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    hashed = (out / "auth" / "htpasswd").read_text().strip().split(":", 1)[1]
    assert bcrypt.checkpw(PASSWORD.encode(), ("$2b$" + hashed[4:]).encode())
    cert = x509.load_pem_x509_certificate((out / "certs" / "domain.crt").read_bytes())
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["registry.lan"]
    assert [p.name for p in tmp_path.iterdir()] == ["reg"]  # no staging directory left


def test_cli_reads_ci_from_the_answers_file(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  ci: jenkins\n  reach: local-network\n")
    out = tmp_path / "out"
    proc = run_cli("--answers", str(answers), "--setup", "private", "--registry", "ghcr",
                   "--output", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (out / "ci" / "Jenkinsfile").is_file()
    proc = run_cli("--answers", str(answers), "--answer", "ci=gitlab-ci", "--setup", "private",
                   "--registry", "ghcr", "--output", str(out), "--force")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (out / "ci").iterdir()) == ["gitlab-ci.yml"]


def test_cli_force_replaces_and_refuses_without_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("--setup", "insecure", "--registry", "zot", "--host", "zot.lan", "--output", str(out))
    assert run_cli(*args).returncode == 0
    readme = out / "README.md"
    readme.write_text("edited")
    assert_one_error_line(run_cli(*args), "already exists", "--force")
    assert readme.read_text() == "edited"
    assert run_cli(*args, "--force").returncode == 0  # a file it wrote: replaced
    assert readme.read_text() != "edited"
    # A file the user added is never lost: --force refuses and leaves everything as it was.
    mine = out / "mine.txt"
    mine.write_text("keep")
    assert_one_error_line(run_cli(*args, "--force"), "mine.txt", "did not write")
    assert mine.read_text() == "keep" and readme.is_file()


@pytest.mark.parametrize(
    ("args", "stdin", "needles"),
    [
        (["--host", "reg_istry:5000"], None, ["underscores"]),
        (["--host", "registry.lan:99999"], None, ["1 to 65535"]),
        (["--registry", "distrbution"], None, ['did you mean "distribution"']),
        (["--registry", "ghcr", "--setup", "insecure"], None, ["hosted", "insecure"]),
        (["--generate-secrets", "--user", "ci", "--password-stdin"], "", ["no password"]),
        (["--generate-secrets", "--user", "ci", "--password-stdin"], "\n", ["no password"]),
        (["--generate-secrets", "--user", "ci", "--password-stdin"], "y" * 80, ["72 bytes"]),
        (["--generate-secrets", "--user", "ci"], None, ["--password-stdin"]),
        (["--password-stdin"], PASSWORD, ["--user"]),
        (["--answer", "ci"], None, ["ID=VALUE"]),
        (["--answer", "ci=jenkns"], None, ['did you mean "jenkins"']),
    ],
)
def test_cli_bad_input_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, args, stdin, needles
) -> None:
    base = {"--setup": "private", "--registry": "distribution", "--host": "registry.lan"}
    for flag in list(base):
        if flag in args:
            del base[flag]
    out = tmp_path / "out"
    flat = [x for kv in base.items() for x in kv]
    proc = run_cli(*flat, *args, "--output", str(out), stdin=stdin)
    line = assert_one_error_line(proc, *needles)
    assert PASSWORD not in line and "y" * 20 not in line
    assert list(tmp_path.iterdir()) == []


def test_cli_needs_answers_or_both_choices(tmp_path: Path) -> None:
    proc = run_cli("--setup", "private", "--output", str(tmp_path / "o"))
    # Either the engine is missing (seam) or it needs answers: one line, exit 2 both ways.
    assert_one_error_line(proc)


def test_cli_output_parent_missing_or_not_a_directory(tmp_path: Path) -> None:
    base = ("--setup", "insecure", "--registry", "distribution", "--host", "r.lan")
    proc = run_cli(*base, "--output", str(tmp_path / "no" / "such" / "dir"))
    assert_one_error_line(proc, "does not exist")
    afile = tmp_path / "file"
    afile.write_text("x")
    proc = run_cli(*base, "--output", str(afile / "out"))
    assert_one_error_line(proc, "does not exist")


def test_cli_unwritable_parent(tmp_path: Path) -> None:
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        if os.geteuid() == 0:
            # Root may write anywhere, so ask as the writer does and pretend it may not.
            from advisor.errors import OutputError
            from advisor.io.write import write_tree_atomic

            real_access = os.access
            os.access = lambda path, mode: (
                False if Path(path) == parent else real_access(path, mode)
            )
            try:
                with pytest.raises(OutputError, match="not writable"):
                    write_tree_atomic(parent / "out", {"a.txt": ("x", 0o644)})
            finally:
                os.access = real_access
        else:
            proc = run_cli("--setup", "insecure", "--registry", "distribution", "--host", "r.lan",
                           "--output", str(parent / "out"))  # fmt: skip
            assert_one_error_line(proc, "not writable")
        assert list(parent.iterdir()) == []
    finally:
        parent.chmod(0o755)


def test_cli_password_not_used_for_other_products_is_noted(tmp_path: Path) -> None:
    proc = run_cli("--setup", "private", "--registry", "harbor", "--host", "harbor.lan",
                   "--generate-secrets", "--user", "ci", "--password-stdin",
                   "--output", str(tmp_path / "h"), stdin=PASSWORD)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "password was not used" in proc.stderr and PASSWORD not in proc.stderr
    assert not (tmp_path / "h" / "auth").exists()
    assert (tmp_path / "h" / "certs" / "domain.key").is_file()


def test_cli_follows_the_recommendation_when_not_told_otherwise(tmp_path: Path) -> None:
    """Through the engine: setup type, registry and CI all come from the answers."""
    pytest.importorskip("advisor.decide.session")
    from advisor.decide.session import build_recommendation

    answers = REPO / "examples" / "onprem-offline.yaml"
    if not answers.exists():
        pytest.skip("examples/onprem-offline.yaml is not there")
    rec = build_recommendation(str(answers), [], [], [])
    fits = [
        r["id"]
        for r in rec["registries"]
        if rec["setup"] != "insecure" or bundle.profiles()[r["id"]].self_hostable
    ]
    out = tmp_path / "out"
    proc = run_cli("--answers", str(answers), "--host", "registry.lan:5000", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    readme = (out / "README.md").read_text()
    assert f"- Setup: **{rec['setup']}**" in readme
    assert f"(`{fits[0]}`)" in readme
    ci = rec["answers"].get("ci", "none")
    expected = {"github-actions": "github-actions.yml", "gitlab-ci": "gitlab-ci.yml",
                "jenkins": "Jenkinsfile"}.get(ci, "push.sh")  # fmt: skip
    assert (out / "ci" / expected).is_file()
