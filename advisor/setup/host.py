"""Registry hosts as clients name them: HOST[:PORT] with a DNS name, IPv4 or [IPv6].

`parse_host` refuses what Docker, containerd and Podman cannot use (schemes, paths,
underscores, unbracketed IPv6, ports outside 1-65535) with a UsageError. The values it
returns hold only letters, digits, '.', '-', ':' and brackets, so they are safe in every
file we write; the emitters quote them anyway.
"""

from __future__ import annotations

import ipaddress
import re

from advisor.errors import UsageError
from advisor.frozen import frozen
from advisor.i18n import _

_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


@frozen
class Host:
    """A registry host as clients name it: a DNS name, an IPv4 address or [IPv6], and a port."""

    name: str  # without brackets
    port: int | None
    family: str  # "dns" | "ipv4" | "ipv6"

    @property
    def hostpart(self) -> str:
        return f"[{self.name}]" if self.family == "ipv6" else self.name

    @property
    def address(self) -> str:
        """What goes in image references, daemon.json, certs.d directory names."""
        return self.hostpart if self.port is None else f"{self.hostpart}:{self.port}"

    @property
    def is_loopback(self) -> bool:
        if self.family == "dns":
            return self.name.lower() == "localhost"
        return ipaddress.ip_address(self.name).is_loopback

    def with_port(self, port: int) -> Host:
        return Host(self.name, port, self.family)


def parse_host(text: str) -> Host:
    """HOST[:PORT] with HOST a DNS name, an IPv4 address or a bracketed IPv6 address."""
    raw = text.strip()
    what = f"--host {text!r}"  # repr: no raw control characters reach the terminal
    if not raw:
        raise UsageError(_("--host must not be empty"))
    if "/" in raw or "://" in raw:
        raise UsageError(f"{what}: " + _("give HOST[:PORT] only, without a scheme or a path"))
    port: int | None = None
    if raw.startswith("["):
        end = raw.find("]")
        if end < 0:
            raise UsageError(f"{what}: " + _("missing ']' after the IPv6 address"))
        name, rest = raw[1:end], raw[end + 1 :]
        if "%" in name:  # a zone id names a local interface; clients cannot use it
            raise UsageError(
                f"{what}: " + _("an IPv6 zone id (%...) cannot be part of a registry host")
            )
        try:
            addr = ipaddress.IPv6Address(name)
        except ValueError:
            raise UsageError(
                f"{what}: " + _("{name} is not an IPv6 address").format(name=repr(name))
            ) from None
        if rest:
            if not rest.startswith(":"):
                raise UsageError(f"{what}: " + _("expected ':PORT' after ']'"))
            port = _port(rest[1:], what)
        return Host(str(addr), port, "ipv6")
    if raw.count(":") > 1:
        raise UsageError(f"{what}: " + _("write an IPv6 address in brackets, e.g. [fd00::5]:5000"))
    name, sep, port_text = raw.partition(":")
    if sep:
        port = _port(port_text, what)
    if re.fullmatch(r"[0-9.]+", name):
        try:
            return Host(str(ipaddress.IPv4Address(name)), port, "ipv4")
        except ValueError:
            raise UsageError(
                f"{what}: " + _("{name} is not an IPv4 address").format(name=repr(name))
            ) from None
    labels = name.split(".")
    if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        hint = " " + _("(underscores are not allowed in host names)") if "_" in name else ""
        raise UsageError(
            f"{what}: " + _("{name} is not a valid host name").format(name=repr(name)) + hint
        )
    return Host(name, port, "dns")


def _port(text: str, what: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 65535:
        raise UsageError(f"{what}: " + _("the port must be a number from 1 to 65535"))
    return int(text)
