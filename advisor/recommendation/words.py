"""The words every face shares: setup-type titles, level titles, how a value reads, and
`Prose`, text from data with its `code` spans found once.

One place for each: the CLI text, the TUI and the reports all format through here, so a
value or a setup type reads the same everywhere.
"""

from __future__ import annotations

import re
from typing import Any

from advisor.i18n import N_, _

#: Setup type -> (title, what it is). The order is the one the course teaches. English
#: msgids: the faces show them through `setup_title()` / `setup_blurb()`, translated.
SETUP_TYPES: dict[str, tuple[str, str]] = {
    "public": (
        N_("Public"),
        N_("a registry anyone can pull from without logging in, served over HTTPS"),
    ),
    "private": (N_("Private"), N_("a registry that asks for a login, served over HTTPS")),
    "insecure": (N_("Insecure"), N_("a plain-HTTP registry, only on a network you control")),
}
#: Warning level -> title (English msgids; `level_title()` translates).
LEVEL_TITLES = {"danger": N_("Danger"), "warning": N_("Warning"), "info": N_("Note")}
#: The command that reproduces a report; `{fmt}` is the output format.
RERUN = "registry-advisor recommend --answers FILE --format {fmt}"

_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"'<>`\\]+", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def setup_title(setup: str) -> str:
    """'Insecure' for 'insecure' (in the current language); an unknown type is capitalised."""
    if setup in SETUP_TYPES:
        return _(SETUP_TYPES[setup][0])
    return setup.capitalize()


def setup_blurb(setup: str) -> str:
    """What a setup type is, as a phrase in the current language ('' for an unknown type)."""
    return _(SETUP_TYPES[setup][1]) if setup in SETUP_TYPES else ""


def level_title(level: str) -> str:
    """'Warning' for 'warning', in the current language ('Note' for an unknown level)."""
    return _(LEVEL_TITLES.get(level, LEVEL_TITLES["info"]))


def safe_url(url: Any) -> str | None:
    """The URL if it is a plain http(s) address, else None (show it as text instead)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if _SAFE_URL.fullmatch(url) else None


def one_line(text: Any) -> str:
    """Text on one line: runs of whitespace become one space, control characters go."""
    return " ".join(_CONTROL.sub("", str(text)).split())


def format_value(value: Any, *, empty: str | None = None) -> str:
    """A fact's or an answer's value as short text: yes/no (translated), a comma list
    (`empty`, default "none" translated, when there is nothing in it), — for no value,
    numbers without trailing zeros. Other values (catalog facts) stay as written."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v) for v in value) if value else (empty or _("none"))
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return one_line(value)


#: Decimals a score, a weight or points show to people: 8.8333 reads as 8.83. The JSON
#: keeps the exact numbers; every face formats through fmt_num/fmt_points, so they agree.
DECIMALS = 2


def _rounded(x: float) -> float:
    r = round(float(x), DECIMALS)
    return 0.0 if r == 0 else r  # no "-0" for a tiny negative


def fmt_num(x: Any) -> str:
    """3, 2.5, 8.83: a number for people, at most DECIMALS decimals, no trailing zeros."""
    if isinstance(x, int | float) and not isinstance(x, bool):
        return f"{_rounded(x):g}"
    return str(x)


def fmt_points(x: Any) -> str:
    """+3, -1.5, +0.33: points with their sign, rounded as `fmt_num`."""
    if isinstance(x, int | float) and not isinstance(x, bool):
        return f"{_rounded(x):+g}"
    return str(x)


def what_if_effect(
    setup: str | None, setup_changes: bool, top_name: str | None, top_changes: bool
) -> str:
    """'the setup would be private and the top registry would be Harbor'."""
    effects = []
    if setup_changes:
        effects.append(_("the setup would be {setup}").format(setup=setup))
    if top_changes:
        effects.append(
            _("the top registry would be {name}").format(name=top_name)
            if top_name
            else _("no registry would remain")
        )
    return _(" and ").join(effects) or _("nothing would change")


def unconfirmed_text(facts: Any, because: str, strict: bool = False) -> str:
    """The engine's generated sentence for a reason resting on unconfirmed facts
    (advisor.decide.wording), in the current language: the engine writes it in English for
    the JSON. `facts` are 'registry.x' names; `because` is the engine's English sentence
    (it tells an exclusion turned into a fit penalty apart); `strict` for
    `--strict-unknowns` runs."""
    from advisor.decide.wording import STRICT_TAIL, UNKNOWN_EXCLUDE_POINTS

    names = ", ".join(f.split(".", 1)[-1].replace("_", " ") for f in facts) or _("a fact")
    if strict:
        lead = _("Not confirmed: the catalog could not confirm its {names}.").format(names=names)
        return f"{lead} {_(STRICT_TAIL)}"
    if "instead of ruling" in because:  # an exclusion turned into a fit penalty
        return _(
            "Not confirmed: the catalog could not confirm its {names}, so instead of ruling "
            "it out this costs {points} fit point; check the vendor's documentation."
        ).format(names=names, points=f"{UNKNOWN_EXCLUDE_POINTS:g}")
    return _(
        "Not confirmed: the catalog could not confirm its {names}, so this counts a third "
        "of its usual weight."
    ).format(names=names)


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


