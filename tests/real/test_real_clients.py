"""Real clients against a real registry, addressed by a NON-loopback name.

Docker and containerd treat 127.0.0.0/8 and localhost as insecure on their own, so a test
against 127.0.0.1 would pass with no config at all. Here Debian's `docker-registry`
(CNCF Distribution 2.8) listens on 127.0.0.1, but every client runs inside a private mount
namespace (`unshare -m`) where a bind-mounted /etc/hosts maps `registry.test` to it, and
where /etc/containers is a bind-mounted directory of the test's making. The clients see the
files at the very paths the README names; the real /etc is never written.

For each client a control without the generated config fails, and the generated config
pushes and pulls, over plain HTTP and over TLS with the bundle's CA and htpasswd login,
where a wrong password is refused:

- skopeo and podman with the bundle's registries.conf as the drop-in
  /etc/containers/registries.conf.d/50-registry-advisor.conf, and the CA at
  /etc/containers/certs.d/HOST/ca.crt;
- containerd (a private daemon) through `ctr --hosts-dir DIR` with the bundle's hosts.toml
  unchanged in DIR/HOST/, outside /etc, and ca.crt beside it;
- the Compose files pass `docker-compose config` (Debian's docker-compose 1.29), and a
  broken one does not.

Needs root, unshare, docker-registry, skopeo, podman, containerd, ctr and docker-compose
(apt: docker-registry skopeo podman containerd docker-compose). Without them the tests
skip, unless ADVISOR_REQUIRE_REAL=1, when they fail. Every process started is stopped.
"""

from __future__ import annotations

import json
import os
import shutil
import ssl
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pytest

from tests.real.test_real_registry import (
    IMAGE,
    TAG,
    _tool,
    advisor,
    containerd,  # noqa: F401  (a fixture)
    free_port,
    request,
    running_registry,
    write_oci_layout,
)

pytestmark = pytest.mark.real

NAME = "registry.test"
USER = "ci"
PASSWORD = "correct horse battery"
DROP_IN = "50-registry-advisor.conf"


@pytest.fixture(scope="module")
def tools() -> dict[str, str]:
    if os.geteuid() != 0:
        if os.environ.get("ADVISOR_REQUIRE_REAL") == "1":
            pytest.fail("the real-client tests need root; ADVISOR_REQUIRE_REAL=1 requires it")
        pytest.skip("the real-client tests need root (unshare -m, containerd)")
    names = ("unshare", "docker-registry", "skopeo", "podman", "docker-compose")
    return {n: _tool(n) for n in names}


class Namespace:
    """Run commands in a private mount namespace: NAME resolves to 127.0.0.1 and
    /etc/containers is `etc_containers`, a directory of the test's making."""

    def __init__(self, tmp: Path, unshare: str) -> None:
        self.tmp = tmp
        self.unshare = unshare
        self.hosts = tmp / "hosts"
        self.hosts.write_text(f"127.0.0.1 localhost\n127.0.0.1 {NAME}\n")
        self.home = tmp / "home"
        self.home.mkdir()
        (tmp / "auth.json").write_text('{"auths": {}}')
        self.etc = tmp / "etc-containers-empty"
        self.make_etc(self.etc)

    def make_etc(self, etc: Path, drop_in: Path | None = None, ca: tuple[str, Path] | None = None):
        """An /etc/containers as a fresh machine has it (policy, empty registries.conf),
        plus the bundle's drop-in and CA where the README puts them."""
        (etc / "registries.conf.d").mkdir(parents=True, exist_ok=True)
        (etc / "registries.conf").write_text("")
        (etc / "policy.json").write_text(
            json.dumps({"default": [{"type": "insecureAcceptAnything"}]})
        )
        if drop_in is not None:
            shutil.copy(drop_in, etc / "registries.conf.d" / DROP_IN)
        if ca is not None:
            address, ca_file = ca
            (etc / "certs.d" / address).mkdir(parents=True)
            shutil.copy(ca_file, etc / "certs.d" / address / "ca.crt")
        return etc

    def run(
        self, cmd: list[str], etc: Path | None = None, stdin: str | None = None, timeout: int = 90
    ) -> subprocess.CompletedProcess[str]:
        script = (
            'mount --bind "$1" /etc/hosts && mount --bind "$2" /etc/containers'
            ' && shift 2 && exec "$@"'
        )
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin:/usr/sbin:/sbin"),
            "HOME": str(self.home),
            "REGISTRY_AUTH_FILE": str(self.tmp / "auth.json"),
            "XDG_RUNTIME_DIR": str(self.tmp),
        }
        return subprocess.run(
            [self.unshare, "-m", "--propagation", "private", "sh", "-c", script, "sh",
             str(self.hosts), str(etc or self.etc), *cmd],
            input=stdin, capture_output=True, text=True, env=env, timeout=timeout,
        )  # fmt: skip


