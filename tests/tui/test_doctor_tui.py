"""The Doctor screen through Pilot: check a small registry-like server started here, see the
checks and the verdict, then explain an error message with the checks' facts."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from textual.widgets import Input, Static

from advisor.tui.app import make_app

SIZE = (100, 40)


class _Registry(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("Docker-Distribution-Api-Version", "registry/2.0")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")


@contextmanager
def plain_http_registry() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Registry)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


async def wait_for(pilot, predicate, timeout: float = 20) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        assert loop.time() < end, "condition not reached"
        await pilot.pause(0.05)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_doctor_checks_a_registry_and_explains_an_error() -> None:
    app = make_app()
    with plain_http_registry() as host:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("7")  # no need to wait for the catalog
            await wait_for(pilot, lambda: app.screen.__class__.__name__ == "DoctorScreen")
            screen = app.screen
            assert app.focused is screen.query_one("#d-host", Input)
            await pilot.press(*host)
            await pilot.press("tab", "tab", "tab", *"s3cret")  # user empty: no login test
            await pilot.press("enter")
            await wait_for(pilot, lambda: screen.report is not None)
            assert screen.query_one("#d-password", Input).value == ""
            checks = text_of(app, "#d-checks")
            for check_id in ("tcp", "tls", "api", "auth", "client"):
                assert check_id in checks
            assert "plain HTTP only" in checks
            verdict = text_of(app, "#d-verdict")
            assert "verdict:" in verdict and "insecure = true" in verdict

            screen.query_one("#d-error", Input).focus()
            await pilot.press(*"http: server gave HTTP response to HTTPS client", "enter")
            matches = text_of(app, "#d-matches")
            assert matches.startswith("1.")
            assert "http-response-to-https/" in matches
            assert "(confirmed)" in matches


async def test_doctor_names_bad_input_without_crashing() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "DoctorScreen")
        await pilot.press(*"http://nope/", "enter")
        await wait_for(pilot, lambda: "HOST" in text_of(app, "#d-checks"))
        assert "without a scheme" in text_of(app, "#d-checks")
        app.screen.query_one("#d-error", Input).focus()
        await pilot.press("enter")
        assert "empty" in text_of(app, "#d-matches")
