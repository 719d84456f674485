"""Secrets for a self-hosted registry: a small CA, a server certificate, an htpasswd line.

Nothing here touches the disk or prints: the functions return PEM bytes and text, and the
caller writes them (mode 0600 for keys and the htpasswd file) with `write_tree_atomic`.
`cryptography` and `bcrypt` are imported inside the functions, so importing this module
is cheap.

Choices, with reasons:

- ECDSA P-256 keys: every client we generate configs for (Docker, containerd, Podman,
  skopeo, k3s, curl, Python) accepts them, and they are made in milliseconds.
- The CA is limited by a critical Name Constraints extension to the registry's own names,
  so a copy of `ca.crt` placed in a system trust store cannot vouch for any other site
  even if `ca.key` leaks.
- The server certificate carries the host as a subjectAltName (Go ignores the Common
  Name): a DNS name as a DNS SAN, an address as an IP SAN. `localhost`, `127.0.0.1` and
  `::1` are added only when the host is one of them.
- It is valid for 825 days, the longest span Apple platforms accept for TLS server
  certificates; the CA for ten years.
- htpasswd: bcrypt is the only scheme Distribution's htpasswd backend accepts. The hash is
  written with the `$2y$` prefix that `htpasswd -B` writes; Go's x/crypto/bcrypt accepts
  `$2a$`, `$2b$` and `$2y$` alike. Cost 10: Distribution checks the hash on every request
  that carries basic auth, so a high cost slows every push.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from typing import TypeVar

from advisor.errors import UsageError
from advisor.i18n import _

PasswordT = TypeVar("PasswordT", str, bytes)

SERVER_DAYS = 825
CA_DAYS = 3650
BCRYPT_ROUNDS = 10
BCRYPT_MAX_BYTES = 72
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class TlsFiles:
    """PEM-encoded CA and server material for one registry host."""

    ca_cert: bytes
    ca_key: bytes
    cert: bytes
    key: bytes


def is_loopback_name(host: str) -> bool:
    return host.lower() in LOOPBACK_NAMES


def san_names(host: str) -> tuple[list[str], list[str]]:
    """The (DNS names, IP addresses) the server certificate for `host` must carry.

    `host` is the bare host: no port, no brackets around an IPv6 address.
    """
    if is_loopback_name(host):
        return ["localhost"], ["127.0.0.1", "::1"]
    try:
        return [], [str(ipaddress.ip_address(host))]
    except ValueError:
        return [host.lower()], []


def make_tls(host: str, *, now: dt.datetime | None = None, rsa_server: bool = False) -> TlsFiles:
    """A CA and a server certificate for `host`, signed by that CA.

    The CA key is ECDSA P-256. The server key is too, unless `rsa_server`: then it is RSA
    2048 with key usage digitalSignature + keyEncipherment and extended key usage
    serverAuth + clientAuth, which JFrog lists as prerequisites for a custom certificate
    on Artifactory's router (https://jfrog.com/help/r/jfrog-installation-setup-documentation/prerequisites-for-custom-tls-certificate).
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = now or dt.datetime.now(dt.UTC)
    start = now - dt.timedelta(minutes=5)  # tolerate a little clock skew between hosts
    dns, ips = san_names(host)
    general = [x509.DNSName(d) for d in dns] + [
        x509.IPAddress(ipaddress.ip_address(i)) for i in ips
    ]
    permitted = [x509.DNSName(d) for d in dns] + [
        x509.IPAddress(ipaddress.ip_network(i))
        for i in ips  # a single address: /32 or /128
    ]

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Registry Advisor"),
            x509.NameAttribute(NameOID.COMMON_NAME, _cn(f"Registry CA for {host}")),
        ]
    )
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=None),
            critical=True,
        )
        .add_extension(ca_ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )

    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if rsa_server
        else ec.generate_private_key(ec.SECP256R1())
    )
    usages = [ExtendedKeyUsageOID.SERVER_AUTH]
    if rsa_server:
        usages.append(ExtendedKeyUsageOID.CLIENT_AUTH)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, _cn(host))]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=SERVER_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=rsa_server,  # RSA key transport; meaningless for ECDSA
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage(usages), critical=False)
        .add_extension(x509.SubjectAlternativeName(general), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )

    def key_pem(k: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> bytes:
        return k.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    return TlsFiles(
        ca_cert=ca_cert.public_bytes(serialization.Encoding.PEM),
        ca_key=key_pem(ca_key),
        cert=cert.public_bytes(serialization.Encoding.PEM),
        key=key_pem(key),
    )


def _cn(text: str) -> str:
    """Common Names are limited to 64 characters; the SAN carries the real name anyway."""
    return text if len(text) <= 64 else text[:61] + "..."


def check_user(user: str) -> str:
    """A user name that an htpasswd file and `docker login -u` can both carry."""
    if not user:
        raise UsageError(_("--user must not be empty"))
    if ":" in user:
        raise UsageError(
            _("--user must not contain ':' (htpasswd separates name and hash with it)")
        )
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in user):
        raise UsageError(_("--user must not contain spaces or control characters"))
    if len(user) > 255:
        raise UsageError(_("--user is longer than 255 characters"))
    return user


def check_password(password: PasswordT) -> PasswordT:
    """Refuse passwords bcrypt cannot hash faithfully. Never puts the password in a message.

    Bytes are taken as they are (what `docker login --password-stdin` sends); text as UTF-8.
    """
    if not password:
        raise UsageError(_("no password on standard input (--password-stdin)"))
    raw = password.encode("utf-8") if isinstance(password, str) else password
    if len(raw) > BCRYPT_MAX_BYTES:
        raise UsageError(
            f"the password is longer than {BCRYPT_MAX_BYTES} bytes, the most bcrypt can use"
        )
    return password


def strip_newline(data: PasswordT) -> PasswordT:
    """What `docker login --password-stdin` does with what it read: drop one trailing "\n",
    then one trailing "\r", nothing else (docker/cli cli/command/registry/login.go,
    verifyLoginOptions, read 2026-11-30)."""
    if isinstance(data, str):
        return data.removesuffix("\n").removesuffix("\r")
    return data.removesuffix(b"\n").removesuffix(b"\r")


def htpasswd_line(user: str, password: str | bytes, *, rounds: int = BCRYPT_ROUNDS) -> str:
    """One `user:$2y$...` line, as `htpasswd -nB` prints it (with a newline)."""
    import bcrypt

    check_user(user)
    check_password(password)
    raw = password.encode("utf-8") if isinstance(password, str) else password
    hashed = bcrypt.hashpw(raw, bcrypt.gensalt(rounds=rounds)).decode()
    if hashed.startswith(("$2b$", "$2a$")):
        hashed = "$2y$" + hashed[4:]
    return f"{user}:{hashed}\n"
