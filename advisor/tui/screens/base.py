"""Common parts of every screen: a Header, a Footer, per-screen help text, the language.

Texts declared on the class (HELP, TITLE_TEXT, the bindings' descriptions) are English
msgids marked with N_: they are evaluated at import, before a language is chosen, so they
are translated where they are shown (the help screen, on_mount, the KeysFooter). A screen
remembers the language it was drawn in; shown again after a language switch made while it
was hidden (another mode, or under a dialog), it draws itself again in the new one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.screen import Screen

from advisor import i18n

if TYPE_CHECKING:
    from advisor.tui.app import RegistryAdvisorApp
    from advisor.tui.state import AdvisorState


class AdvisorScreen(Screen):
    """A screen of the app. HELP is Markdown shown by F1 / ? (an N_-marked msgid)."""

    HELP = ""
    TITLE_TEXT = ""
    drawn_in: str | None = None  # the language of the words on screen

    @property
    def advisor(self) -> RegistryAdvisorApp:
        return self.app  # type: ignore[return-value]

    @property
    def state(self) -> AdvisorState:
        return self.advisor.state

    def on_mount(self) -> None:
        self.drawn_in = i18n.language()
        if self.TITLE_TEXT:
            self.sub_title = i18n._(self.TITLE_TEXT)

    @on(events.ScreenResume)
    async def _catch_up_language(self) -> None:
        if self.drawn_in is not None and self.drawn_in != i18n.language():
            await self.advisor.rerender(self)
