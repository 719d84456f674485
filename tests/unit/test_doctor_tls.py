"""The tls check's verdicts that Distribution cases don't cover, against a small TLS server
started here: a chain missing its intermediate, a certificate for another name, one not
valid yet, and the full chain verified only through --ca."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

from advisor.doctor.run import diagnose

NOW = dt.datetime.now(dt.UTC)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(subject, issuer, key, signer, *, ca: bool, sans=None, aia=None, start=None):
    b = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start or NOW - dt.timedelta(days=1))
        .not_valid_after((start or NOW) + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if sans is not None:
        b = b.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    if aia:
        desc = x509.AccessDescription(
            AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(aia)
        )
        b = b.add_extension(x509.AuthorityInformationAccess([desc]), critical=False)
    return b.sign(signer, hashes.SHA256())


def _pem(*certs) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> dict:
    d = tmp_path_factory.mktemp("pki")
    root_key, int_key, leaf_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    root = _cert("Test Root", "Test Root", root_key, root_key, ca=True)
    inter = _cert("Test Intermediate", "Test Root", int_key, root_key, ca=True)
    ip = [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    out = {"dir": d}
    leaves = {
        "good": _cert("127.0.0.1", "Test Intermediate", leaf_key, int_key, ca=False, sans=ip,
                      aia="http://ca.invalid/intermediate.crt"),
        "other-name": _cert("other", "Test Intermediate", leaf_key, int_key, ca=False,
                            sans=[x509.DNSName("other.example")]),
        "future": _cert("127.0.0.1", "Test Intermediate", leaf_key, int_key, ca=False, sans=ip,
                        start=NOW + dt.timedelta(days=3)),
    }  # fmt: skip
    (d / "root.crt").write_bytes(_pem(root))
    (d / "leaf.key").write_bytes(
        leaf_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    for name, leaf in leaves.items():
        (d / f"{name}.crt").write_bytes(_pem(leaf))
        (d / f"{name}-chain.crt").write_bytes(_pem(leaf, inter))
    return out


class _Registry(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("Docker-Distribution-Api-Version", "registry/2.0")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # clients that reject the certificate hang up mid-handshake: expected


@contextmanager
def tls_server(cert: Path, key: Path) -> Iterator[str]:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd = _QuietServer(("127.0.0.1", 0), _Registry)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True, do_handshake_on_connect=False)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def tls_check(pki: dict, served: str, tmp_path: Path):
    d = pki["dir"]
    with tls_server(d / served, d / "leaf.key") as host:
        report = diagnose(host, ca_file=str(d / "root.crt"), root=str(tmp_path), timeout=10)
    return report.check("tls"), report


def test_a_missing_intermediate_is_an_incomplete_chain(pki, tmp_path: Path) -> None:
    tls, report = tls_check(pki, "good.crt", tmp_path)
    assert tls.status == "fail"
    assert tls.facts["tls_problems"] == ["incomplete-chain"]
    assert tls.summary.startswith("incomplete chain")
    assert any("intermediate" in f for f in tls.fix)
    assert "the server sends 1 certificate(s)" in tls.detail
    assert report.check("api").status == "ok"


def test_the_full_chain_verifies_through_ca(pki, tmp_path: Path) -> None:
    tls, report = tls_check(pki, "good-chain.crt", tmp_path)
    assert tls.status == "warn"
    assert tls.facts["tls_problems"] == ["unknown-authority"]
    assert "verifies it" in tls.summary
    podman = next(v for v in report.verdict.clients if v.client == "podman")
    assert podman.status == "fail" and "root.crt" in podman.lines


def test_a_certificate_for_another_name(pki, tmp_path: Path) -> None:
    tls, _ = tls_check(pki, "other-name-chain.crt", tmp_path)
    assert "name-mismatch" in tls.facts["tls_problems"]
    assert "not 127.0.0.1 (it needs an IP SAN)" in tls.summary
    assert "SANs: other.example" in tls.detail


def test_a_certificate_not_valid_yet(pki, tmp_path: Path) -> None:
    tls, _ = tls_check(pki, "future-chain.crt", tmp_path)
    assert "not-yet-valid" in tls.facts["tls_problems"]
    assert "not valid until" in tls.summary
