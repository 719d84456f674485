"""What the decision record (templates/adr.md.j2) needs beyond the view model.

The record follows MADR 4.0.0 (https://github.com/adr/madr, template/adr-template.md at tag
4.0.0, read 2026-11-30): front matter with status, date, decision-makers, consulted and
informed; then Context and Problem Statement, Decision Drivers, Considered Options,
Decision Outcome with Consequences, Pros and Cons of the Options, More Information.
Decision drivers are the answers, the considered options the top of the ranking, the
outcome the top registry, and every "Good, because" / "Bad, because" a reason or warning
from the recommendation, in its own words.
"""

from __future__ import annotations

from typing import Any

from advisor.recommendation.words import article

MAX_OPTIONS = 5


def _answers_yaml(view: Any) -> str:
    from advisor.decide.answers import to_yaml
    from advisor.recommendation.words import format_value

    answers = view.rec.answers
    if not view.questions:
        return "".join(f"{k}: {format_value(v)}\n" for k, v in answers.items())
    return to_yaml(answers, view.questions)


def setup_phrase(setup: str) -> str:
    """'an insecure setup' in English, 'setup insecure' in Indonesian (no articles there)."""
    from advisor.i18n import _, language

    phrase = _("{setup} setup").format(setup=setup)
    return f"{article(setup)} {phrase}" if language() == "en" else phrase


def adr_context(view: Any) -> dict[str, Any]:
    top = view.top
    options = view.registries[:MAX_OPTIONS]
    considered = {reg.id for reg in options}
    consequences = []
    if top is not None:
        for w in view.rule_warnings:
            if w.registry in (None, top.id):
                consequences.append(w)
    return {
        "options": options,
        "a_setup": article(view.setup),
        "setup_phrase": setup_phrase(view.setup),
        "answers_yaml": _answers_yaml(view).rstrip("\n"),
        "warning_consequences": consequences,
        "top_gotchas": view.gotchas_of(top.id) if top is not None else [],
        "cited": [c for c in view.citations if c.registry in considered],
    }
