"""The command palette in the current language: Textual's, with its two texts translated.

Textual writes "Search for commands…" (a constructor argument) and "No matches found"
(inside a private method, reproduced below for textual 8.2: tests/tui/test_tui_i18n.py
shows both in Indonesian, so a Textual upgrade that changes the method is caught).
"""

from __future__ import annotations

from typing import Any

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from advisor.i18n import _


class AdvisorPalette(CommandPalette):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("placeholder", _("Search for commands…"))
        super().__init__(**kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
