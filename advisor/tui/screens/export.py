"""The export dialog: choose a format and a path; confirm before overwriting."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from advisor.errors import AdvisorError
from advisor.i18n import N_, _
from advisor.tui.export_formats import FORMATS
from advisor.tui.state import AdvisorState
from advisor.tui.widgets.footer import KeysFooter


class ConfirmScreen(ModalScreen[bool]):
    CSS_PATH = "../css/modals.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm-yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("No"), id="confirm-no-button")
                yield Button(_("Yes, overwrite"), id="confirm-yes-button", variant="error")
        yield KeysFooter()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes-button")


class ExportScreen(ModalScreen[Path | None]):
    """Returns the written path, or None when cancelled."""

    CSS_PATH = "../css/modals.tcss"

    HELP = N_("""\
## Export

Choose what to write with the arrow keys, edit the path, then **Enter** or **Save**.
An existing file is never replaced without asking. **Esc** cancels.
""")
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="export-cancel"),
        # A dialog stops the app's keys; F1 here opens this dialog's help, as everywhere.
        Binding("f1", "app.help", N_("Help"), key_display="F1", id="export-help"),
    ]

    def __init__(self, state: AdvisorState, initial_format: str | None = None) -> None:
        super().__init__()
        self.state = state
        available = [f for f in FORMATS if f.key == "answers" or state.recommendation is not None]
        self.formats = available
        keys = [f.key for f in available]
        self.selected = keys.index(initial_format) if initial_format in keys else 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Export"), classes="dialog-title")
            with RadioSet(id="export-formats"):
                for i, fmt in enumerate(self.formats):
                    yield RadioButton(
                        f"{_(fmt.title)} — {_(fmt.description)}", value=i == self.selected
                    )
            yield Label(_("Write to:"), id="export-path-label")
            yield Input(self.formats[self.selected].filename, id="export-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="export-cancel-button")
                yield Button(_("Save"), id="export-save-button", variant="primary")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#export-formats", RadioSet).focus()

    @on(RadioSet.Changed, "#export-formats")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        old = self.formats[self.selected].filename
        self.selected = event.radio_set.pressed_index
        path = self.query_one("#export-path", Input)
        if path.value in ("", old) or path.value in {f.filename for f in self.formats}:
            path.value = self.formats[self.selected].filename

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-save-button")
    def _save(self) -> None:
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.notify(_("Give a path to write to."), severity="warning")
            return
        path = Path(raw).expanduser()
        from advisor.errors import AdvisorError
        from advisor.io.write import check_file_target

        try:  # a link, device or directory is refused before any question
            check_file_target(path, force=True)
        except AdvisorError as exc:
            self.notify(_("Cannot export there: {error}").format(error=exc), severity="error")
            return
        if path.exists():

            def confirmed(ok: bool | None) -> None:
                if ok:
                    self._write(path, force=True)

            question = _("{path} exists. Overwrite it?").format(path=path)
            self.app.push_screen(ConfirmScreen(question), confirmed)
            return
        self._write(path, force=False)

    def _write(self, path: Path, *, force: bool) -> None:
        from advisor.io.write import write_text_atomic

        fmt = self.formats[self.selected]
        try:
            text = fmt.render(self.state)
            write_text_atomic(path, text, force=force)
        except AdvisorError as exc:
            self.notify(str(exc), title=_("Export failed"), severity="error", timeout=10)
            return
        if fmt.key == "answers":
            self.state.answers_saved()
        self.app.notify(
            _("Wrote {format} to {path}").format(format=_(fmt.title), path=path),
            title=_("Exported"),
        )
        self.dismiss(path)

    @on(Button.Pressed, "#export-cancel-button")
    def action_cancel(self) -> None:
        self.dismiss(None)
