"""Text fields that never trap focus: Esc leaves them, and the Footer says so."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class TextField(Input):
    """An Input that Esc leaves for the next widget on the screen (the screen's own keys
    work again there). The Footer shows "Esc Leave field" while it has focus."""

    BINDINGS = [Binding("escape", "leave", "Leave field", id="field-leave")]

    def action_leave(self) -> None:
        leave = getattr(self.screen, "leave_field", None)
        if callable(leave):
            leave(self)
        else:
            self.screen.focus_next()
