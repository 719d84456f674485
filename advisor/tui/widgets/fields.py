"""Text fields that never trap focus: Esc leaves them, and the Footer says so."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

from advisor.i18n import N_


class TextField(Input):
    """An Input that Esc leaves for the next widget on the screen (the screen's own keys
    work again there). The Footer shows "Esc Leave field" while it has focus."""

    BINDINGS = [Binding("escape", "leave", N_("Leave field"), id="field-leave")]

    def action_leave(self) -> None:
        leave = getattr(self.screen, "leave_field", None)
        if callable(leave):
            leave(self)
        else:
            self.screen.focus_next()
