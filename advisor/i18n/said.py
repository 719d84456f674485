"""Sentences that are English data and translatable text at once.

A `Said` is a str holding the English sentence (what a `--json` output prints, the same in
every language) that remembers its message and fields, so a terminal view can say it in
the chosen language with `local()`. `doctor` builds its live sentences this way, and
`image explain` its notes. Moved here from advisor.doctor.text (which re-exports it) so
that advisor.learn can use it too.
"""

from __future__ import annotations


class Said(str):
    """A diagnosis sentence: the English text (what `doctor --json` prints, as this is a
    str) that remembers its message and fields, so the terminal report can say it in the
    chosen language with `local()`. Joining with `+` keeps both sides translatable.

    Build it as `Said(N_("the certificate expired on {date}"), date=when)`: the N_ marks
    the message for extraction; fields are kept verbatim (a Said field is translated too).
    """

    parts: tuple[tuple[str, dict[str, object] | None], ...]

    def __new__(cls, message: str = "", /, **fields: object) -> Said:
        self = super().__new__(cls, message.format(**fields) if fields else message)
        self.parts = ((message, fields),)
        return self

    @classmethod
    def _joined(cls, parts: tuple, text: str) -> Said:
        self = super().__new__(cls, text)
        self.parts = parts
        return self

    def __add__(self, other: object) -> Said:  # type: ignore[override]
        if not isinstance(other, str):
            return NotImplemented
        return Said._joined(self.parts + _parts(other), str(self) + str(other))

    def __radd__(self, other: object) -> Said:
        if not isinstance(other, str):
            return NotImplemented
        return Said._joined(_parts(other) + self.parts, str(other) + str(self))

    def local(self) -> str:
        """The sentence in the chosen language (English: the text itself)."""
        from advisor.i18n import _, language

        if language() == "en":
            return str(self)
        out = []
        for message, fields in self.parts:
            if fields is None:
                out.append(message)
            else:
                done = {k: local(v) for k, v in fields.items()}
                out.append(_(message).format(**done) if done else _(message))
        return "".join(out)


def _parts(text: str) -> tuple:
    return text.parts if isinstance(text, Said) else ((str(text), None),)


def local(text: object) -> object:
    """A Said in the chosen language; anything else as it is."""
    return text.local() if isinstance(text, Said) else text


def joined(separator: str, items: list) -> object:
    """`separator.join(items)`, keeping Said items translatable."""
    out: object = ""
    for i, item in enumerate(items):
        out = item if i == 0 else out + separator + item  # type: ignore[operator]
    return out
