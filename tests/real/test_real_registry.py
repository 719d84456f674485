"""The generated bundles, proven against a real CNCF Distribution and a real skopeo.

Each test writes a bundle with `registry-advisor setup`, starts Debian's `docker-registry`
(Distribution 2.8) on 127.0.0.1 with the bundle's config.yml, and pushes a tiny OCI image
built here with `skopeo copy`, configured only by the bundle's own files. Control
cases show each setting matters: without the bundle's registries.conf the plain-HTTP push
fails, without the bundle's CA the TLS push fails, and wrong or missing credentials get 401.
containerd (a private daemon started here, driven by `ctr`) then fetches the image through
the bundle's hosts.toml; without it the TLS fetch fails.

What we change in the generated config, and why: the storage directory (through
REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY, which Distribution honours) and, for the TLS
bundle, the three container paths (/certs/..., /auth/htpasswd) rewritten to the bundle's
files on disk, as the README tells bare-metal users to do. Every other key runs as written.

Needs /usr/bin/docker-registry, /usr/bin/skopeo, containerd and ctr (apt: docker-registry
skopeo containerd; containerd runs as root). Without them the tests skip, unless
ADVISOR_REQUIRE_REAL=1, when they fail.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import secrets
import shutil
import ssl
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import AbstractContextManager
from email.message import Message
from pathlib import Path

import pytest
import yaml
from registry_rig import ctr_fetch, free_port, private_containerd
from registry_rig import running_registry as rig_registry

pytestmark = pytest.mark.real

REPO = Path(__file__).resolve().parents[2]
IMAGE = "advisor/hello"
TAG = "v1"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"


# --- tools and processes ----------------------------------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
    if path is None:
        message = f"{name} is not installed (apt-get install docker-registry skopeo)"
        if os.environ.get("ADVISOR_REQUIRE_REAL") == "1":
            pytest.fail(message + "; ADVISOR_REQUIRE_REAL=1 requires it")
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def registry_bin() -> str:
    return _tool("docker-registry")


@pytest.fixture(scope="module")
def skopeo_bin() -> str:
    return _tool("skopeo")


@pytest.fixture
def containerd(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A private containerd (own root, state and socket, no CRI): yields (ctr, socket)."""
    with private_containerd(tmp_path) as started:
        yield started


def hosts_dir(tmp_path: Path, bundle: Path, host: str, ca: Path | None) -> Path:
    """A hosts dir outside /etc holding the bundle's hosts.toml as made, ca.crt beside it.

    The file's `ca = "ca.crt"` is relative, so it works unchanged in any hosts dir: the
    test proves that by not touching it.
    """
    target = tmp_path / "certs.d" / host
    target.mkdir(parents=True)
    shutil.copy(bundle / "clients" / "hosts.toml", target / "hosts.toml")
    if ca is not None:
        shutil.copy(ca, target / "ca.crt")
    return target.parent


def advisor(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )


def running_registry(
    binary: str, config: Path, storage: Path, log: Path, ready_url: str, ctx: ssl.SSLContext | None
) -> AbstractContextManager[subprocess.Popen[bytes]]:
    """The rig's registry, ready once /v2/ answers 200 or 401 through `ctx`: with the bundle's
    CA, so a certificate the client would refuse fails the test instead of timing out."""
    return rig_registry(
        binary,
        config,
        ready_url,
        storage=storage,
        log=log,
        ready=lambda url: http_status(url, ctx=ctx) in (200, 401),
    )


def http_status(
    url: str,
    *,
    ctx: ssl.SSLContext | None = None,
    auth: tuple[str, str] | None = None,
    method: str = "GET",
    headers: dict[str, str] | None = None,
) -> int | None:
    """The HTTP status, or None when nothing answers (yet)."""
    try:
        return request(url, ctx=ctx, auth=auth, method=method, headers=headers)[0]
    except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
        if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, ssl.SSLError):
            raise
        return None


def request(
    url: str,
    *,
    ctx: ssl.SSLContext | None = None,
    auth: tuple[str, str] | None = None,
    method: str = "GET",
    headers: dict[str, str] | None = None,
) -> tuple[int, Message, bytes]:
    req = urllib.request.Request(url, method=method, headers=dict(headers or {}))
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=5) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