def make_bundle(tmp: Path, setup: str, port: int) -> Path:
    out = tmp / f"bundle-{setup}"
    args = ["--setup", setup, "--registry", "distribution", "--host", f"{NAME}:{port}"]
    if setup != "insecure":
        args += ["--generate-secrets", "--user", USER, "--password-stdin"]
    made = advisor(
        "setup", *args, "--output", str(out), stdin=PASSWORD + "\n" if setup != "insecure" else None
    )
    assert made.returncode == 0, made.stderr
    return out


def registry_config(tmp: Path, bundle: Path, port: int, secure: bool) -> Path:
    """The bundle's config.yml with the bare-metal overrides its README names: listen on
    127.0.0.1 only (the test must not open a port to the network) and, with TLS, the
    container paths of the certificate and htpasswd pointed at the bundle's files."""
    import yaml

    config = yaml.safe_load((bundle / "registry" / "config.yml").read_text())
    config["http"]["addr"] = f"127.0.0.1:{port}"
    if secure:
        config["http"]["tls"] = {
            "certificate": str(bundle / "certs" / "domain.crt"),
            "key": str(bundle / "certs" / "domain.key"),
        }
        config["auth"]["htpasswd"]["path"] = str(bundle / "auth" / "htpasswd")
    path = tmp / f"config-{port}.yml"
    path.write_text(yaml.safe_dump(config))
    return path


def oci_archive(layout: Path, target: Path) -> Path:
    """The OCI layout as a tar (what `ctr images import` reads)."""
    with tarfile.open(target, "w") as tar:
        for item in sorted(layout.rglob("*")):
            tar.add(item, arcname=str(item.relative_to(layout)), recursive=False)
    return target


def ctx_for(bundle: Path | None) -> ssl.SSLContext | None:
    if bundle is None:
        return None
    ctx = ssl.create_default_context(cafile=str(bundle / "certs" / "ca.crt"))
    ctx.check_hostname = False  # the test reaches the server as 127.0.0.1, not NAME
    return ctx


def manifest_status(port: int, repo: str, bundle: Path | None) -> int:
    scheme = "https" if bundle is not None else "http"
    auth = (USER, PASSWORD) if bundle is not None else None
    status, _h, _b = request(
        f"{scheme}://127.0.0.1:{port}/v2/{repo}/manifests/{TAG}",
        ctx=ctx_for(bundle),
        auth=auth,
        method="HEAD",
        headers={
            "Accept": "application/vnd.oci.image.manifest.v1+json, "
            "application/vnd.docker.distribution.manifest.v2+json"
        },
    )
    return status


