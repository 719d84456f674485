"""`doctor` against a real CNCF Distribution (Debian's docker-registry) in each case it must
name: plain HTTP, TLS from a private CA, a certificate without SANs, an expired
certificate, and htpasswd logins. Client configs are read from a temporary --root, never
this machine's /etc.

Where a real client can show the same failure, skopeo runs too: its own error message is
fed back to `doctor --error HOST`, which must name the cause, and the lines doctor gives
for the client must turn skopeo's failure into a success (the control).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import subprocess
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, need_tool, run_cli
from registry_rig import (
    ctr_fetch,
    free_port,
    make_pki,
    private_containerd,
    running_registry,
    write_config,
    write_htpasswd,
)

pytestmark = pytest.mark.real
SCHEMA = json.loads((ROOT / "data" / "schemas" / "doctor.schema.json").read_text())


@pytest.fixture(scope="module")
def registry_bin() -> str:
    return need_tool("docker-registry")


@pytest.fixture(scope="module")
def skopeo_bin() -> str:
    return need_tool("skopeo")


def doctor(*args: str, stdin: str | None = None) -> tuple[dict, subprocess.CompletedProcess]:
    proc = run_cli("doctor", *args, "--json", input=stdin, process=True)  # real registries
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, SCHEMA)  # the published schema holds for real output
    return doc, proc


def by_id(doc: dict) -> dict[str, dict]:
    return {c["id"]: c for c in doc["checks"]}


def client(doc: dict, name: str) -> dict:
    return next(c for c in doc["verdict"]["clients"] if c["client"] == name)


def skopeo(binary: str, tmp: Path, conf: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """skopeo with a private HOME and the given registries.conf (as test_real_registry)."""
    home, run_dir = tmp / "skopeo-home", tmp / "skopeo-run"
    home.mkdir(exist_ok=True)
    run_dir.mkdir(mode=0o700, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(run_dir),
        "CONTAINERS_REGISTRIES_CONF": str(conf),
    }
    return subprocess.run(
        [binary, "--registries-conf", str(conf), "--command-timeout", "30s", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def first_match(doc: dict) -> dict:
    assert doc["matches"], doc
    return doc["matches"][0]


def test_plain_http_registry(tmp_path: Path, registry_bin: str, skopeo_bin: str) -> None:
    port = free_port()
    host = f"127.0.0.1:{port}"
    config = write_config(tmp_path, port)
    root = tmp_path / "root"
    root.mkdir()
    empty_conf = tmp_path / "empty.conf"
    empty_conf.write_text("# nothing\n")
    with running_registry(registry_bin, config, f"http://{host}/v2/"):
        doc, proc = doctor(host, "--root", str(root))
        checks = by_id(doc)
        assert doc["host"] == host
        assert [c["id"] for c in doc["checks"]] == ["tcp", "tls", "api", "auth", "client"]
        assert checks["tcp"]["status"] == "ok"
        assert checks["tls"]["status"] == "warn"
        assert "plain HTTP" in checks["tls"]["summary"]
        assert checks["api"]["status"] == "ok" and "registry/2.0" in checks["api"]["summary"]
        assert checks["auth"]["summary"].startswith("none")
        # Docker treats loopback as insecure by default; Podman does not.
        assert client(doc, "docker")["status"] == "ok"
        podman = client(doc, "podman")
        assert podman["status"] == "fail"
        assert "HTTP response to HTTPS client" in podman["reason"]
        assert f'location = "{host}"' in podman["lines"] and "insecure = true" in podman["lines"]
        assert doc["verdict"]["status"] == "fail" and proc.returncode == 1

        # The real client fails the way doctor says, and doctor names the cause from its
        # own message.
        refused = skopeo(
            skopeo_bin, tmp_path, empty_conf, "inspect", "--raw", f"docker://{host}/a/b:1"
        )
        assert refused.returncode != 0
        assert "HTTP response to HTTPS client" in refused.stderr
        explained, _ = doctor("--error", refused.stderr)
        assert first_match(explained)["signature"] == "http-response-to-https"
        both, _ = doctor(host, "--root", str(root), "--error", refused.stderr)
        top = first_match(both)
        assert top["id"] == "http-response-to-https/not-listed-insecure"
        assert top["status"] == "confirmed"

        # Control: the lines doctor gives make skopeo speak HTTP to it.
        dropin = root / "etc/containers/registries.conf.d/50-registry-advisor.conf"
        dropin.parent.mkdir(parents=True)
        dropin.write_text(podman["lines"])
        fixed = skopeo(skopeo_bin, tmp_path, dropin, "inspect", "--raw", f"docker://{host}/a/b:1")
        assert "HTTP response to HTTPS client" not in fixed.stderr
        assert "manifest unknown" in fixed.stderr  # an HTTP answer from the registry
        named, _ = doctor("--error", fixed.stderr)
        assert first_match(named)["signature"] == "manifest-unknown"

        again, _ = doctor(host, "--root", str(root))
        assert client(again, "podman")["status"] == "ok"
        assert str(dropin) + " (found)" in "\n".join(by_id(again)["client"]["detail"])


def test_tls_with_a_private_ca(tmp_path: Path, registry_bin: str, skopeo_bin: str) -> None:
    port = free_port()
    host = f"127.0.0.1:{port}"
    pki = make_pki(tmp_path / "pki")
    other = make_pki(tmp_path / "other")  # a CA that did not sign the server's certificate
    config = write_config(tmp_path, port, pki=pki)
    root = tmp_path / "root"
    certs = root / f"etc/containers/certs.d/{host}"
    certs.mkdir(parents=True)
    conf = tmp_path / "registries.conf"
    conf.write_text("# defaults\n")
    with running_registry(registry_bin, config, f"https://{host}/v2/"):
        doc, _ = doctor(host, "--root", str(root))
        tls = by_id(doc)["tls"]
        assert tls["status"] == "fail"
        assert "unknown authority" in tls["summary"]
        detail = "\n".join(tls["detail"])
        assert "issuer: CN=Doctor Test CA" in detail
        assert "SANs: 127.0.0.1" in detail
        assert "valid " in detail and " to " in detail

        with_ca, _ = doctor(host, "--root", str(root), "--ca", str(pki.ca))
        tls = by_id(with_ca)["tls"]
        assert tls["status"] == "warn" and "verifies it" in tls["summary"]
        wrong_ca, _ = doctor(host, "--root", str(root), "--ca", str(other.ca))
        assert "nor by --ca" in by_id(wrong_ca)["tls"]["summary"]

        # Podman's certs.d: the wrong CA does not count, the right one does.
        (certs / "ca.crt").write_bytes(other.ca.read_bytes())
        doc, _ = doctor(host, "--root", str(root))
        podman = client(doc, "podman")
        assert podman["status"] == "fail" and "does not verify" in podman["reason"]
        (certs / "ca.crt").write_bytes(pki.ca.read_bytes())
        doc, _ = doctor(host, "--root", str(root))
        assert client(doc, "podman")["status"] == "ok"

        untrusted = skopeo(skopeo_bin, tmp_path, conf, "inspect", "--raw", f"docker://{host}/a/b:1")
        assert "certificate signed by unknown authority" in untrusted.stderr
        empty_root = tmp_path / "empty-root"
        empty_root.mkdir()
        both, _ = doctor(host, "--root", str(empty_root), "--error", untrusted.stderr)
        top = first_match(both)
        assert top["id"] == "x509-unknown-authority/ca-not-installed"
        assert top["status"] == "confirmed"
        ruled = {m["id"]: m["status"] for m in both["matches"]}
        assert ruled["x509-unknown-authority/incomplete-chain"] == "ruled-out"
        # Control: with the CA where doctor said, skopeo trusts the registry.
        trusted = skopeo(skopeo_bin, tmp_path, conf, "inspect", "--raw", "--cert-dir", str(certs),
                         f"docker://{host}/a/b:1")  # fmt: skip
        assert "x509" not in trusted.stderr
        assert "manifest unknown" in trusted.stderr


def test_certificate_without_sans(tmp_path: Path, registry_bin: str, skopeo_bin: str) -> None:
    port = free_port()
    host = f"127.0.0.1:{port}"
    pki = make_pki(tmp_path / "pki", sans=False)
    config = write_config(tmp_path, port, pki=pki)
    certs = tmp_path / "certs"
    certs.mkdir()
    (certs / "ca.crt").write_bytes(pki.ca.read_bytes())
    conf = tmp_path / "registries.conf"
    conf.write_text("# defaults\n")
    with running_registry(registry_bin, config, f"https://{host}/v2/"):
        doc, _ = doctor(host, "--root", str(tmp_path), "--ca", str(pki.ca))
        tls = by_id(doc)["tls"]
        assert tls["status"] == "fail"
        assert "no subjectAltName" in tls["summary"]
        assert "SANs: (none)" in tls["detail"]
        assert any("subjectAltName" in f for f in tls["fix"])

        got = skopeo(skopeo_bin, tmp_path, conf, "inspect", "--raw", "--cert-dir", str(certs),
                     f"docker://{host}/a/b:1")  # fmt: skip
        assert got.returncode != 0
        assert "legacy Common Name field" in got.stderr
        both, _ = doctor(host, "--root", str(tmp_path), "--ca", str(pki.ca), "--error", got.stderr)
        top = first_match(both)
        assert top["id"] == "x509-legacy-common-name/no-san"
        assert top["status"] == "confirmed"


def test_expired_certificate(tmp_path: Path, registry_bin: str, skopeo_bin: str) -> None:
    port = free_port()
    host = f"127.0.0.1:{port}"
    now = dt.datetime.now(dt.UTC)
    pki = make_pki(
        tmp_path / "pki",
        not_before=now - dt.timedelta(days=90),
        not_after=now - dt.timedelta(days=2),
    )
    config = write_config(tmp_path, port, pki=pki)
    certs = tmp_path / "certs"
    certs.mkdir()
    (certs / "ca.crt").write_bytes(pki.ca.read_bytes())
    conf = tmp_path / "registries.conf"
    conf.write_text("# defaults\n")
    with running_registry(registry_bin, config, f"https://{host}/v2/"):
        doc, _ = doctor(host, "--root", str(tmp_path), "--ca", str(pki.ca))
        tls = by_id(doc)["tls"]
        assert tls["status"] == "fail"
        assert "expired on" in tls["summary"]
        assert "no subjectAltName" not in tls["summary"]
        assert client(doc, "podman")["status"] == "fail"

        got = skopeo(skopeo_bin, tmp_path, conf, "inspect", "--raw", "--cert-dir", str(certs),
                     f"docker://{host}/a/b:1")  # fmt: skip
        assert "certificate has expired or is not yet valid" in got.stderr
        both, _ = doctor(host, "--root", str(tmp_path), "--ca", str(pki.ca), "--error", got.stderr)
        top = first_match(both)
        assert top["id"] == "x509-expired/expired" and top["status"] == "confirmed"
        assert {m["id"]: m["status"] for m in both["matches"]}["x509-expired/clock"] == "ruled-out"


def test_htpasswd_logins(tmp_path: Path, registry_bin: str, skopeo_bin: str) -> None:
    port = free_port()
    host = f"127.0.0.1:{port}"
    password = secrets.token_urlsafe(18)
    pki = make_pki(tmp_path / "pki")
    htpasswd = write_htpasswd(tmp_path / "htpasswd", "ci", password)
    config = write_config(tmp_path, port, pki=pki, htpasswd=htpasswd)
    common = (host, "--root", str(tmp_path), "--ca", str(pki.ca))
    with running_registry(registry_bin, config, f"https://{host}/v2/"):
        anonymous, _ = doctor(*common)
        auth = by_id(anonymous)["auth"]
        assert auth["status"] == "ok"
        assert auth["summary"].startswith('Basic (realm "Registry Realm")')
        assert by_id(anonymous)["api"]["summary"].endswith("HTTP 401)")

        good, proc = doctor(*common, "--user", "ci", "--password-stdin", stdin=password + "\n")
        assert by_id(good)["auth"]["status"] == "ok"
        assert "the login for ci works" in by_id(good)["auth"]["summary"]
        assert password not in proc.stdout + proc.stderr

        bad, proc = doctor(*common, "--user", "ci", "--password-stdin", stdin=password + "x\n")
        assert by_id(bad)["auth"]["status"] == "fail"
        assert "rejects the login for ci" in by_id(bad)["auth"]["summary"]
        assert password not in proc.stdout + proc.stderr
        assert proc.returncode == 1

        text = run_cli("doctor", *common, "--user", "ci", "--password-stdin",
                       input=password + "\n", process=True)  # fmt: skip
        assert password not in text.stdout + text.stderr
        assert "login for ci works" in text.stdout

        # skopeo with the wrong password: doctor, testing the same wrong password, puts
        # "wrong credentials" first and rules out "not logged in".
        certs = tmp_path / "certs"
        certs.mkdir()
        (certs / "ca.crt").write_bytes(pki.ca.read_bytes())
        conf = tmp_path / "registries.conf"
        conf.write_text("# defaults\n")
        wrong = skopeo(skopeo_bin, tmp_path, conf, "inspect", "--raw", "--cert-dir", str(certs),
                       "--creds", f"ci:{password}x", f"docker://{host}/a/b:1")  # fmt: skip
        assert wrong.returncode != 0
        assert "unauthorized" in wrong.stderr.lower()
        both, proc = doctor(*common, "--user", "ci", "--password-stdin", "--error", wrong.stderr,
                            stdin=password + "x\n")  # fmt: skip
        statuses = {m["id"]: m["status"] for m in both["matches"]}
        assert first_match(both)["id"] == "unauthorized/wrong-credentials"
        assert statuses["unauthorized/wrong-credentials"] == "confirmed"
        assert statuses["unauthorized/not-logged-in"] == "ruled-out"
        assert password not in proc.stdout


def test_containerd_does_what_the_verdict_says(tmp_path: Path, registry_bin: str) -> None:
    """TLS from a private CA: doctor says containerd fails and gives a hosts.toml; the real
    containerd fails without it and reaches the registry with it."""
    port = free_port()
    host = f"127.0.0.1:{port}"
    pki = make_pki(tmp_path / "pki")
    config = write_config(tmp_path, port, pki=pki)
    root = tmp_path / "root"
    root.mkdir()
    ref = f"{host}/a/b:1"
    with (
        private_containerd(tmp_path) as ctr,
        running_registry(registry_bin, config, f"https://{host}/v2/"),
    ):
        doc, _ = doctor(host, "--root", str(root), "--ca", str(pki.ca))
        verdict = client(doc, "containerd")
        assert verdict["status"] == "fail"
        assert verdict["file"].startswith(f"/etc/containerd/certs.d/{host}/hosts.toml")
        refused = ctr_fetch(ctr, ref)
        assert refused.returncode != 0 and "StatusNotFound" not in refused.stderr

        # The lines where doctor says, under --root, with the CA beside them.
        host_dir = root / f"etc/containerd/certs.d/{host}"
        host_dir.mkdir(parents=True)
        (host_dir / "hosts.toml").write_text(verdict["lines"])
        (host_dir / "ca.crt").write_bytes(pki.ca.read_bytes())
        (root / "etc/containerd/config.toml").write_text(
            'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry]\n'
            '  config_path = "/etc/containerd/certs.d"\n'
        )
        # ctr follows the same two files in a hosts dir of its own (`ca` is relative).
        hosts = tmp_path / "ctr-hosts" / host
        hosts.mkdir(parents=True)
        (hosts / "hosts.toml").write_text(verdict["lines"])
        (hosts / "ca.crt").write_bytes(pki.ca.read_bytes())
        reached = ctr_fetch(ctr, ref, "--hosts-dir", str(hosts.parent))
        # The image does not exist: the registry's 404 over verified TLS is the proof (ctr
        # then tries the file's `server` entry, which has no `ca`, and reports that).
        assert "response was http.StatusNotFound" in reached.stderr, reached.stderr

        fixed, _ = doctor(host, "--root", str(root), "--ca", str(pki.ca))
        assert client(fixed, "containerd")["status"] == "ok"
