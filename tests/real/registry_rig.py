"""A rig for tests that need a real registry: Debian's `docker-registry` (CNCF Distribution
2.8) on a free 127.0.0.1 port, in plain HTTP, with TLS, with htpasswd, and certificates
made here with `cryptography` (a CA-signed one with SANs, one without SANs, an expired one).

Shared by every real test (test_real_registry.py, test_real_clients.py, test_doctor_real.py):
a config file, the storage directory through REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY,
wait until /v2/ answers, always stop the process; a private containerd the same way.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

READY_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Pki:
    ca: Path  # the CA certificate (PEM)
    cert: Path  # the server certificate (PEM)
    key: Path  # its key (PEM)


def make_pki(
    directory: Path,
    host: str = "127.0.0.1",
    *,
    sans: bool = True,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> Pki:
    """A CA and a server certificate for `host` signed by it; `sans=False` leaves out the
    subjectAltName (the name only in the Common Name), dates as given."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    directory.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Doctor Test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(now + dt.timedelta(days=400))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - dt.timedelta(minutes=5))
        .not_valid_after(not_after or now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    )
    if sans:
        try:
            name: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host))
        except ValueError:
            name = x509.DNSName(host)
        builder = builder.add_extension(x509.SubjectAlternativeName([name]), critical=False)
    cert = builder.sign(ca_key, hashes.SHA256())
    pki = Pki(directory / "ca.crt", directory / "domain.crt", directory / "domain.key")
    pki.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pki.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pki.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    pki.key.chmod(0o600)
    return pki


def write_config(
    directory: Path, port: int, *, pki: Pki | None = None, htpasswd: Path | None = None
) -> Path:
    """A Distribution config.yml listening on 127.0.0.1:port."""
    cfg: dict = {
        "version": 0.1,
        "log": {"level": "warn"},
        "storage": {"filesystem": {"rootdirectory": str(directory / "storage")}},
        "http": {"addr": f"127.0.0.1:{port}", "secret": "doctor-test-secret"},
    }
    if pki is not None:
        cfg["http"]["tls"] = {"certificate": str(pki.cert), "key": str(pki.key)}
    if htpasswd is not None:
        cfg["auth"] = {"htpasswd": {"realm": "Registry Realm", "path": str(htpasswd)}}
    path = directory / "config.yml"
    path.write_text(yaml.safe_dump(cfg))
    return path


def write_htpasswd(path: Path, user: str, password: str) -> Path:
    import bcrypt

    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()
    path.write_text(f"{user}:{hashed}\n")
    path.chmod(0o600)
    return path


def _answers(url: str) -> bool:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(url, context=ctx, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # 401 is a healthy registry that wants a login
    except (urllib.error.URLError, ConnectionError, TimeoutError, ssl.SSLError):
        return False


def stop(proc: subprocess.Popen) -> None:
    """Stop a process we started: SIGTERM, then SIGKILL after 10 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextmanager
def running_registry(
    binary: str,
    config: Path,
    ready_url: str,
    *,
    storage: Path | None = None,
    log: Path | None = None,
    ready: Callable[[str], bool] = _answers,
) -> Iterator[subprocess.Popen]:
    """Start `docker-registry serve CONFIG`, wait until `ready(ready_url)` (by default: the
    URL answers at all, certificate unchecked), always stop it. The blobs go to `storage`
    (default: `storage` beside the config) and the output to `log` (`registry.log`)."""
    directory = config.parent
    log = log or directory / "registry.log"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(directory),
        # The one setting a test overrides in a config it did not write: where blobs go.
        "REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY": str(storage or directory / "storage"),
    }
    with open(log, "wb") as log_fh:
        proc = subprocess.Popen(
            [binary, "serve", str(config)], stdout=log_fh, stderr=subprocess.STDOUT, env=env
        )
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"registry exited with {proc.returncode}:\n{log.read_text()}")
            if ready(ready_url):
                break
            if time.monotonic() > deadline:
                pytest.fail(f"registry not ready after {READY_TIMEOUT}s:\n{log.read_text()}")
            time.sleep(0.1)
        yield proc
    finally:
        stop(proc)


@contextmanager
def private_containerd(log_dir: Path) -> Iterator[tuple[str, str]]:
    """A private containerd (own root, state and socket, no CRI), its log in `log_dir`:
    yields (ctr binary, socket). Needs root (skips without, fails under
    ADVISOR_REQUIRE_REAL=1)."""
    import shutil
    import tempfile

    from conftest import need_tool

    daemon, ctr = need_tool("containerd"), need_tool("ctr")
    if os.geteuid() != 0:
        if os.environ.get("ADVISOR_REQUIRE_REAL") == "1":
            pytest.fail("containerd needs root; ADVISOR_REQUIRE_REAL=1 requires it")
        pytest.skip("containerd needs root")
    base = Path(tempfile.mkdtemp(prefix="ctrd-", dir="/tmp"))  # a short socket path
    sock = base / "c.sock"
    config = base / "config.toml"
    config.write_text(
        "version = 2\n"
        f'root = "{base / "root"}"\nstate = "{base / "state"}"\n'
        'disabled_plugins = ["io.containerd.grpc.v1.cri"]\n'
        f'[grpc]\n  address = "{sock}"\n[ttrpc]\n  address = "{sock}.ttrpc"\n'
    )
    log = log_dir / "containerd.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen([daemon, "--config", str(config)], stdout=fh, stderr=fh)
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while subprocess.run([ctr, "-a", str(sock), "version"], capture_output=True).returncode:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"containerd did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield ctr, str(sock)
    finally:
        stop(proc)
        shutil.rmtree(base, ignore_errors=True)


def ctr_fetch(ctr: tuple[str, str], ref: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`ctr content fetch` of one image (no unpacking, so no snapshotter is needed)."""
    binary, sock = ctr
    return subprocess.run(
        [binary, "-a", sock, "content", "fetch", *args, ref],
        capture_output=True,
        text=True,
        timeout=60,
    )
