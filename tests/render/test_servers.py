"""Server files of every self-hosted registry, the air-gapped carry-in part, and the modes.

Each server file is parsed by its own format and every key it holds must be one the
vendor documents (the registry recipe's `server.keys`, sourced from the vendor's docs).
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess

import pytest
import yaml

from advisor.setup import bundle, secrets
from advisor.setup.recipes import load_recipes
from advisor.setup.servers import key_paths, ruby_str
from tests.conftest import assert_one_error_line, run_cli

PRODUCTS = {
    "distribution": ("registry/config.yml",),
    "zot": ("server/config.json", "server/compose.yaml"),
    "harbor": ("server/harbor.yml",),
    "nexus": ("server/nexus-docker-repo.sh",),
    "gitlab": ("server/gitlab.rb",),
    "quay": ("server/config.yaml",),
    "jfrog": ("server/system.yaml", "server/artifactory-docker-repo.sh"),
}
SETUPS = ("insecure", "private")


def plan(setup: str, registry: str, host: str = "registry.lan", **kw) -> bundle.Plan:
    return bundle.make_plan(
        setup=setup, profile=bundle.profiles()[registry], host=host, mode="self-hosted", **kw
    )


def build(setup: str, registry: str, host: str = "registry.lan", **kw) -> dict:
    p = plan(setup, registry, host, **kw)
    tls = secrets.make_tls(p.host.name) if setup != "insecure" else None
    return {k: (v if isinstance(v, str) else v.decode()) for k, (v, _m) in
            bundle.build_bundle(p, tls=tls).items()}  # fmt: skip


def nexus_payload(script: str) -> dict:
    """The JSON a REST script (Nexus, Artifactory) sends: the shell word after --data,
    unquoted by shlex."""
    line = next(x for x in script.splitlines() if "--data " in x)
    words = shlex.split(line.rstrip("\\").split("<<")[0])
    return json.loads(words[words.index("--data") + 1])


def gitlab_keys(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"(registry_external_url) ('(?:[^'\\]|\\.)*')", line) or re.fullmatch(
            r"([a-z_]+\['[a-z_]+'\]) = (true|false|'(?:[^'\\]|\\.)*')", line
        )
        assert m, line
        out[m.group(1)] = m.group(2)
    return out


def emitted_keys(path: str, text: str) -> list[str]:
    if path.endswith(".json"):
        return key_paths(json.loads(text))
    if path.endswith((".yml", ".yaml")):
        data = yaml.safe_load(text)
        if path == "server/config.yaml":  # Quay: storage ids and Redis keys are one level
            return [k for k in key_paths(data) if k.count(".") <= 1]
        return key_paths(data)
    if path.endswith(".sh"):
        return key_paths(nexus_payload(text))
    if path.endswith(".rb"):
        return list(gitlab_keys(text))
    raise AssertionError(path)


@pytest.mark.parametrize("setup", SETUPS)
@pytest.mark.parametrize("registry", sorted(PRODUCTS))
def test_every_server_file_holds_only_documented_keys(registry, setup) -> None:
    files = build(setup, registry)
    server = load_recipes().files[registry]["server"]
    for path in PRODUCTS[registry]:
        assert path in files, path
        documented = set(server["keys"][path])
        emitted = emitted_keys(path, files[path])
        assert emitted, path
        unknown = sorted(set(emitted) - documented)
        assert not unknown, f"{registry} {path}: keys not in the vendor's docs: {unknown}"
    readme = files["README.md"]
    assert "does not install" not in readme
    for path in PRODUCTS[registry]:
        assert f"`{path}`" in readme or registry == "distribution", path


@pytest.mark.parametrize("registry", sorted(PRODUCTS))
def test_tls_and_plain_http_differ_where_the_vendor_says(registry) -> None:
    plain, tls = build("insecure", registry), build("private", registry)
    if registry == "zot":
        p, t = json.loads(plain["server/config.json"]), json.loads(tls["server/config.json"])
        assert "tls" not in p["http"] and "auth" not in p["http"]
        assert t["http"]["tls"] == {
            "cert": "/etc/zot/certs/domain.crt",
            "key": "/etc/zot/certs/domain.key",
        }
        assert t["http"]["auth"]["htpasswd"]["path"] == "/etc/zot/htpasswd"
        assert p["http"]["port"] == "5000"  # zot's JSON port is a string
        vols = yaml.safe_load(tls["server/compose.yaml"])["services"]["zot"]["volumes"]
        assert "../certs:/etc/zot/certs:ro" in vols
        assert "../auth/htpasswd:/etc/zot/htpasswd:ro" in vols
    elif registry == "harbor":
        p, t = yaml.safe_load(plain["server/harbor.yml"]), yaml.safe_load(tls["server/harbor.yml"])
        assert "https" not in p and p["http"]["port"] == 80 and p["hostname"] == "registry.lan"
        assert t["https"]["port"] == 443 and t["https"]["certificate"].endswith("domain.crt")
        assert t["trivy"]["skip_update"] is True  # an air-gapped Harbor cannot download
    elif registry == "nexus":
        p, t = (
            nexus_payload(plain["server/nexus-docker-repo.sh"]),
            nexus_payload(tls["server/nexus-docker-repo.sh"]),
        )
        assert p["docker"]["httpPort"] == 8082 and p["docker"]["httpsPort"] is None
        assert t["docker"]["httpsPort"] == 8082 and t["docker"]["httpPort"] is None
    elif registry == "gitlab":
        p, t = gitlab_keys(plain["server/gitlab.rb"]), gitlab_keys(tls["server/gitlab.rb"])
        assert p["registry_external_url"] == "'http://registry.lan:5050'"
        assert t["registry_external_url"] == "'https://registry.lan:5050'"
        assert "registry_nginx['ssl_certificate']" in t
        assert "registry_nginx['ssl_certificate']" not in p
    elif registry == "jfrog":
        p, t = (yaml.safe_load(x["server/system.yaml"]) for x in (plain, tls))
        assert p == {"artifactory": {"tomcat": {"httpsConnector": {"enabled": False}}}}
        assert t["artifactory"]["tomcat"]["httpsConnector"]["enabled"] is True
        assert t["shared"]["node"]["ip"] == "registry.lan"  # the certificate's subject
        for x in (plain, tls):
            body = nexus_payload(x["server/artifactory-docker-repo.sh"])
            assert body["rclass"] == "local" and body["packageType"] == "docker"
            assert body["key"] == "docker-local"
            assert "registry.lan:8082/docker-local/" in x["README.md"]  # repository path
    elif registry == "quay":
        p, t = (yaml.safe_load(x["server/config.yaml"]) for x in (plain, tls))
        assert p["PREFERRED_URL_SCHEME"] == "http" and t["PREFERRED_URL_SCHEME"] == "https"
        assert t["SERVER_HOSTNAME"] == "registry.lan"
    else:
        p, t = (yaml.safe_load(x["registry/config.yml"]) for x in (plain, tls))
        assert "tls" not in p["http"] and "htpasswd" in t["auth"]


@pytest.mark.parametrize(
    ("registry", "setup", "address", "port"),
    [
        ("zot", "private", "registry.lan:5000", "5000"),
        ("harbor", "private", "registry.lan", "443"),
        ("harbor", "insecure", "registry.lan", "80"),
        ("nexus", "insecure", "registry.lan:8082", "8082"),
        ("gitlab", "private", "registry.lan:5050", "5050"),
        ("quay", "private", "registry.lan", "443"),
        ("jfrog", "insecure", "registry.lan:8082", "8082"),
        ("jfrog", "private", "registry.lan:8082", "8082"),
        ("distribution", "private", "registry.lan:5000", "5000"),
    ],
)
def test_a_port_left_out_gets_the_usual_one_and_the_readme_says_so(
    registry, setup, address, port
) -> None:
    p = plan(setup, registry)
    assert p.address == address and p.port_defaulted
    readme = build(setup, registry)["README.md"]
    assert f"`{address}`" in readme
    if registry != "distribution":
        assert re.search(rf"No port was given with `--host`.*\b{port}\b", readme), registry
    explicit = plan(setup, registry, "registry.lan:7443")
    assert explicit.address == "registry.lan:7443" and not explicit.port_defaulted
    assert "No port was given" not in build(setup, registry, "registry.lan:7443")["README.md"]


@pytest.mark.parametrize(
    ("registry", "path", "var"),
    [
        ("nexus", "server/nexus-docker-repo.sh", "NEXUS_PASSWORD"),
        ("jfrog", "server/artifactory-docker-repo.sh", "ARTIFACTORY_PASSWORD"),
    ],
)
def test_the_rest_scripts_are_valid_sh_and_keep_the_password_off_argv(registry, path, var):
    script = build("private", registry)[path]
    sh = shutil.which("sh")
    assert sh is not None
    assert subprocess.run([sh, "-n"], input=script, text=True).returncode == 0
    assert f"read -r {var}" in script and "--config -" in script
    assert not re.search(r"(-u|--user)\s", script)  # never a password in curl's argv


def test_ruby_strings_cannot_be_broken_out_of() -> None:
    assert ruby_str("a'b\\") == "'a\\'b\\\\'"
    assert ruby_str("#{system('x')}") == "'#{system(\\'x\\')}'"  # no interpolation in '...'


# --- air-gapped ---------------------------------------------------------------------------


@pytest.mark.parametrize("setup", SETUPS)
@pytest.mark.parametrize("registry", sorted(PRODUCTS))
def test_an_offline_bundle_carries_images_in_and_downloads_nothing_inside(registry, setup) -> None:
    files = build(setup, registry, offline=True)
    for path in ("airgap/images.txt", "airgap/fetch.sh", "airgap/load.sh"):
        assert path in files
    images = [x for x in files["airgap/images.txt"].splitlines() if x and not x.startswith("#")]
    assert set(bundle.profiles()[registry].carry) <= set(images)
    sh = shutil.which("sh")
    for script in ("airgap/fetch.sh", "airgap/load.sh"):
        assert subprocess.run([sh, "-n"], input=files[script], text=True).returncode == 0
    load = files["airgap/load.sh"]
    assert "docker://$REGISTRY/" in load and "docker-archive:media/" in load
    assert not re.search(r"docker://(?!\$REGISTRY)", load)  # pushes only to the registry
    assert ("--dest-cert-dir" in load) == (setup != "insecure")
    readme = files["README.md"]
    steps = readme.split("## Steps", 1)[1].split("## Sources", 1)[0]
    carry, _, inside = steps.partition("Push the carried images")
    assert "airgap/fetch.sh" in carry and "docker load" in carry
    # Inside the air gap, nothing pulls from the internet.
    assert not re.search(r"docker pull (?!\S*(registry\.lan))", inside), inside
    assert "docker pull busybox" not in steps and "apt-get" not in inside


def test_a_connected_bundle_has_no_carry_in_part() -> None:
    files = build("private", "zot")
    assert not any(p.startswith("airgap/") for p in files)
    assert "Bring the images into the air gap" not in files["README.md"]


# --- modes and --host ----------------------------------------------------------------------


OFFLINE = ["--answer", "offline=yes", "--answer", "own_infrastructure=yes"]


def test_an_air_gapped_answer_set_never_yields_a_vendor_hosted_bundle(tmp_path) -> None:
    out = tmp_path / "b"
    result = run_cli("setup", *OFFLINE, "--host", "registry.lan", "--output", str(out))
    assert result.returncode == 0, result.stderr
    readme = (out / "README.md").read_text()
    assert "run by you" in readme and "hosted by the vendor" not in readme
    assert (out / "airgap" / "load.sh").exists()


@pytest.mark.parametrize("registry", ["ecr", "dockerhub"])
def test_a_hosted_only_registry_for_an_air_gap_is_refused_in_one_line(tmp_path, registry) -> None:
    out = tmp_path / "b"
    result = run_cli("setup", *OFFLINE, "--registry", registry, "--output", str(out))
    assert_one_error_line(result)
    assert registry in result.stderr and ("air-gapped" in result.stderr)
    assert "saas" in result.stderr or "hosted" in result.stderr
    assert not out.exists()


def test_a_self_hosted_mode_without_host_is_refused_in_one_line(tmp_path) -> None:
    out = tmp_path / "b"
    result = run_cli("setup", *OFFLINE, "--output", str(out))
    assert_one_error_line(result)
    assert "--host is required" in result.stderr and not out.exists()


@pytest.mark.parametrize("host", ["registry.lan:0", "bad host", "[::1", "reg_istry.lan"])
def test_a_host_the_client_configs_cannot_express_is_refused(tmp_path, host) -> None:
    out = tmp_path / "b"
    result = run_cli(
        "setup", "--setup", "private", "--registry", "zot", "--host", host, "--output", str(out)
    )
    assert_one_error_line(result)
    assert not out.exists()


# --- hosted recipes the ranking credits ------------------------------------------------------


def test_ecr_ci_uses_github_oidc_and_the_repository_scans_and_locks_tags() -> None:
    p = bundle.make_plan(setup="private", profile=bundle.profiles()["ecr"], host=None,
                         ci="github-actions", mode="saas")  # fmt: skip
    files = {k: v for k, (v, _m) in bundle.build_bundle(p).items()}
    workflow = yaml.safe_load(files["ci/github-actions.yml"])
    assert workflow["permissions"]["id-token"] == "write"
    uses = [s.get("uses", "") for s in workflow["jobs"]["push"]["steps"]]
    assert any(u.startswith("aws-actions/configure-aws-credentials@") for u in uses)
    assert any(u.startswith("aws-actions/amazon-ecr-login@") for u in uses)
    text = files["ci/github-actions.yml"]
    assert "AWS_SECRET_ACCESS_KEY" not in text and "AWS_ACCESS_KEY_ID" not in text
    readme = files["README.md"]
    assert "scanOnPush=true" in readme and "--image-tag-mutability IMMUTABLE" in readme
    assert "ecr-credential-provider" in readme and "ecr:GetAuthorizationToken" in readme


def test_acr_bundle_creates_the_registry_and_attaches_aks() -> None:
    p = bundle.make_plan(setup="private", profile=bundle.profiles()["acr"], host=None)
    readme = bundle.build_bundle(p)["README.md"][0]
    assert "az acr create" in readme and "--attach-acr" in readme


def test_the_recommendations_mode_decides_and_another_mode_needs_other_mode() -> None:
    from advisor.errors import UsageError

    gitlab = bundle.profiles()["gitlab"]
    made = bundle.make_plan(setup="private", profile=gitlab, host="gitlab.lan",
                            mode="saas", other_mode="self-hosted")  # fmt: skip
    assert made.kind == "self-hosted" and made.address == "gitlab.lan:5050"
    with pytest.raises(UsageError, match=r"hosted by the vendor \(saas\) only"):
        bundle.make_plan(setup="private", profile=gitlab, host="gitlab.lan", mode="saas")
    assert bundle.make_plan(setup="private", profile=gitlab, host=None, mode="saas").kind == (
        "hosted"
    )
    with pytest.raises(UsageError, match="only self-hosted"):
        bundle.make_plan(setup="private", profile=bundle.profiles()["nexus"], host=None,
                         mode="saas")  # fmt: skip
    with pytest.raises(UsageError, match="--host is required"):
        bundle.make_plan(setup="private", profile=bundle.profiles()["quay"], host=None,
                         mode="self-hosted")  # fmt: skip
    with pytest.raises(UsageError, match="air-gapped"):
        bundle.make_plan(setup="private", profile=bundle.profiles()["ecr"], host=None,
                         offline=True)  # fmt: skip


@pytest.mark.parametrize("registry", sorted(set(PRODUCTS) - {"distribution"}))
def test_a_private_bundle_without_secrets_starts_with_getting_them(registry) -> None:
    p = plan("private", registry)
    readme = bundle.build_bundle(p)["README.md"][0]
    first = readme.split("## Steps", 1)[1].split("2. **", 1)[0]
    assert "--generate-secrets" in first and "certs/domain.crt" in first
    with_secrets = build("private", registry)["README.md"]
    assert "Get the registry a certificate" not in with_secrets
    assert "Make a CA, a certificate" not in with_secrets


@pytest.mark.parametrize("registry", sorted(PRODUCTS))
def test_an_ipv6_address_reaches_the_scripts_as_one_safe_word(registry) -> None:
    files = build("private", registry, "[fd00::1]:5443", offline=True)
    line = next(x for x in files["airgap/load.sh"].splitlines() if x.startswith("REGISTRY="))
    sh = shutil.which("sh")
    got = subprocess.run([sh, "-c", f'{line}; printf %s "$REGISTRY"'], capture_output=True,
                         text=True, env={"PATH": "/usr/bin:/bin"})  # fmt: skip
    assert got.stdout == "[fd00::1]:5443"
    for path, text in files.items():
        if path.endswith(".sh"):
            assert subprocess.run([sh, "-n"], input=text, text=True).returncode == 0, path


@pytest.mark.parametrize(
    ("registry", "needle"),
    [
        ("ecr", "ecr-credential-provider"),
        ("artifact-registry", "roles/artifactregistry.reader"),
        ("acr", "--attach-acr"),
        ("ghcr", "--type=kubernetes.io/dockerconfigjson"),
    ],
)
def test_hosted_bundles_say_how_kubernetes_nodes_get_credentials(registry, needle) -> None:
    p = bundle.make_plan(setup="private", profile=bundle.profiles()[registry], host=None)
    readme = bundle.build_bundle(p)["README.md"][0]
    assert needle in readme
    assert "--docker-password" not in readme  # a token on kubectl's command line


@pytest.mark.parametrize(
    ("registry", "script_path", "url_var", "base", "method", "endpoint"),
    [
        ("nexus", "server/nexus-docker-repo.sh", "NEXUS_URL", "", "POST",
         "/service/rest/v1/repositories/docker/hosted"),
        ("jfrog", "server/artifactory-docker-repo.sh", "ARTIFACTORY_URL", "/artifactory", "PUT",
         "/artifactory/api/repositories/docker-local"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("password", ['pa"ss\\word $HOME', "it's `id` $(id) ; rm -rf x"])
def test_a_rest_script_sends_its_payload_with_the_password_from_stdin(
    tmp_path, registry, script_path, url_var, base, method, endpoint, password
) -> None:
    """The script against a stand-in for the product's REST endpoint (Nexus: POST a Docker
    hosted repository; Artifactory: PUT a local Docker repository): the request must carry
    the admin password read from stdin (quotes, backslashes, `$`, backticks kept literally)
    as Basic auth, and exactly the documented payload; nothing in the password runs."""
    import base64
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    curl, sh = shutil.which("curl"), shutil.which("sh")
    if curl is None:
        pytest.skip("curl is not installed")
    seen: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            seen["method"] = self.command
            seen["path"] = self.path
            seen["auth"] = self.headers.get("Authorization")
            seen["type"] = self.headers.get("Content-Type")
            seen["body"] = self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(201 if self.command == "POST" else 200)
            self.end_headers()

        do_POST = do_PUT = _record  # noqa: N815 (http.server's names)

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        script = build("private", registry)[script_path]
        url = f"http://127.0.0.1:{server.server_address[1]}{base}"
        got = subprocess.run([sh, "-c", script], input=password + "\n", text=True,
                             capture_output=True, cwd=tmp_path,
                             env={"PATH": "/usr/bin:/bin", url_var: url}, timeout=30)  # fmt: skip
    finally:
        server.shutdown()
        thread.join(timeout=5)
    assert got.returncode == 0, got.stderr
    assert seen["method"] == method and seen["path"] == endpoint
    expected = base64.b64encode(f"admin:{password}".encode()).decode()
    assert seen["auth"] == f"Basic {expected}"
    assert seen["type"] == "application/json"
    assert json.loads(seen["body"]) == nexus_payload(script)
    assert not any(tmp_path.iterdir())  # `rm -rf x`, `id`: nothing ran, nothing written


def test_fetch_sh_saves_each_listed_image_with_checksums_and_can_run_twice(tmp_path) -> None:
    """fetch.sh with a stand-in skopeo (the real one would need the internet): one
    archive per listed image, named as load.sh expects, and a checksum list that still
    verifies after a second run."""
    files = build("insecure", "zot", offline=True)
    airgap = tmp_path / "airgap"
    airgap.mkdir()
    for name in ("images.txt", "fetch.sh", "load.sh"):
        (airgap / name).write_text(files[f"airgap/{name}"])
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "skopeo").write_text(
        "#!/bin/sh\nfor last; do :; done\nf=${last#docker-archive:}\nf=${f%%.tar:*}.tar\n"
        'printf "%s\\n" "$*" > "$f"\n'
    )
    (fake / "skopeo").chmod(0o755)
    env = {"PATH": f"{fake}:/usr/bin:/bin", "ARCH": "arm64"}
    sh = shutil.which("sh")
    for _ in range(2):
        got = subprocess.run([sh, str(airgap / "fetch.sh")], env=env, capture_output=True,
                             text=True, timeout=30)  # fmt: skip
        assert got.returncode == 0, got.stderr
    media = airgap / "media"
    names = sorted(p.name for p in media.glob("*.tar"))
    assert names == ["docker.io_library_busybox_1.37.tar",
                     "ghcr.io_project-zot_zot-linux-amd64_latest.tar"]  # fmt: skip
    args = (media / names[0]).read_text()
    assert "--override-arch arm64" in args and "docker://docker.io/library/busybox:1.37" in args
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=media, capture_output=True,
                           text=True)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert "SHA256SUMS" not in (media / "SHA256SUMS").read_text()


def test_generated_secrets_for_artifactory_meet_jfrogs_certificate_prerequisites(tmp_path):
    """JFrog's router takes a custom certificate only with an RSA key, key usage marked
    critical (digitalSignature, keyEncipherment) and both server and client auth: the
    bundle's --generate-secrets makes that for jfrog, and keeps ECDSA for the others."""
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID

    def cert_of(registry: str) -> x509.Certificate:
        out = tmp_path / registry
        result = run_cli("setup", "--setup", "private", "--registry", registry, "--host",
                         "art.lan", "--generate-secrets", "--user", "ci", "--password-stdin",
                         "--output", str(out), input="pw\n")  # fmt: skip
        assert result.returncode == 0, result.stderr
        return x509.load_pem_x509_certificate((out / "certs" / "domain.crt").read_bytes())

    cert = cert_of("jfrog")
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey) and key.key_size >= 1024
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.key_encipherment
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert {ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH} <= set(eku)
    assert isinstance(cert_of("zot").public_key(), ec.EllipticCurvePublicKey)