def run_matrix(
    tmp: Path, tools: dict[str, str], ctr: tuple[str, str], setup: str
) -> dict[str, str]:
    """Every client × (control, config) for one setup; returns what was proven."""
    secure = setup != "insecure"
    port = free_port()
    address = f"{NAME}:{port}"
    bundle = make_bundle(tmp, setup, port)
    layout = tmp / "layout"
    digests = write_oci_layout(layout)
    ns = Namespace(tmp, tools["unshare"])
    ca = bundle / "certs" / "ca.crt"
    good = ns.make_etc(
        tmp / "etc-containers-bundle",
        drop_in=bundle / "clients" / "registries.conf",
        ca=(address, ca) if secure else None,
    )
    # The TLS control has the drop-in (insecure = false) but not the CA.
    no_ca = ns.make_etc(
        tmp / "etc-containers-no-ca", drop_in=bundle / "clients" / "registries.conf"
    )
    proven: dict[str, str] = {}
    storage = tmp / "storage"
    scheme = "https" if secure else "http"
    cleanup: list[Path] = []
    try:
        with running_registry(
            tools["docker-registry"],
            registry_config(tmp, bundle, port, secure),
            storage,
            tmp / "registry.log",
            f"{scheme}://127.0.0.1:{port}/v2/",
            ctx_for(bundle if secure else None),
        ):
            skopeo = tools["skopeo"]
            # --- skopeo ---------------------------------------------------------------------
            ref = f"{address}/{IMAGE}:{TAG}"
            if secure:
                wrong = ns.run([skopeo, "login", "-u", USER, "--password-stdin", address], good,
                               stdin="wrong password\n")  # fmt: skip
                assert wrong.returncode != 0
                assert "invalid username/password" in wrong.stderr, wrong.stderr
                login = ns.run([skopeo, "login", "-u", USER, "--password-stdin", address], good,
                               stdin=PASSWORD + "\n")  # fmt: skip
                assert login.returncode == 0, login.stderr
            push = [skopeo, "copy", f"oci:{layout}:{TAG}", f"docker://{ref}"]
            control = ns.run(push, no_ca if secure else ns.etc)
            assert control.returncode != 0, "skopeo pushed without the bundle's config"
            expected = "certificate" if secure else "HTTP response to HTTPS client"
            assert expected in control.stderr, control.stderr
            done = ns.run(push, good)
            assert done.returncode == 0, done.stderr
            back = tmp / "skopeo-back"
            pulled = ns.run([skopeo, "copy", f"docker://{ref}", f"oci:{back}:{TAG}"], good)
            assert pulled.returncode == 0, pulled.stderr
            index = json.loads((back / "index.json").read_text())
            assert [m["digest"] for m in index["manifests"]] == [digests["manifest"]]
            proven["skopeo"] = "control fails; push and pull with the drop-in"

            # --- podman ---------------------------------------------------------------------
            short = Path(tempfile.mkdtemp(prefix="pod-", dir="/tmp"))  # runroot: < 50 chars
            cleanup.append(short)
            podman = [
                tools["podman"], "--root", str(short / "root"), "--runroot", str(short / "run"),
                "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs",
                "--events-backend", "file",
            ]  # fmt: skip
            pref = f"{address}/advisor/podman:{TAG}"
            got = ns.run([*podman, "pull", "-q", f"oci:{layout}:{TAG}"], good)
            assert got.returncode == 0, got.stderr
            image_id = got.stdout.strip().splitlines()[-1]
            assert ns.run([*podman, "tag", image_id, pref], good).returncode == 0
            if secure:
                wrong = ns.run([*podman, "login", "-u", USER, "--password-stdin", address], good,
                               stdin="wrong password\n")  # fmt: skip
                assert wrong.returncode != 0, "podman logged in with a wrong password"
                assert "invalid username/password" in wrong.stderr, wrong.stderr
                ok = ns.run([*podman, "login", "-u", USER, "--password-stdin", address], good,
                            stdin=PASSWORD + "\n")  # fmt: skip
                assert ok.returncode == 0, ok.stderr
            control = ns.run([*podman, "push", pref], no_ca if secure else ns.etc)
            assert control.returncode != 0, "podman pushed without the bundle's config"
            assert expected in control.stderr, control.stderr
            done = ns.run([*podman, "push", pref], good)
            assert done.returncode == 0, done.stderr
            assert ns.run([*podman, "rmi", "-f", pref], good).returncode == 0
            pulled = ns.run([*podman, "pull", "-q", pref], good)
            assert pulled.returncode == 0, pulled.stderr
            assert manifest_status(port, "advisor/podman", bundle if secure else None) == 200
            proven["podman"] = "control fails; push, remove and pull with the drop-in"

            # --- containerd through ctr --hosts-dir ------------------------------------------
            binary, sock = ctr
            hosts = tmp / "hosts-dir"
            (hosts / address).mkdir(parents=True)
            shutil.copy(bundle / "clients" / "hosts.toml", hosts / address / "hosts.toml")
            empty = tmp / "hosts-empty"
            empty.mkdir()
            creds = ["--user", f"{USER}:{PASSWORD}"] if secure else []
            fetch = [binary, "-a", sock, "content", "fetch"]
            # Control: a hosts dir without the bundle's file.
            control = ns.run([*fetch, "--hosts-dir", str(empty), *creds, ref])
            assert control.returncode != 0, "ctr fetched without the bundle's config"
            reason = "x509" if secure else "HTTP response to HTTPS client"
            assert reason in control.stderr, control.stderr
            if secure:
                # hosts.toml alone: containerd looks for the CA beside it (the relative
                # `ca = "ca.crt"`), wherever the hosts dir is.
                alone = ns.run([*fetch, "--hosts-dir", str(hosts), *creds, ref])
                assert alone.returncode != 0
                assert str(hosts / address / "ca.crt") in alone.stderr, alone.stderr
                shutil.copy(ca, hosts / address / "ca.crt")
                wrong = ns.run([*fetch, "--hosts-dir", str(hosts), "--user", f"{USER}:wrong", ref])
                assert wrong.returncode != 0, "ctr fetched with a wrong password"
                assert "401" in wrong.stderr or "unauthorized" in wrong.stderr.lower(), wrong.stderr
            done = ns.run([*fetch, "--hosts-dir", str(hosts), *creds, ref])
            assert done.returncode == 0, done.stderr
            listed = ns.run([binary, "-a", sock, "content", "ls", "-q"])
            assert digests["manifest"] in listed.stdout.split(), listed.stdout
            assert digests["layer"] in listed.stdout.split(), listed.stdout
            cref = f"{address}/advisor/ctr"
            archive = oci_archive(layout, tmp / "layout.tar")
            imported = ns.run([binary, "-a", sock, "images", "import", "--no-unpack",
                               "--base-name", cref, str(archive)])  # fmt: skip
            assert imported.returncode == 0, imported.stderr
            push = [binary, "-a", sock, "images", "push"]
            control = ns.run([*push, "--hosts-dir", str(empty), *creds, f"{cref}:{TAG}"])
            assert control.returncode != 0, "ctr pushed without the bundle's config"
            assert "HTTP response to HTTPS client" in control.stderr or "x509" in control.stderr
            done = ns.run([*push, "--hosts-dir", str(hosts), *creds, f"{cref}:{TAG}"])
            assert done.returncode == 0, done.stderr
            assert manifest_status(port, "advisor/ctr", bundle if secure else None) == 200
            proven["containerd"] = "control fails; ctr --hosts-dir fetch and push"
    finally:
        for path in cleanup:
            # podman's vfs layers may be read-only: make them writable, then remove.
            subprocess.run(["chmod", "-R", "u+w", str(path)], capture_output=True)
            shutil.rmtree(path, ignore_errors=True)
    return proven


