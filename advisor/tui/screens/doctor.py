"""Doctor: check a live registry (checks appear as they run) and explain an error message."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Input, Static
from textual.worker import Worker, WorkerState

from advisor.errors import AdvisorError
from advisor.i18n import N_, _
from advisor.tui.screens.base import AdvisorScreen
from advisor.tui.widgets.fields import TextField
from advisor.tui.widgets.footer import KeysFooter

STYLE = {"ok": "green", "warn": "yellow", "fail": "red", "skip": "dim"}
# How a host's checks bear on a cause (advisor.doctor.signatures.decide), as shown.
MATCH_STATUS = {"confirmed": N_("confirmed"), "ruled-out": N_("ruled out")}


def check_line(check: Any) -> str:
    """One check as a line of Rich markup: status, id, summary, and the fix of a problem."""
    from advisor.doctor.text import clean

    style = STYLE.get(check.status, "")
    line = (
        f"[{style}]{check.status.upper():<5}[/] [b]{check.id:<7}[/b] "
        f"{escape(clean(check.summary, 600))}"
    )
    if check.status in ("warn", "fail"):
        for fix in check.fix[:2]:
            line += f"\n{'':14}[i]{_('fix:')}[/i] {escape(clean(fix, 600))}"
        if check.lesson:
            line += f"\n{'':14}[dim]registry-advisor learn {escape(check.lesson)}[/dim]"
    return line


class DoctorScreen(AdvisorScreen):
    # Its stylesheet is css/doctor.tcss, read when the screen is first shown (app.py).
    TITLE_TEXT = N_("doctor")
    HELP = N_("""\
## Doctor

