"""Common parts of every screen: a Header, a Footer, per-screen help text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from advisor.tui.app import RegistryAdvisorApp
    from advisor.tui.state import AdvisorState


class AdvisorScreen(Screen):
    """A screen of the app. HELP is Markdown shown by F1 / ?."""

    HELP = ""
    TITLE_TEXT = ""

    @property
    def advisor(self) -> RegistryAdvisorApp:
        return self.app  # type: ignore[return-value]

    @property
    def state(self) -> AdvisorState:
        return self.advisor.state

    def on_mount(self) -> None:
        if self.TITLE_TEXT:
            self.sub_title = self.TITLE_TEXT