def test_plain_http_with_a_non_loopback_name(
    tmp_path: Path,
    tools: dict[str, str],
    containerd: tuple[str, str],  # noqa: F811
) -> None:
    proven = run_matrix(tmp_path, tools, containerd, "insecure")
    assert set(proven) == {"skopeo", "podman", "containerd"}


def test_tls_and_login_with_a_non_loopback_name(
    tmp_path: Path,
    tools: dict[str, str],
    containerd: tuple[str, str],  # noqa: F811
) -> None:
    proven = run_matrix(tmp_path, tools, containerd, "private")
    assert set(proven) == {"skopeo", "podman", "containerd"}


def test_the_name_resolves_only_inside_the_namespace(tmp_path: Path, tools) -> None:
    ns = Namespace(tmp_path, tools["unshare"])
    inside = ns.run(["getent", "hosts", NAME])
    assert inside.returncode == 0 and "127.0.0.1" in inside.stdout
    outside = subprocess.run(["getent", "hosts", NAME], capture_output=True, text=True)
    assert outside.returncode != 0  # /etc/hosts itself is untouched


@pytest.mark.parametrize(
    ("registry", "path"),
    [("distribution", "registry/compose.yaml"), ("zot", "server/compose.yaml")],
)
@pytest.mark.parametrize("setup", ["insecure", "private"])
def test_compose_files_pass_docker_compose_config(
    tmp_path: Path, tools: dict[str, str], registry: str, path: str, setup: str
) -> None:
    out = tmp_path / "b"
    made = advisor(
        "setup", "--setup", setup, "--registry", registry, "--host", f"{NAME}:5000",
        "--output", str(out),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    compose = out / path
    ok = subprocess.run(
        [tools["docker-compose"], "-f", str(compose), "config", "--quiet"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    # Control: the same checker refuses a file with a key the Compose spec does not have.
    broken = compose.with_name("broken.yaml")
    text = compose.read_text()
    broken.write_text(text.replace("restart: always", "restart: always\n    restrat: always"))
    bad = subprocess.run(
        [tools["docker-compose"], "-f", str(broken), "config", "--quiet"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert bad.returncode != 0 and "restrat" in bad.stderr, bad.stderr


@pytest.mark.parametrize("setup", ["insecure", "private"])
def test_airgap_load_pushes_the_carried_archives_and_refuses_tampered_media(
    tmp_path: Path, tools: dict[str, str], setup: str
) -> None:
    """The inside half of the carry-in: airgap/load.sh, as generated, run in the namespace.

    The connected half (fetch.sh) needs the internet; here its output is made locally:
    a docker-archive of the test image under media/, named as fetch.sh names it, with
    SHA256SUMS. images.txt is cut to that one image (nothing else is on this machine).
    """
    secure = setup != "insecure"
    port = free_port()
    out = tmp_path / "bundle"
    args = ["--setup", setup, "--registry", "distribution", "--host", f"{NAME}:{port}"]
    if secure:
        args += ["--generate-secrets", "--user", USER, "--password-stdin"]
    made = advisor(
        "setup", *args, "--answer", "offline=yes", "--output", str(out),
        stdin=PASSWORD + "\n" if secure else None,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    airgap = out / "airgap"
    ref = "docker.io/advisor/carried:v1"
    (airgap / "images.txt").write_text(f"# cut down by the test\n{ref}\n")
    media = airgap / "media"
    media.mkdir()
    layout = tmp_path / "layout"
    write_oci_layout(layout)
    ns = Namespace(tmp_path, tools["unshare"])
    archive = media / "docker.io_advisor_carried_v1.tar"
    saved = ns.run(
        [tools["skopeo"], "copy", f"oci:{layout}:{TAG}", f"docker-archive:{archive}:{ref}"]
    )
    assert saved.returncode == 0, saved.stderr
    subprocess.run(
        "sha256sum -- * > SHA256SUMS", shell=True, cwd=media, check=True, capture_output=True
    )
    scheme = "https" if secure else "http"
    with running_registry(
        tools["docker-registry"],
        registry_config(tmp_path, out, port, secure),
        tmp_path / "storage",
        tmp_path / "registry.log",
        f"{scheme}://127.0.0.1:{port}/v2/",
        ctx_for(out if secure else None),
    ):
        if secure:
            etc = ns.make_etc(
                tmp_path / "etc-login", ca=(f"{NAME}:{port}", out / "certs" / "ca.crt")
            )
            login = ns.run([tools["skopeo"], "login", "-u", USER, "--password-stdin",
                            f"{NAME}:{port}"], etc, stdin=PASSWORD + "\n")  # fmt: skip
            assert login.returncode == 0, login.stderr
        # Control: one flipped byte in the carried media, and nothing is pushed.
        good = archive.read_bytes()
        archive.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))
        bad = ns.run(["sh", str(airgap / "load.sh")])
        assert bad.returncode != 0 and "FAILED" in bad.stdout + bad.stderr, bad.stdout
        assert manifest_status(port, "advisor/carried", out if secure else None) == 404
        archive.write_bytes(good)
        # The script trusts only the bundle's CA (it is not in this namespace's certs.d).
        loaded = ns.run(["sh", str(airgap / "load.sh")])
        assert loaded.returncode == 0, loaded.stderr
        assert manifest_status(port, "advisor/carried", out if secure else None) == 200