# --- a tiny OCI image, written by hand ------------------------------------------------------


def _blob(layout: Path, data: bytes) -> dict[str, object]:
    digest = hashlib.sha256(data).hexdigest()
    (layout / "blobs" / "sha256" / digest).write_bytes(data)
    return {"digest": f"sha256:{digest}", "size": len(data)}


def write_oci_layout(layout: Path) -> dict[str, str]:
    """An OCI image layout with one gzip layer holding /hello.txt; returns its digests."""
    (layout / "blobs" / "sha256").mkdir(parents=True)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        content = b"hello from registry-advisor\n"
        info = tarfile.TarInfo("hello.txt")
        info.size, info.mode, info.mtime = len(content), 0o644, 0
        tar.addfile(info, io.BytesIO(content))
    tar_bytes = raw.getvalue()
    layer = gzip.compress(tar_bytes, mtime=0)
    layer_desc = _blob(layout, layer)
    config = json.dumps(
        {
            "architecture": "amd64",
            "os": "linux",
            "config": {},
            "rootfs": {
                "type": "layers",
                "diff_ids": ["sha256:" + hashlib.sha256(tar_bytes).hexdigest()],
            },
        },
        separators=(",", ":"),
    ).encode()
    config_desc = _blob(layout, config)
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **config_desc},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", **layer_desc}],
        },
        separators=(",", ":"),
    ).encode()
    manifest_desc = _blob(layout, manifest)
    (layout / "oci-layout").write_text(json.dumps({"imageLayoutVersion": "1.0.0"}))
    index = {
        "schemaVersion": 2,
        "manifests": [
            {
                "mediaType": OCI_MANIFEST,
                **manifest_desc,
                "annotations": {"org.opencontainers.image.ref.name": TAG},
            }
        ],
    }
    (layout / "index.json").write_text(json.dumps(index))
    return {"manifest": str(manifest_desc["digest"]), "layer": str(layer_desc["digest"])}


# --- skopeo ----------------------------------------------------------------------------------


def skopeo(
    binary: str, tmp: Path, registries_conf: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """skopeo with a private HOME and runtime dir, our policy, and the given registries.conf."""
    home = tmp / "skopeo-home"
    run_dir = tmp / "skopeo-run"
    home.mkdir(exist_ok=True)
    run_dir.mkdir(mode=0o700, exist_ok=True)
    policy = tmp / "policy.json"
    if not policy.exists():
        policy.write_text(json.dumps({"default": [{"type": "insecureAcceptAnything"}]}))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(run_dir),
        "CONTAINERS_REGISTRIES_CONF": str(registries_conf),
    }
    return subprocess.run(
        # skopeo 1.9 ignores CONTAINERS_REGISTRIES_CONF but honours --registries-conf;
        # newer releases honour both.
        [
            binary,
            "--policy",
            str(policy),
            "--registries-conf",
            str(registries_conf),
            "--command-timeout",
            "60s",
            *args,
        ],  # fmt: skip
        capture_output=True,
        text=True,
        env=env,
        timeout=90,
    )


def assert_round_trip(
    binary: str,
    tmp: Path,
    conf: Path,
    ref: str,
    digests: dict[str, str],
    extra: list[str],
) -> None:
    back = tmp / "pulled"
    got = skopeo(binary, tmp, conf, "copy", *extra, f"docker://{ref}", f"oci:{back}:{TAG}")
    assert got.returncode == 0, got.stderr
    index = json.loads((back / "index.json").read_text())
    assert [m["digest"] for m in index["manifests"]] == [digests["manifest"]]
    layer = back / "blobs" / "sha256" / digests["layer"].split(":", 1)[1]
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(layer.read_bytes()))) as tar:
        member = tar.extractfile("hello.txt")
        assert member is not None
        assert member.read() == b"hello from registry-advisor\n"


# --- the tests -------------------------------------------------------------------------------


