"""`doctor HOST` on bad input and on servers that are not (well-behaved) registries, run
against small servers started here on 127.0.0.1: a web server that is not a registry, a
port that accepts and never answers, a registry that wants Basic or Bearer logins."""

from __future__ import annotations

import base64
import json
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, assert_one_error_line, run_cli

USER, PASSWORD = "ci", "pa55-w0rd-not-echoed"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler(BaseHTTPRequestHandler):
    mode = "web"

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        api = {"Docker-Distribution-Api-Version": "registry/2.0"}
        auth = self.headers.get("Authorization", "")
        basic = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        port = self.server.server_address[1]
        if self.mode == "web":
            self._send(404, {"Content-Type": "text/html"}, b"<html>not here</html>")
        elif self.mode == "basic":
            if auth == basic:
                self._send(200, api, b"{}")
            else:
                self._send(401, {**api, "WWW-Authenticate": 'Basic realm="Test"'})
        elif self.mode == "bearer":
            if self.path.startswith("/token"):
                if auth == basic and "service=test-registry" in self.path:
                    self._send(200, {"Content-Type": "application/json"},
                               json.dumps({"token": "tok123"}).encode())  # fmt: skip
                else:
                    self._send(401, {})
            elif auth == "Bearer tok123":
                self._send(200, api, b"{}")
            else:
                realm = f"http://127.0.0.1:{port}/token"
                challenge = f'Bearer realm="{realm}",service="test-registry"'
                self._send(401, {**api, "WWW-Authenticate": challenge})
        elif self.mode == "hostile":
            evil = {"Server": "\x1b[2J\x1b]0;owned\x07nginx", "WWW-Authenticate":
                    'Basic realm="\x1b[31mred\x9btxt"'}  # fmt: skip
            self._send(401, {**api, **evil})
        elif self.mode == "bearer-elsewhere":
            challenge = 'Bearer realm="https://auth.example.com/token",service="x"'
            self._send(401, {**api, "WWW-Authenticate": challenge})


