"""The first screen: what the tool does and the ways in."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Header, Static

from advisor.i18n import N_, _
from advisor.tui.screens.base import AdvisorScreen
from advisor.tui.widgets.footer import KeysFooter

INTRO = N_(
    "[b]Registry Advisor[/b] helps you choose where your container images live. "
    "Answer a few questions and it tells you which kind of setup fits "
    "([b]public[/b], [b]private[/b] or plain-HTTP [b]insecure[/b]), ranks the "
    "registries that can serve it, and shows every reason and source behind the advice."
)


class WelcomeScreen(AdvisorScreen):
    DEFAULT_CSS = """
    #welcome-body { padding: 1 2; height: 1fr; }
    #welcome-intro { height: auto; margin-bottom: 1; }
    #welcome-ways { height: auto; width: 44; }
    #welcome-row { height: auto; }
    #welcome-ways Button { width: 100%; margin-bottom: 1; }
    #welcome-status { height: auto; color: $text-muted; margin-top: 1; }
    """
    TITLE_TEXT = N_("welcome")
    # Focus the first way in from the first frame (not the scroll area, then the button).
    AUTO_FOCUS = "#go-questions"
    HELP = N_("""\
## Welcome

Pick a way in with the arrow keys and Enter, or press its number:

- **2 Questions**: answer one question at a time; each comes with a short explanation.
- **3 Results**: after answering, the recommendation with its reasons.
- **4 Compare**: two to four registries side by side, with the age of every fact.
- **5 Catalog**: every registry, filterable, with the sources of each fact.
- **6 Learn**: lessons for newcomers, an image-name explainer and a quiz.
- **7 Doctor**: check a live registry, or explain an error message.

Anywhere: **F1** or **?** help, **Ctrl+P** command palette, **Ctrl+E** export,
**Ctrl+T** light/dark theme, **q** quit.
""")

    BINDINGS = [
        Binding("2", "app.mode('questions')", N_("Questions"), id="w-questions"),
        Binding("4", "app.mode('compare')", N_("Compare"), id="w-compare"),
        Binding("5", "app.mode('catalog')", N_("Catalog"), id="w-catalog"),
        Binding("6", "app.mode('learn')", N_("Learn"), id="w-learn"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="welcome-body"):
            yield Static(_(INTRO), id="welcome-intro")
            with Horizontal(id="welcome-row"), Vertical(id="welcome-ways"):
                yield Button(
                    "2  " + _("Start the questionnaire"),
                    id="go-questions",
                    variant="primary",
                    compact=True,
                )
                yield Button("4  " + _("Compare registries"), id="go-compare", compact=True)
                yield Button("5  " + _("Browse the catalog"), id="go-catalog", compact=True)
                yield Button("6  " + _("Learn: lessons, names, quiz"), id="go-learn", compact=True)
            yield Static(self._status(), id="welcome-status")
        yield KeysFooter()

    def _status(self) -> str:
        # Nothing here depends on the data, which may still be loading (see app.py).
        return _(
            "Press F1 for help, q to quit. To open saved answers: registry-advisor --answers FILE"
        )

    def data_failed(self) -> None:
        """The data could not be loaded: no way in works, so none is offered."""
        for button in self.query(Button):
            button.disabled = True
        self.query_one("#welcome-status", Static).update(
            _("The data could not be loaded: see the message, fix the file and restart.")
        )

    @on(Button.Pressed)
    def _go(self, event: Button.Pressed) -> None:
        mode = (event.button.id or "").removeprefix("go-")
        self.advisor.action_mode(mode)
