"""A Footer that redraws only when the keys it shows change, and shows only keys that work.

Textual's Footer recomposes every key on every bindings signal (each focus change, each
refresh_bindings), and composes nothing until the first signal: at start-up that is
about half a dozen rebuilds, and a first frame whose footer is still empty. This one
shows its keys in the first frame and rebuilds only when the shown keys differ.

While a text field has focus, a key that types a character (`q`, `1`, `?`) goes into the
field, so the footer leaves those keys out rather than promising what they would do. On a
terminal too narrow for every key, keys shown elsewhere give way (GIVE_WAY), never Help
or Quit.

Key descriptions are shown in the current language: the bindings hold English msgids and
the footer translates them each time it composes (a language switch recomposes it).
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, Any

from textual.keys import _character_to_key, key_to_character
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from advisor.i18n import _

if TYPE_CHECKING:
    from textual.screen import Screen


# When the keys do not fit, these give way, in this order (by action): tab switches (the
# tabs are on screen), export (Ctrl+E; F1 lists it), and the welcome screen's mode keys
# (its buttons show the same numbers). Help and Quit always stay.
GIVE_WAY = ("tab(", "export", "app.mode(")


class KeysFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("compact", True)
        kwargs.setdefault("show_command_palette", False)
        super().__init__(**kwargs)
        # Compose the keys in the first frame instead of waiting for a bindings signal.
        self._bindings_ready = True
        self._shown: tuple = ()

    def shown_keys(self, screen: Screen) -> tuple:
        """What the footer shows: (key, label, action, enabled, tooltip) per shown binding.

        Left out: keys a focused text field would type, and, when the keys do not fit the
        width, those in GIVE_WAY.
        """
        typing = isinstance(screen.focused, Input)
        # Descriptions are English msgids (marked N_ where the bindings are declared):
        # translated here, when shown, so a language switch re-labels every key.
        keys = [
            (b.key, self.app.get_key_display(b), _(b.description), b.action, enabled, tooltip)
            for (_node, b, enabled, tooltip) in screen.active_bindings.values()
            if b.show and not (typing and types_a_character(b.key))
        ]
        width = screen.size.width or self.app.size.width
        for gives_way in GIVE_WAY:
            # Each key takes "KEY label" plus a column between keys.
            if sum(len(k[1]) + len(k[2]) + 2 for k in keys) <= width:
                break
            keys = [k for k in keys if not k[3].startswith(gives_way)]
        return tuple(keys)

    def compose(self) -> Any:
        self._shown = self.shown_keys(self.screen)
        keep = {(k[0], k[3]) for k in self._shown}
        widgets = [
            widget
            for widget in super().compose()
            if not isinstance(widget, FooterKey) or (widget.key, widget.action) in keep
        ]
        for widget in widgets:
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = _(widget.description)
        self.styles.grid_size_columns = len(widgets)
        yield from widgets

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and self.shown_keys(screen) == self._shown:
            return
        super().bindings_changed(screen)

    def on_resize(self) -> None:
        if self.is_attached and self.shown_keys(self.screen) != self._shown:
            self.call_after_refresh(self.recompose)


def types_a_character(key: str) -> bool:
    """True for a key that a focused text field would take as typing (`q`, `1`, `?`, `/`)."""
    char = key_to_character(key) or _NAMED_CHARACTERS.get(key)
    return char is not None and char.isprintable()


# Key names Textual gives printable characters ("slash" for "/"), which key_to_character
# does not map back.
_NAMED_CHARACTERS = {_character_to_key(c): c for c in string.printable if c.isprintable()}