@contextmanager
def server(mode: str) -> Iterator[str]:
    handler = type("H", (_Handler,), {"mode": mode})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def silent_port() -> Iterator[str]:
    """Accepts connections and never says a word."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{sock.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(2)
        for s in held:
            s.close()
        sock.close()


def doctor_json(*args: str, input: str | None = None) -> tuple[dict, object]:
    proc = run_cli("doctor", *args, "--json", input=input, timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout), proc


def checks(doc: dict) -> dict[str, dict]:
    return {c["id"]: c for c in doc["checks"]}


def validate(doc: dict) -> None:
    import jsonschema

    schema = json.loads((ROOT / "data" / "schemas" / "doctor.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(doc, schema)


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "needle"),
    [
        ("http://reg.lan/", "without a scheme or a path"),
        ("reg.lan:99999", "port must be a number"),
        ("reg_lan", "underscores"),
        ("fd00::1", "IPv6 address in brackets"),
    ],
)
def test_a_host_that_is_not_host_port_exits_2(host: str, needle: str) -> None:
    assert_one_error_line(run_cli("doctor", host), needle, "HOST")


def test_a_ca_file_that_is_not_a_certificate_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "ca.crt"
    bad.write_text("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n")
    assert_one_error_line(run_cli("doctor", "127.0.0.1:1", "--ca", str(bad)), str(bad), "PEM")
    missing = tmp_path / "missing.crt"
    assert_one_error_line(run_cli("doctor", "127.0.0.1:1", "--ca", str(missing)), "no such")


def test_option_mistakes_exit_2(tmp_path: Path) -> None:
    assert_one_error_line(
        run_cli("doctor", "127.0.0.1:1", "--password-stdin", input="x\n"), "--user"
    )
    assert_one_error_line(run_cli("doctor", "127.0.0.1:1", "--timeout", "0"), "--timeout")
    assert_one_error_line(run_cli("doctor", "127.0.0.1:1", "--timeout", "soon"), "seconds")
    assert_one_error_line(
        run_cli("doctor", "127.0.0.1:1", "--root", str(tmp_path / "nope")), "--root"
    )
    assert_one_error_line(
        run_cli("doctor", "127.0.0.1:1", "--user", "ci", "--password-stdin", input="\n"),
        "no password",
    )


def test_a_closed_port_is_a_failing_tcp_check() -> None:
    port = _closed_port()
    doc, proc = doctor_json(f"127.0.0.1:{port}", "--timeout", "3")
    validate(doc)
    c = checks(doc)
    assert c["tcp"]["status"] == "fail"
    assert "refused" in c["tcp"]["summary"].lower()
    assert [c[i]["status"] for i in ("tls", "api", "auth")] == ["skip"] * 3
    assert doc["verdict"]["status"] == "fail" and doc["verdict"]["clients"] == []
    assert proc.returncode == 1


def test_an_unresolvable_name_is_a_failing_tcp_check() -> None:
    doc, _ = doctor_json("no-such-registry.invalid", "--timeout", "3")
    assert checks(doc)["tcp"]["status"] == "fail"
    assert "does not resolve" in checks(doc)["tcp"]["summary"]


def test_a_web_server_that_is_not_a_registry() -> None:
    with server("web") as host:
        doc, proc = doctor_json(host, "--timeout", "5")
    validate(doc)
    c = checks(doc)
    assert c["tls"]["status"] == "warn"  # plain HTTP
    assert c["api"]["status"] == "fail"
    assert c["api"]["summary"].startswith("not a registry: GET /v2/ answers 404")
    assert c["auth"]["status"] == "skip"
    assert proc.returncode == 1


def test_a_port_that_never_answers_stops_at_the_timeout() -> None:
    # The subprocess timeout (60 s) is the hang detector; --timeout 1 must end it well before.
    with silent_port() as host:
        doc, proc = doctor_json(host, "--timeout", "1")
    c = checks(doc)
    assert c["tcp"]["status"] == "ok"
    assert c["tls"]["status"] == "fail"
    assert "out of time" in c["tls"]["summary"] or "handshake failed" in c["tls"]["summary"]
    assert doc["verdict"]["status"] == "fail"
    assert proc.returncode == 1


# --- logins ------------------------------------------------------------------------------


def test_basic_login_works_and_fails_without_echoing_the_password() -> None:
    with server("basic") as host:
        anon, _ = doctor_json(host)
        good, p1 = doctor_json(host, "--user", USER, "--password-stdin", input=PASSWORD + "\n")
        bad, p2 = doctor_json(host, "--user", USER, "--password-stdin", input="wrong\n")
        text = run_cli("doctor", host, "--user", USER, "--password-stdin", input=PASSWORD)
    for doc in (anon, good, bad):
        validate(doc)
    assert checks(anon)["auth"]["summary"].startswith('Basic (realm "Test")')
    assert checks(good)["auth"]["status"] == "ok"
    assert "works" in checks(good)["auth"]["summary"]
    assert checks(bad)["auth"]["status"] == "fail"
    for proc in (p1, p2, text):
        assert PASSWORD not in proc.stdout + proc.stderr
        assert base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode() not in proc.stdout


def test_bearer_login_through_the_token_endpoint_on_the_same_host() -> None:
    with server("bearer") as host:
        anon, _ = doctor_json(host)
        good, _ = doctor_json(host, "--user", USER, "--password-stdin", input=PASSWORD + "\n")
        bad, _ = doctor_json(host, "--user", USER, "--password-stdin", input="nope\n")
    assert checks(anon)["auth"]["summary"].startswith("Bearer: token from http://127.0.0.1:")
    assert "service test-registry" in checks(anon)["auth"]["summary"]
    assert checks(good)["auth"]["status"] == "ok"
    assert checks(bad)["auth"]["status"] == "fail"


def test_a_token_endpoint_on_another_host_is_not_contacted() -> None:
    with server("bearer-elsewhere") as host:
        doc, _ = doctor_json(host, "--user", USER, "--password-stdin", input=PASSWORD + "\n")
    auth = checks(doc)["auth"]
    assert auth["status"] == "warn"
    assert any("contacts only the given host" in d for d in auth["detail"])


def test_text_output_has_one_line_per_check_and_the_verdict(tmp_path: Path) -> None:
    with server("basic") as host:
        proc = run_cli("doctor", host, "--root", str(tmp_path))
    lines = proc.stdout.splitlines()
    assert lines[0] == f"doctor {host}"
    heads = [m.group(2) for ln in lines if (m := re.match(r"(ok|WARN|FAIL|skip) +(\w+)", ln))]
    assert heads[:5] == ["tcp", "tls", "api", "auth", "client"]
    assert any(ln.startswith("verdict: FAIL") for ln in lines)
    assert "insecure = true" in proc.stdout  # the lines for Podman, from setup's emitter


def test_control_characters_from_the_server_never_reach_the_terminal() -> None:
    with server("hostile") as host:
        proc = run_cli("doctor", host)
        doc, _ = doctor_json(host)
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "\x9b" not in proc.stdout
    assert "\\x1b[31mred" in proc.stdout  # shown, defused
    assert "\x1b" not in json.dumps(doc, ensure_ascii=False)


def test_the_schema_is_valid_and_shipped_with_the_data() -> None:
    import jsonschema

    from advisor.doctor.schema import schema_path, schema_text

    assert schema_path() == ROOT / "data" / "schemas" / "doctor.schema.json"
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_text()))
    printed = run_cli("schema", "doctor")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == schema_text()
