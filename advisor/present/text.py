"""The recommendation as readable terminal text, rendered from the view model.

Renders only what the engine put in the recommendation (advisor.recommendation.view): every
reason is a rule's `because` as traced, with the answers that made it fire. Plain text, no
colour, no third-party imports; control characters from data never reach the terminal
(words.one_line drops them).
"""

from __future__ import annotations

import textwrap
from typing import Any

from advisor.i18n import _, ngettext

LEVEL_MARK = {"danger": "!!", "warning": "! ", "info": "i "}


def _width() -> int:
    """$COLUMNS, else the terminal's width, else 100; kept between 40 and 120 columns."""
    from advisor.io.terminal import columns

    return max(40, min(columns(100), 120))


def _wrap(text: Any, indent: str, width: int, first: str | None = None) -> list[str]:
    return textwrap.wrap(
        str(text),
        width=width,
        initial_indent=first if first is not None else indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first or indent]


def render(v: Any) -> str:
    """The text for a View (advisor.recommendation.view.View)."""
    w = _width()
    out: list[str] = []
    add = out.append

    out.extend(_wrap(_("Setup: {line}").format(line=v.setup_line), "  ", w, ""))
    for r in v.setup_reasons:
        out.extend(_wrap(r.because, "      ", w, f"  {'+' if r.is_for else '-'} "))
        facts = ", ".join(r.facts)
        vote = f" ({r.vote})" if r.vote else ""
        if facts:
            because = _("because {facts}").format(facts=facts)
            rule = _("[rule {rule}]").format(rule=r.rule)
            out.extend(_wrap(f"{because}{vote}  {rule}", "      ", w, "    "))
        else:
            add("    " + _("[rule {rule}]").format(rule=r.rule) + vote)
    add("")

    wtxt = ", ".join(
        f"{x.name} {x.value}"
        + (" (" + _("default {value}").format(value=x.default) + ")" if x.changed else "")
        for x in v.weights
    )
    add(_("Registries that can serve it, best first"))
    out.extend(
        _wrap(
            _("weights: {weights}; change with --weight NAME=N").format(weights=wtxt),
            "    ",
            w,
            "  ",
        )
    )
    if not v.registries:
        add("  " + _("(none: every registry was excluded, see below)"))
    for reg in v.registries:
        add("")
        head = f"  {reg.rank}. {reg.display} ({reg.id})"
        score = _("score {score}").format(score=reg.score)
        if len(head) + 2 + len(score) <= w:
            add(f"{head}  {score}")
        else:  # a long name: the score on its own line rather than past the edge
            out.extend(_wrap(head[len(f"  {reg.rank}. ") :], "     ", w, f"  {reg.rank}. "))
            add(f"     {score}")
        if reg.other_mode:
            add(
                "     "
                + _("also possible: {mode}, score {score}").format(
                    mode=reg.other_mode, score=reg.other_score
                )
            )
        for r in reg.confirmed_reasons:
            head = f"     {'+' if r.is_for else '-'} {r.criterion} {r.weighted}: "
            out.extend(_wrap(r.because, " " * 9, w, head))
        if reg.unconfirmed_reasons:
            n = reg.unconfirmed_count
            add(
                "     "
                + ngettext(
                    "{count} fact unconfirmed for this registry:",
                    "{count} facts unconfirmed for this registry:",
                    n,
                ).format(count=n)
            )
            for r in reg.unconfirmed_reasons:
                out.extend(_wrap(r.because, " " * 9, w, f"     ? {r.criterion} {r.weighted}: "))
                for note in r.notes:
                    out.extend(_wrap(note, " " * 9, w, " " * 9 + _("catalog note: ")))
        if not reg.reasons:
            add("     (" + _("no rule raised or lowered it") + ")")
    add("")

    if v.excluded:
        add(_("Left out"))
        for ex in v.excluded:
            why = "; ".join(str(x).rstrip(".") for x in ex.mode_whys)
            out.extend(_wrap(f"{why}.", "      ", w, f"  - {ex.name} ({ex.id}): "))
        add("")

    if v.notes:
        add(_("Warnings and gotchas"))
        for n in v.notes:
            who = f"[{n.registry_name}] " if n.registry else ""
            out.extend(_wrap(f"{who}{n.title}", "     ", w, f"  {LEVEL_MARK.get(n.level, '  ')} "))
            out.extend(_wrap(n.message, "       ", w))
            for src in n.sources:
                add(f"       {src}")
        add("")

    if v.assumptions:
        add(_("Assumed (not answered)"))
        for a in v.assumptions:
            out.extend(_wrap(a.sentence, "      ", w, "  - "))
        add("")

    add(_("What if"))
    for x in v.what_ifs:
        out.extend(_wrap(x.sentence, "      ", w, "  - "))
    if v.steady_sentence is not None:
        out.extend(_wrap(v.steady_sentence, "    ", w, "  "))
    if not v.what_ifs and not v.steady:
        add("  " + _("Not computed."))
    add("")

    add(
        _(
            "{checked} rules checked, {fired} fired. Each reason above is a rule's "
            "`because`; --format json shows every rule's condition tree with the values it saw."
        ).format(checked=v.rules_checked, fired=v.rules_fired)
    )
    from advisor.io.terminal import fit

    # Every line through the one wrapper: titles, headings and what-ifs included.
    return "\n".join(fit(out, w)) + "\n"