def test_insecure_bundle_serves_plain_http_and_skopeo_pushes_with_its_registries_conf(
    tmp_path: Path, registry_bin: str, skopeo_bin: str, containerd: tuple[str, str]
) -> None:
    port = free_port()
    host = f"127.0.0.1:{port}"
    bundle = tmp_path / "bundle"
    made = advisor(
        "setup", "--setup", "insecure", "--registry", "distribution",
        "--host", host, "--output", str(bundle),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    config = bundle / "registry" / "config.yml"
    assert yaml.safe_load(config.read_text())["http"]["addr"] == host

    layout = tmp_path / "layout"
    digests = write_oci_layout(layout)
    ref = f"{host}/{IMAGE}:{TAG}"
    conf = bundle / "clients" / "registries.conf"
    empty_conf = tmp_path / "empty-registries.conf"
    empty_conf.write_text("# no [[registry]] entries\n")

    with running_registry(
        registry_bin, config, tmp_path / "storage", tmp_path / "registry.log",
        f"http://{host}/v2/", None,
    ):  # fmt: skip
        status, headers, body = request(f"http://{host}/v2/")
        assert status == 200
        assert headers.get("Docker-Distribution-Api-Version") == "registry/2.0"

        # Control: without the bundle's registries.conf, skopeo insists on HTTPS.
        refused = skopeo(skopeo_bin, tmp_path, empty_conf, "copy", f"oci:{layout}:{TAG}",
                         f"docker://{ref}")  # fmt: skip
        assert refused.returncode != 0
        assert "HTTP response to HTTPS client" in refused.stderr

        pushed = skopeo(skopeo_bin, tmp_path, conf, "copy", f"oci:{layout}:{TAG}",
                        f"docker://{ref}")  # fmt: skip
        assert pushed.returncode == 0, pushed.stderr

        status, _, body = request(f"http://{host}/v2/{IMAGE}/tags/list")
        assert status == 200
        assert json.loads(body) == {"name": IMAGE, "tags": [TAG]}
        status, headers, _ = request(
            f"http://{host}/v2/{IMAGE}/manifests/{TAG}",
            method="HEAD",
            headers={"Accept": OCI_MANIFEST},
        )
        assert status == 200
        assert headers.get("Docker-Content-Digest") == digests["manifest"]

        assert_round_trip(skopeo_bin, tmp_path, conf, ref, digests, [])

        # containerd follows the bundle's hosts.toml (server = "http://..."). Control: the
        # same file saying https:// fails, so the fetch really went by the file.
        hosts = hosts_dir(tmp_path, bundle, host, None)
        toml_file = hosts / host / "hosts.toml"
        made_text = toml_file.read_text()
        toml_file.write_text(made_text.replace("http://", "https://"))
        wrong = ctr_fetch(containerd, ref, "--hosts-dir", str(hosts))
        assert wrong.returncode != 0
        toml_file.write_text(made_text)
        fetched = ctr_fetch(containerd, ref, "--hosts-dir", str(hosts))
        assert fetched.returncode == 0, fetched.stderr
        listed = subprocess.run([containerd[0], "-a", containerd[1], "content", "ls", "-q"],
                                capture_output=True, text=True, check=True).stdout  # fmt: skip
        assert digests["manifest"] in listed and digests["layer"] in listed


def test_private_bundle_serves_tls_with_htpasswd_and_refuses_strangers(
    tmp_path: Path, registry_bin: str, skopeo_bin: str, containerd: tuple[str, str]
) -> None:
    port = free_port()
    host = f"127.0.0.1:{port}"
    user = "ci"
    password = secrets.token_urlsafe(24)
    bundle = tmp_path / "bundle"
    made = advisor(
        "setup", "--setup", "private", "--registry", "distribution", "--host", host,
        "--generate-secrets", "--user", user, "--password-stdin", "--output", str(bundle),
        stdin=password + "\n",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert password not in made.stdout + made.stderr
    for path in bundle.rglob("*"):
        if path.is_file():
            assert password.encode() not in path.read_bytes(), path

    # Point the container paths at the bundle's files; check they were the documented ones.
    cfg = yaml.safe_load((bundle / "registry" / "config.yml").read_text())
    assert cfg["http"]["tls"] == {"certificate": "/certs/domain.crt", "key": "/certs/domain.key"}
    assert cfg["auth"]["htpasswd"]["path"] == "/auth/htpasswd"
    cfg["http"]["tls"]["certificate"] = str(bundle / "certs" / "domain.crt")
    cfg["http"]["tls"]["key"] = str(bundle / "certs" / "domain.key")
    cfg["auth"]["htpasswd"]["path"] = str(bundle / "auth" / "htpasswd")
    config = tmp_path / "config.yml"
    config.write_text(yaml.safe_dump(cfg))

    ca_file = bundle / "certs" / "ca.crt"
    trust = ssl.create_default_context(cafile=str(ca_file))
    cert_dir = tmp_path / "certs.d"
    cert_dir.mkdir()
    shutil.copy(ca_file, cert_dir / "ca.crt")  # as in /etc/containers/certs.d/HOST/ca.crt
    conf = bundle / "clients" / "registries.conf"
    layout = tmp_path / "layout"
    digests = write_oci_layout(layout)
    ref = f"{host}/{IMAGE}:{TAG}"
    base = f"https://{host}/v2/"

    def authfile(name: str, secret: str) -> Path:
        path = tmp_path / f"{name}.json"
        token = base64.b64encode(f"{user}:{secret}".encode()).decode()
        path.write_text(json.dumps({"auths": {host: {"auth": token}}}))
        path.chmod(0o600)
        return path

    good, bad = authfile("auth", password), authfile("wrong", password + "x")

    with running_registry(
        registry_bin, config, tmp_path / "storage", tmp_path / "registry.log", base, trust
    ):
        # TLS is verified: a client without our CA refuses the certificate.
        with pytest.raises(urllib.error.URLError) as excinfo:
            request(base, ctx=ssl.create_default_context())
        assert isinstance(excinfo.value.reason, ssl.SSLCertVerificationError)

        status, headers, _ = request(base, ctx=trust)
        assert status == 401  # anonymous
        assert headers.get("WWW-Authenticate") == 'Basic realm="Registry Realm"'
        assert request(base, ctx=trust, auth=(user, password + "x"))[0] == 401
        assert request(base, ctx=trust, auth=("nobody", password))[0] == 401
        assert request(base, ctx=trust, auth=(user, password))[0] == 200

        push = ["copy", f"oci:{layout}:{TAG}", f"docker://{ref}"]
        untrusted = skopeo(skopeo_bin, tmp_path, conf, *push[:1], "--dest-authfile", str(good),
                           *push[1:])  # fmt: skip
        assert untrusted.returncode != 0
        assert "certificate signed by unknown authority" in untrusted.stderr

        denied = skopeo(skopeo_bin, tmp_path, conf, "copy", "--dest-cert-dir", str(cert_dir),
                        "--dest-authfile", str(bad), *push[1:])  # fmt: skip
        assert denied.returncode != 0
        assert "unauthorized" in denied.stderr.lower() or "401" in denied.stderr

        pushed = skopeo(skopeo_bin, tmp_path, conf, "copy", "--dest-cert-dir", str(cert_dir),
                        "--dest-authfile", str(good), *push[1:])  # fmt: skip
        assert pushed.returncode == 0, pushed.stderr

        tags_url = f"{base}{IMAGE}/tags/list"
        assert request(tags_url, ctx=trust)[0] == 401
        status, _, body = request(tags_url, ctx=trust, auth=(user, password))
        assert status == 200
        assert json.loads(body) == {"name": IMAGE, "tags": [TAG]}

        assert_round_trip(
            skopeo_bin, tmp_path, conf, ref, digests,
            ["--src-cert-dir", str(cert_dir), "--src-authfile", str(good)],
        )  # fmt: skip

        # containerd: without the bundle's hosts.toml the fetch fails; with it (its `ca`
        # pointing at the bundle's CA) the image is fetched with the login.
        login = f"{user}:{password}"
        refused = ctr_fetch(containerd, ref, "--user", login)
        assert refused.returncode != 0
        # For a loopback host containerd falls back to plain HTTP when TLS fails, and the
        # TLS port answers that with 400: either way, no fetch without the bundle's file.
        assert "unknown authority" in refused.stderr or "400 Bad Request" in refused.stderr
        hosts = hosts_dir(tmp_path, bundle, host, ca_file)
        fetched = ctr_fetch(containerd, ref, "--hosts-dir", str(hosts), "--user", login)
        assert fetched.returncode == 0, fetched.stderr
        listed = subprocess.run([containerd[0], "-a", containerd[1], "content", "ls", "-q"],
                                capture_output=True, text=True, check=True).stdout  # fmt: skip
        assert digests["manifest"] in listed and digests["layer"] in listed