# --- GitHub Enterprise Server (ghcr self-hosted) --------------------------------------------


def test_ghcr_on_your_own_host_is_github_enterprise_server_with_documented_steps() -> None:
    """containers.HOSTNAME is GHES's Container registry: numbered Management Console steps
    (bucket, Enable GitHub Packages, the Container registry toggle), no invented server file;
    ghcr.io keeps the hosted steps, and neither bundle shows the other's."""
    p = plan("private", "ghcr", "containers.ghes.lan")
    assert p.kind == "self-hosted" and p.address == "containers.ghes.lan"
    files = {k: v for k, (v, _m) in bundle.build_bundle(p).items()}
    assert not any(path.startswith("server/") for path in files)
    readme = files["README.md"]
    steps = readme.split("## Steps", 1)[1].split("## Sources", 1)[0]
    order = ["prepare the package storage bucket", "Enable GitHub Packages",
             "Ecosystem Toggles", "docker login containers.ghes.lan"]  # fmt: skip
    at = [steps.find(x) for x in order]
    assert -1 not in at and at == sorted(at), at
    assert "s3:PutObject" in steps and "MinIO" in steps and "subdomain isolation" in steps
    assert "ghe-config" in steps  # says why no ghe-config keys are given
    assert "containers.ghes.lan/OWNER/" in steps
    assert "ghcr.io" not in steps and "GITHUB_TOKEN" not in steps
    ghcr = bundle.profiles()["ghcr"]
    hosted = bundle.build_bundle(bundle.make_plan(setup="private", profile=ghcr, host=None))
    hosted = hosted["README.md"][0]
    assert "Management Console" not in hosted and "ghcr.io" in hosted


