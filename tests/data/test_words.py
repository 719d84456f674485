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


def test_scores_and_points_read_with_at_most_two_decimals() -> None:
    from advisor.recommendation.words import fmt_num, fmt_points

    assert fmt_num(7.833333333) == "7.83"
    assert fmt_num(8.5) == "8.5" and fmt_num(3) == "3" and fmt_num(2.0) == "2"
    assert fmt_num(-0.001) == "0"  # never "-0"
    assert fmt_points(0.33333) == "+0.33" and fmt_points(-1.5) == "-1.5"
    assert fmt_points(0.004) == "+0" and fmt_num("n/a") == "n/a" and fmt_num(True) == "True"


def test_reports_round_scores_but_json_keeps_them_exact() -> None:
    import json

    from tests.conftest import ROOT, run_cli

    answers = str(ROOT / "examples" / "private-aws.yaml")
    md = run_cli("recommend", "--answers", answers, "--format", "markdown").stdout
    data = json.loads(run_cli("recommend", "--answers", answers, "--format", "json").stdout)
    scores = [r["score"] for r in data["registries"]]
    assert any(round(s, 2) != s for s in scores)  # this example has a third of a point
    assert not re.search(r"\d\.\d{3,}", md)
    for s in scores:
        assert f"{round(s, 2):g}" in md
