"""Asked before quitting with answers that were never saved."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from advisor.i18n import N_, _, ngettext
from advisor.tui.widgets.footer import KeysFooter


class QuitScreen(ModalScreen[str | None]):
    """Returns "save", "quit", or None (stay)."""

    CSS_PATH = "../css/modals.tcss"

    HELP = N_("""\
## Quit?

Your answers have changed since they were last saved. **s** saves them to a YAML file
first (reopen it with `registry-advisor --answers FILE`), **q** quits without saving,
**Esc** goes back to the app.
""")
    BINDINGS = [
        Binding("s", "choose('save')", N_("Save first"), id="quit-save"),
        Binding("q,ctrl+q", "choose('quit')", N_("Quit anyway"), id="quit-anyway"),
        Binding("escape", "choose(None)", N_("Stay"), id="quit-stay"),
        # A dialog stops the app's keys; F1 here opens this dialog's help, as everywhere.
        Binding("f1", "app.help", N_("Help"), key_display="F1", id="quit-help"),
    ]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        title = ngettext(
            "Quit without saving {count} answer?",
            "Quit without saving {count} answers?",
            self.count,
        ).format(count=self.count)
        with Vertical(classes="dialog"):
            yield Static(title, classes="dialog-title")
            yield Static(
                _("They are lost when the app closes unless you save them."), classes="hint"
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Stay"), id="quit-stay-button", compact=True)
                yield Button(
                    _("Quit anyway"), id="quit-anyway-button", variant="error", compact=True
                )
                yield Button(
                    _("Save first"), id="quit-save-button", variant="primary", compact=True
                )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#quit-save-button", Button).focus()

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = {"quit-save-button": "save", "quit-anyway-button": "quit"}
        self.dismiss(choice.get(event.button.id or ""))
