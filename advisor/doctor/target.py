"""The host to diagnose, and the one deadline every network operation shares."""

from __future__ import annotations

import time
from dataclasses import dataclass

from advisor.errors import UsageError

# Docker, containerd and containers/image reach a registry named without a port on 443
# (HTTPS), the port implied by an image reference like registry.lan/app.
DEFAULT_PORT = 443


@dataclass(frozen=True)
class Target:
    """HOST[:PORT] as given (`address`, what clients write in configs) and where to connect."""

    name: str  # bare host name or address, no brackets
    port: int  # the port to connect to (443 when none was given)
    address: str  # as clients name it: host, host:port or [v6]:port
    family: str  # "dns" | "ipv4" | "ipv6"
    explicit_port: bool

    @property
    def hostpart(self) -> str:
        return f"[{self.name}]" if self.family == "ipv6" else self.name

    @property
    def netloc(self) -> str:
        """host:port for URLs and Host headers."""
        return f"{self.hostpart}:{self.port}"

    @property
    def is_loopback(self) -> bool:
        import ipaddress

        if self.family == "dns":
            return self.name.lower() == "localhost"
        return ipaddress.ip_address(self.name).is_loopback


def parse_target(text: str) -> Target:
    """Parse HOST[:PORT] (a DNS name, IPv4 or [IPv6]); raise UsageError naming the problem.

    The grammar is the one `setup --host` accepts (advisor.setup.host.parse_host).
    """
    from advisor.setup.host import parse_host

    try:
        host = parse_host(text)
    except UsageError as exc:
        # parse_host words its messages for `setup --host`; here HOST is positional.
        raise UsageError(str(exc).replace("--host ", "HOST ", 1)) from None
    port = host.port if host.port is not None else DEFAULT_PORT
    return Target(
        name=host.name,
        port=port,
        address=host.address,
        family=host.family,
        explicit_port=host.port is not None,
    )


class Deadline:
    """One overall time budget (seconds, monotonic clock) for a whole diagnosis."""

    def __init__(self, seconds: float) -> None:
        self.total = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left, at least a small positive number so socket calls don't block."""
        return max(self.end - time.monotonic(), 0.001)

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.end