# First words of the rules' sentences that read lower-case after "because"; anything else
# (a product name such as Docker or GitHub) keeps its capital.
_LOWER_FIRST = frozenset(
    [
        "a",
        "all",
        "an",
        "any",
        "anyone",
        "certificates",
        "deleting",
        "each",
        "every",
        "heavy",
        "hosted",
        "images",
        "it",
        "its",
        "no",
        "nobody",
        "one",
        "people",
        "plain",
        "private",
        "public",
        "running",
        "some",
        "tags",
        "the",
        "there",
        "they",
        "this",
        "when",
        "whether",
        "with",
        "you",
        "your",
        # Indonesian (data/i18n/id/rules.yaml): the first words of its sentences after "karena"
        "batas",
        "belum",
        "bisa",
        "dibuat",
        "dokumentasi",
        "image",
        "image-mu",
        "jaringan",
        "jebakan",
        "juga",
        "kalau",
        "kamu",
        "katalog",
        "layanan",
        "menghapus",
        "menjalankannya",
        "menyimpan",
        "milik",
        "open",
        "orang",
        "pengguna",
        "publik",
        "registry",
        "ringan",
        "sertifikat",
        "setiap",
        "sudah",
        "tag",
        "tanpa",
        "tidak",
        "vendornya",
    ]
)


def clause(sentence: Any) -> str:
    """A sentence made to follow "because": the first word lowered when it is a common one."""
    text = one_line(sentence).rstrip(".")
    first, _, rest = text.partition(" ")
    if first.lower() in _LOWER_FIRST and first[:1].isupper() and first[1:].islower():
        return first.lower() + (" " + rest if rest else "")
    return text


# ---------------------------------------------------------------- Prose

#: Segment styles: plain text, inline code, strong emphasis.
PLAIN, CODE, STRONG = "", "code", "strong"
_TICKS = re.compile(r"`+")


class Prose(tuple):
    """Text from data as (text, style) segments: `code` spans found once, here, so that
    every face shows the same code (Markdown as a code span, HTML as <code>, the terminal
    as the original backticks). Build it with `prose(text)` or by joining parts."""

    __slots__ = ()

    def __str__(self) -> str:
        """The plain text, code spans written with backticks as in the source."""
        return "".join(_plain_segment(t, s) for t, s in self)

    def __html__(self) -> str:
        """Escaped HTML (Jinja2 autoescape calls this), code as <code>."""
        from markupsafe import escape

        out = []
        for text, style in self:
            body = str(escape(text))
            out.append(f"<{style}>{body}</{style}>" if style else body)
        return "".join(out)

    def __add__(self, other: Any) -> Prose:
        return Prose(tuple(self) + tuple(as_prose(other)))

    def __radd__(self, other: Any) -> Prose:
        return Prose(tuple(as_prose(other)) + tuple(self))


def _plain_segment(text: str, style: str) -> str:
    if style != CODE:
        return text
    fence = "`" * (max((len(m) for m in _TICKS.findall(text)), default=0) + 1)
    return f"{fence}{text}{fence}"


def prose(text: Any) -> Prose:
    """Data text as Prose: a run of n backticks opens a code span that the next run of
    exactly n closes (CommonMark's rule); an unclosed run stays literal text."""
    text = one_line(text)
    if "`" not in text:  # most text has no code in it
        return Prose(((text, PLAIN),)) if text else Prose()
    out: list[tuple[str, str]] = []
    plain: list[str] = []
    pos = 0
    runs = list(_TICKS.finditer(text))
    i = 0
    while i < len(runs):
        opening = runs[i]
        if opening.start() < pos:
            i += 1
            continue
        close = next(
            (j for j in range(i + 1, len(runs)) if len(runs[j].group()) == len(opening.group())),
            None,
        )
        if close is None:
            i += 1
            continue
        plain.append(text[pos : opening.start()])
        body = text[opening.end() : runs[close].start()]
        if body[:1] == body[-1:] == " " and body.strip():
            body = body[1:-1]  # CommonMark strips one space each side
        if "".join(plain):
            out.append(("".join(plain), PLAIN))
        plain = []
        out.append((body, CODE))
        pos = runs[close].end()
        i = close + 1
    plain.append(text[pos:])
    if "".join(plain):
        out.append(("".join(plain), PLAIN))
    return Prose(out)


def code(text: Any) -> Prose:
    """An identifier (a rule or question id) shown as code."""
    return Prose([(one_line(text), CODE)])


def strong(text: Any) -> Prose:
    return Prose([(one_line(text), STRONG)])


def plain(text: Any) -> Prose:
    """Text with no markup in it at all (a name, a value): backticks are just characters.
    Whitespace runs become one space; spaces at the ends are kept, for joining."""
    text = " ".join(_CONTROL.sub("", str(text)).split(" ")) if text != "" else ""
    text = re.sub(r"\s+", " ", text)
    return Prose([(text, PLAIN)]) if text else Prose()


def as_prose(value: Any) -> Prose:
    return value if isinstance(value, Prose) else plain(value)


def join(parts: Any, sep: str = ", ") -> Prose:
    out = Prose()
    for i, part in enumerate(parts):
        out = out + (plain(sep) if i else Prose()) + as_prose(part)
    return out


def rule_text(
    rule_id: str | None,
    key: str,
    english: str,
    registry_id: str | None = None,
    lookup: Any = None,
) -> str:
    """A rule's `because`, `unconfirmed` or warning `title` in the current language.

    Translations are data keyed by rule id (`data/i18n/<lang>/rules.yaml`), with the same
    `{registry.x}` placeholders, filled from the catalog entry `lookup(registry_id)` as the
    engine fills the English (`lookup` is called only when the sentence has one). Without a
    translation (English, an overlay's own rule, or the engine's generated unconfirmed
    sentence) `english` is returned as given.
    """
    if rule_id is None:
        return english
    from advisor.i18n import data_translation

    entry = data_translation("rules").get(rule_id)
    text = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(text, str) or not text.strip():
        return english
    from advisor.decide.wording import fill_in

    text = " ".join(text.split())
    if "{registry." not in text or not registry_id or lookup is None:
        return fill_in(text, None)
    return fill_in(text, lookup(registry_id))
