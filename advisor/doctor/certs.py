"""Reading certificates: the facts a person needs (subject, SANs, issuer, validity) and the
checks Go clients make (Docker, containerd, Podman and skopeo are written in Go).

Go's crypto/x509 ignores the Common Name since Go 1.15 (Go 1.17 removed the GODEBUG switch
that brought it back): a name is
valid only if it appears in the subjectAltName extension, DNS names for host names and IP
SANs for addresses. Python's ssl refuses CN-only certificates in its own hostname check,
so doctor handshakes without verification, then reads the certificate with `cryptography`
and matches the name itself. Source: https://go.dev/doc/go1.15#commonname (read
2026-11-30).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass, field
from pathlib import Path

from advisor.doctor.text import Said
from advisor.errors import UsageError
from advisor.i18n import N_, _

MAX_CA_BYTES = 1024 * 1024


@dataclass
class CertInfo:
    """What the server's leaf certificate says."""

    subject: str
    issuer: str
    dns_sans: list[str] = field(default_factory=list)
    ip_sans: list[str] = field(default_factory=list)
    has_san_extension: bool = False
    not_before: dt.datetime | None = None
    not_after: dt.datetime | None = None
    self_signed: bool = False
    is_ca: bool = False
    aia_issuers: list[str] = field(default_factory=list)

    @property
    def sans(self) -> list[str]:
        return [*self.dns_sans, *self.ip_sans]


def cert_info(der: bytes) -> CertInfo:
    """Parse a DER certificate into CertInfo. Raises ValueError if it is not one."""
    from cryptography import x509
    from cryptography.x509.oid import AuthorityInformationAccessOID, ExtensionOID

    cert = x509.load_der_x509_certificate(der)
    info = CertInfo(
        subject=cert.subject.rfc4514_string() or "(empty)",
        issuer=cert.issuer.rfc4514_string() or "(empty)",
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        self_signed=cert.issuer == cert.subject,
    )
    try:
        san = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
    except x509.ExtensionNotFound:
        pass
    else:
        info.has_san_extension = True
        info.dns_sans = [str(n) for n in san.get_values_for_type(x509.DNSName)]
        info.ip_sans = [str(n) for n in san.get_values_for_type(x509.IPAddress)]
    try:
        bc = cert.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS).value
        info.is_ca = bool(bc.ca)
    except x509.ExtensionNotFound:
        pass
    try:
        aia = cert.extensions.get_extension_for_oid(ExtensionOID.AUTHORITY_INFORMATION_ACCESS)
        info.aia_issuers = [
            str(d.access_location.value)
            for d in aia.value
            if d.access_method == AuthorityInformationAccessOID.CA_ISSUERS
        ]
    except x509.ExtensionNotFound:
        pass
    return info


def name_matches(info: CertInfo, name: str, family: str) -> bool:
    """Whether `name` is in the SANs as Go checks it: IPs against IP SANs only, host names
    against DNS SANs with a `*.` wildcard matching exactly one leftmost label."""
    if family in ("ipv4", "ipv6"):
        want = ipaddress.ip_address(name)
        return any(ipaddress.ip_address(ip) == want for ip in info.ip_sans)
    host = name.lower().rstrip(".")
    for pattern in info.dns_sans:
        p = pattern.lower().rstrip(".")
        if p == host:
            return True
        if p.startswith("*.") and "." in host:
            label, rest = host.split(".", 1)
            if label and rest == p[2:]:
                return True
    return False


def validity_problem(info: CertInfo, now: dt.datetime) -> str | None:
    """ "expired", "not-yet-valid" or None, by the wall clock of this machine."""
    if info.not_after is not None and now > info.not_after:
        return "expired"
    if info.not_before is not None and now < info.not_before:
        return "not-yet-valid"
    return None


def load_ca_file(path: str) -> str:
    """Check that `path` holds at least one PEM certificate; return the path.

    Raises UsageError naming the file when it is missing, unreadable, too large or holds
    no certificate (a key, a DER file, random text).
    """
    from cryptography import x509

    p = Path(path)
    try:
        if p.is_dir():
            raise UsageError(_("is a directory, expected a PEM certificate file"), file=path)
        data = p.read_bytes()[: MAX_CA_BYTES + 1]
    except FileNotFoundError:
        raise UsageError(_("no such file (--ca)"), file=path) from None
    except OSError as exc:
        raise UsageError(
            _("cannot read --ca file ({reason})").format(reason=exc.strerror), file=path
        ) from None
    if len(data) > MAX_CA_BYTES:
        raise UsageError(
            _("--ca file is larger than {limit} bytes").format(limit=MAX_CA_BYTES), file=path
        )
    try:
        certs = x509.load_pem_x509_certificates(data)
    except ValueError:
        certs = []
    if not certs:
        raise UsageError(
            _("--ca file holds no PEM certificate (expected '-----BEGIN CERTIFICATE-----')"),
            file=path,
        )
    return path


def describe_dates(info: CertInfo) -> str:
    def d(value: dt.datetime | None) -> str:
        return value.strftime("%Y-%m-%d %H:%M UTC") if value else "?"

    return Said(N_("valid {start} to {end}"), start=d(info.not_before), end=d(info.not_after))
