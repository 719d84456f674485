"""Words a newcomer understands: what the tool says never leans on something the user has
not seen, and never contradicts the choices it offers."""

from __future__ import annotations

import re

from advisor.decide.questions import load_questions
from advisor.decide.rules import load_rules

UNSEEN = re.compile(r"\b(training|seed) article\b", re.IGNORECASE)


def test_rule_reasons_do_not_cite_an_article_the_user_never_saw() -> None:
    questions = load_questions()
    rules = load_rules(questions)
    cited = [r.id for r in rules.rules if UNSEEN.search(" ".join(r.because.split()))]
    assert cited == []


def test_questions_do_not_cite_an_article_the_user_never_saw() -> None:
    for q in load_questions():
        assert not UNSEEN.search(f"{q.prompt} {q.help}"), q.id


def test_no_prompt_excludes_a_choice_it_offers() -> None:
    # "What will you store besides container images?" offered "Container images".
    for q in load_questions():
        if q.type == "bool":
            continue
        for choice in q.choices:
            assert f"besides {choice.label.lower()}" not in q.prompt.lower(), q.id
