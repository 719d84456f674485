"""F1 / ?: help for the screen underneath, and the keys that work there."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from advisor.i18n import N_, _
from advisor.tui.widgets.footer import KeysFooter

GLOBAL_KEYS = N_("""\
### Everywhere

| key | does |
|---|---|
| 1 … 7 | home, questions, results, compare, catalog, learn, doctor |
| Ctrl+P | command palette (try "export" or "go") |
| Ctrl+E | export the answers, the recommendation or a report |
| Ctrl+T | switch between dark and light themes |
| F1, ? | this help; Esc closes it |
| l (here) | language: English / Bahasa Indonesia |
| q, Ctrl+Q | quit |
""")


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "../css/modals.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", N_("Close"), id="help-close"),
        Binding("f1", "dismiss", N_("Close"), show=False, id="help-close-f1"),
        Binding("question_mark", "dismiss", N_("Close"), show=False, id="help-close-q"),
        Binding("l", "app.language", N_("Language"), id="help-language"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        # HELP is an English msgid (N_), translated now, in the language shown.
        help_text = getattr(self.under, "HELP", "")
        text = _(help_text) if help_text else "## " + _("Help") + "\n"
        with Vertical(classes="dialog"):
            yield Static(_("Help  (Esc to close)"), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Markdown(text + "\n" + _(GLOBAL_KEYS))
        yield KeysFooter()

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)
