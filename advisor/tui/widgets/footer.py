"""A Footer that redraws only when the keys it shows change, and shows only keys that work.

Textual's Footer recomposes every key on every bindings signal (each focus change, each
refresh_bindings), and composes nothing until the first signal: at start-up that is
about half a dozen rebuilds, and a first frame whose footer is still empty. This one
shows its keys in the first frame and rebuilds only when the shown keys differ.

While a text field has focus, a key that types a character (`q`, `1`, `?`) goes into the
field, so the footer leaves those keys out rather than promising what they would do.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, Any

from textual.keys import _character_to_key, key_to_character
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.screen import Screen


class KeysFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("compact", True)
        kwargs.setdefault("show_command_palette", False)
        super().__init__(**kwargs)
        # Compose the keys in the first frame instead of waiting for a bindings signal.
        self._bindings_ready = True
        self._shown: tuple = ()

    def shown_keys(self, screen: Screen) -> tuple:
        """What the footer shows: (key, label, action, enabled, tooltip) per shown binding."""
        typing = isinstance(screen.focused, Input)
        return tuple(
            (b.key, b.key_display, b.description, b.action, enabled, tooltip)
            for (_node, b, enabled, tooltip) in screen.active_bindings.values()
            if b.show and not (typing and types_a_character(b.key))
        )

    def compose(self) -> Any:
        self._shown = self.shown_keys(self.screen)
        typing = isinstance(self.screen.focused, Input)
        widgets = [
            widget
            for widget in super().compose()
            if not (typing and isinstance(widget, FooterKey) and types_a_character(widget.key))
        ]
        self.styles.grid_size_columns = len(widgets)
        yield from widgets

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and self.shown_keys(screen) == self._shown:
            return
        super().bindings_changed(screen)


def types_a_character(key: str) -> bool:
    """True for a key that a focused text field would take as typing (`q`, `1`, `?`, `/`)."""
    char = key_to_character(key) or _NAMED_CHARACTERS.get(key)
    return char is not None and char.isprintable()


# Key names Textual gives printable characters ("slash" for "/"), which key_to_character
# does not map back.
_NAMED_CHARACTERS = {_character_to_key(c): c for c in string.printable if c.isprintable()}