def test_ghes_plain_http_is_refused_in_one_line(tmp_path) -> None:
    out = tmp_path / "b"
    result = run_cli("setup", "--setup", "insecure", "--registry", "ghcr", "--host",
                     "containers.ghes.lan", "--output", str(out))  # fmt: skip
    assert_one_error_line(result)
    assert "no insecure (plain HTTP)" in result.stderr and "--setup private" in result.stderr
    assert not out.exists()


def test_an_air_gapped_ghes_bundle_needs_no_internet_inside() -> None:
    files = build("private", "ghcr", "containers.ghes.lan", offline=True)
    images = [x for x in files["airgap/images.txt"].splitlines() if x and not x.startswith("#")]
    assert images == ["docker.io/library/busybox:1.37"]  # GHES is an appliance: no images
    assert "MinIO" in files["README.md"]


@pytest.mark.parametrize("ci", ["none", "github-actions"])
def test_ghes_ci_logs_in_to_the_instance_not_to_ghcr_io(ci) -> None:
    """GITHUB_TOKEN's login action names ghcr.io: a GHES bundle's CI must log in to the
    instance's containers.HOSTNAME with the token from stdin instead."""
    p = plan("private", "ghcr", "containers.ghes.lan", ci=ci)
    files = {k: v for k, (v, _m) in bundle.build_bundle(p).items()}
    ci_files = [k for k in files if k.startswith("ci/")]
    assert ci_files
    for path in ci_files:
        text = files[path] if isinstance(files[path], str) else files[path].decode()
        assert "ghcr.io" not in text, path
        assert "containers.ghes.lan" in text and "--password-stdin" in text, path