**Check a registry.** Type its address (`HOST` or `HOST:PORT`) and press **Enter** or
**Check**. Optionally give a CA file to verify TLS with, and a user and password to test a
login (the password is used for this one check and never kept). The checks appear as they
run: **tcp**, **tls** (the certificate's names, issuer and dates), **api**, **auth** and
**client** (what Docker, containerd, Podman and BuildKit on this machine are set to do for
that host), then a verdict with the lines to add for each client that would fail.
Only the host you type is contacted, within 5 seconds.

**Explain an error.** Paste the message a client printed (for example `x509: certificate
signed by unknown authority`) and press **Enter** or **Explain**: the likely causes, most
likely first, with fixes, lessons and sources. With a host checked first, the causes its
checks confirm come first and the ones they rule out last.

**h** jumps to the host box, **e** to the error box.
""")
    BINDINGS = [
        Binding("h", "focus('d-host')", N_("Host"), id="doctor-host"),
        Binding("e", "focus('d-error')", N_("Error"), id="doctor-error"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="d-body"):
            with Horizontal(classes="d-row"):
                yield TextField(placeholder=_("registry HOST[:PORT]"), id="d-host")
                yield TextField(placeholder=_("CA file (optional)"), id="d-ca")
            with Horizontal(classes="d-row"):
                yield TextField(placeholder=_("user (optional)"), id="d-user")
                yield TextField(placeholder=_("password"), password=True, id="d-password")
                yield Button(_("Check"), id="d-check", variant="primary", compact=True)
            yield Static(_("Type a registry address and press Enter."), id="d-checks")
            yield Static("", id="d-verdict")
            with Horizontal(classes="d-row"):
                yield TextField(placeholder=_("paste an error message"), id="d-error")
                yield Button(_("Explain"), id="d-explain", compact=True)
            yield Static("", id="d-matches")
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#d-host", Input).focus()

    def leave_field(self, field: Input) -> None:
        """Esc in a box: focus the page, where h, e, the mode keys and q work again."""
        self.query_one("#d-body", VerticalScroll).focus()

    def action_focus(self, widget_id: str) -> None:
        self.query_one(f"#{widget_id}", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Letters typed into a box are text, not shortcuts.
        return not (action == "focus" and isinstance(self.focused, Input))

    # ------------------------------------------------------------ checks

    @on(Input.Submitted, "#d-host, #d-ca, #d-user, #d-password")
    @on(Button.Pressed, "#d-check")
    def start_check(self) -> None:
        host = self.query_one("#d-host", Input).value.strip()
        if not host:
            self.notify(_("Type a registry address first, e.g. registry.lan:5000"))
            return
        ca = self.query_one("#d-ca", Input).value.strip() or None
        user = self.query_one("#d-user", Input).value.strip() or None
        box = self.query_one("#d-password", Input)
        password = box.value or None
        box.value = ""  # not kept on screen after use
        self.report = None
        self._lines: list[str] = []
        self.query_one("#d-checks", Static).update(_("Checking {host}…").format(host=escape(host)))
        self.query_one("#d-verdict", Static).update("")
        self.query_one("#d-check", Button).disabled = True
        self._run(host, ca, user if password else None, password)

    @work(thread=True, exclusive=True, group="doctor", exit_on_error=False)
    def _run(self, host: str, ca: str | None, user: str | None, password: str | None) -> None:
        from advisor.doctor.run import diagnose

        def on_check(check: Any) -> None:
            self.app.call_from_thread(self._add_check, check)

        try:
            report = diagnose(host, ca_file=ca, user=user, password=password, on_check=on_check)
        except AdvisorError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        finally:
            password = None
        self.app.call_from_thread(self._done, report)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "doctor" and event.state == WorkerState.ERROR:
            self._failed(_("the check stopped: {error}").format(error=event.worker.error))

    def _add_check(self, check: Any) -> None:
        self._lines.append(check_line(check))
        self.query_one("#d-checks", Static).update("\n".join(self._lines))

    def _failed(self, message: str) -> None:
        from advisor.doctor.text import clean

        self.query_one("#d-checks", Static).update(f"[red]{escape(clean(message, 600))}[/red]")
        self.query_one("#d-check", Button).disabled = False

    def _done(self, report: Any) -> None:
        from advisor.doctor.text import clean

        self.report = report
        verdict = report.verdict
        parts = [
            f"[b]{_('verdict:')}[/b] [{STYLE.get(verdict.status, '')}]{verdict.status.upper()}[/] "
            f"{escape(clean(verdict.summary, 600))}"
        ]
        for v in verdict.clients:
            parts.append(
                f"  [{STYLE.get(v.status, '')}]{v.status:<5}[/] {v.client:<11}"
                f"{escape(clean(v.reason, 600))}"
            )
            if v.lines:
                add_to = _("add to {file}:").format(file=escape(clean(v.file or "?")))
                parts.append(f"{'':8}{add_to}")
                parts += [f"{'':10}{escape(clean(line, 300))}" for line in v.lines.splitlines()]
        self.query_one("#d-verdict", Static).update("\n".join(parts))
        self.query_one("#d-check", Button).disabled = False

    # ------------------------------------------------------------ error messages

    @on(Input.Submitted, "#d-error")
    @on(Button.Pressed, "#d-explain")
    def explain(self) -> None:
        from advisor.doctor.signatures import load_signatures, match
        from advisor.doctor.text import clean

        message = self.query_one("#d-error", Input).value
        box = self.query_one("#d-matches", Static)
        try:
            facts = self.report.facts() if self.report is not None else None
            matches = match(message, load_signatures(), facts)
        except AdvisorError as exc:
            box.update(f"[red]{escape(str(exc))}[/red]")
            return
        if not matches:
            box.update(_("No known error signature matches this message."))
            return
        lines = []
        for n, m in enumerate(matches, 1):
            word = _(MATCH_STATUS.get(m["status"], m["status"]))
            status = "" if m["status"] == "possible" else f" [b]({escape(word)})[/b]"
            lines.append(
                f"[b]{n}.[/b] {escape(clean(m['title']))} [dim]{escape(m['id'])}[/dim]{status}"
            )
            lines.append(f"   {escape(clean(m['cause'], 1000))}")
            lines.append(f"   [i]{_('fix:')}[/i] {escape(clean(m['fix'], 1000))}")
            lines.append(f"   [dim]registry-advisor learn {escape(m['lesson'])}[/dim]")
        box.update("\n".join(lines))
