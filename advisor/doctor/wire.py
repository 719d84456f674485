"""A deliberately small HTTP/1.1 client over sockets, bounded by one Deadline.

http.client re-resolves the host name (a blocking call with no timeout) and a server that
trickles bytes can keep it reading far past a per-call timeout. Doctor needs neither
risk: it connects to the address the tcp check found, checks the deadline before every
read, and stops reading after MAX_BYTES.
"""

from __future__ import annotations

import socket
import ssl
import threading
from dataclasses import dataclass, field

from advisor.doctor.target import Deadline, Target

MAX_BYTES = 256 * 1024
USER_AGENT = "registry-advisor-doctor"


class OutOfTime(Exception):
    """The overall --timeout ran out."""


@dataclass
class Response:
    status: int
    reason: str
    headers: dict[str, list[str]] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None


def resolve(target: Target, deadline: Deadline) -> list[tuple]:
    """getaddrinfo in a helper thread, so a slow resolver cannot outlast the deadline.

    Returns [(family, sockaddr), ...]; raises OSError (socket.gaierror) or OutOfTime.
    """
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["ok"] = socket.getaddrinfo(target.name, target.port, type=socket.SOCK_STREAM)
        except OSError as exc:
            box["err"] = exc

    thread = threading.Thread(target=work, name="doctor-resolve", daemon=True)
    thread.start()
    thread.join(deadline.remaining())
    if thread.is_alive():
        raise OutOfTime("resolving the name")
    if "err" in box:
        raise box["err"]  # type: ignore[misc]
    seen: list[tuple] = []
    for family, _type, _proto, _canon, sockaddr in box["ok"]:  # type: ignore[union-attr]
        if (family, sockaddr) not in seen:
            seen.append((family, sockaddr))
    return seen


def connect(family: int, sockaddr: tuple, deadline: Deadline) -> socket.socket:
    """A TCP connection to one resolved address; raises OSError or OutOfTime."""
    if deadline.expired:
        raise OutOfTime("connecting")
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(deadline.remaining())
    try:
        sock.connect(sockaddr)
    except TimeoutError:
        sock.close()
        if deadline.expired:
            raise OutOfTime("connecting") from None
        raise
    except OSError:
        sock.close()
        raise
    return sock


def no_verify_context() -> ssl.SSLContext:
    """TLS that accepts any certificate: doctor reads what the server sends, then judges."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def wrap(sock: socket.socket, ctx: ssl.SSLContext, target: Target, deadline: Deadline):
    """Handshake on `sock` (closed on failure); SNI only for DNS names, as Go clients do."""
    sock.settimeout(deadline.remaining())
    sni = target.name if target.family == "dns" else None
    try:
        return ctx.wrap_socket(sock, server_hostname=sni)
    except BaseException:
        sock.close()
        raise


def _recv(sock: socket.socket, deadline: Deadline) -> bytes:
    if deadline.expired:
        raise OutOfTime("reading the answer")
    sock.settimeout(deadline.remaining())
    try:
        return sock.recv(65536)
    except TimeoutError:
        raise OutOfTime("reading the answer") from None


def request(
    sock: socket.socket,
    target: Target,
    deadline: Deadline,
    path: str,
    headers: dict[str, str] | None = None,
    *,
    method: str = "GET",
    host_header: str | None = None,
) -> Response:
    """Send one request on a connected (possibly TLS) socket and read the response.

    Raises OutOfTime, OSError (including ssl.SSLError) or ValueError (not HTTP).
    The socket is closed afterwards.
    """
    host = host_header or target.netloc
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", f"User-Agent: {USER_AGENT}"]
    lines += ["Accept: */*", "Connection: close"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    try:
        sock.settimeout(deadline.remaining())
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = _recv(sock, deadline)
            if not chunk:
                break
            data += chunk
            if len(data) > MAX_BYTES:
                break
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not data.startswith(b"HTTP/"):
            raise ValueError("the answer is not HTTP")
        response = parse_head(head)
        if method == "HEAD" or response.status in (204, 304):
            return response
        length = response.header("content-length")
        chunked = "chunked" in (response.header("transfer-encoding") or "").lower()
        body = rest
        want = int(length) if length and length.isdigit() else None
        while len(body) < MAX_BYTES and (want is None or len(body) < want):
            if chunked and body.endswith(b"0\r\n\r\n"):
                break
            chunk = _recv(sock, deadline)
            if not chunk:
                break
            body += chunk
        response.body = dechunk(body) if chunked else body[: want or MAX_BYTES]
        return response
    finally:
        sock.close()


def parse_head(head: bytes) -> Response:
    """Status line and headers (names lower-cased, repeated headers kept in order)."""
    text = head.decode("latin-1")
    first, *rest = text.split("\r\n")
    parts = first.split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise ValueError("the answer is not HTTP")
    response = Response(status=int(parts[1]), reason=parts[2] if len(parts) > 2 else "")
    for line in rest:
        name, sep, value = line.partition(":")
        if sep:
            response.headers.setdefault(name.strip().lower(), []).append(value.strip())
    return response


def dechunk(body: bytes) -> bytes:
    out = b""
    while body:
        size_line, sep, body = body.partition(b"\r\n")
        try:
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
        except ValueError:
            break
        if size == 0 or not sep:
            break
        out += body[:size]
        body = body[size + 2 :]
    return out
