"""One view model, every face: for several recommendations, every reason, warning and
what-if of the view model appears in the CLI text, the Markdown and HTML reports, the ADR
(within what a decision record covers); tests/tui/test_tui_cross_view.py checks the TUI.

Markdown and the ADR are rendered through a CommonMark parser (markdown-it-py) and compared
as the text a reader sees; HTML as its text with tags removed.
"""

from __future__ import annotations

from typing import Any

import pytest
from crossview import CASES, TODAY, answers_of, check, expected, flat, md_text
from crossview import html_text as page_text

from advisor.decide.engine import recommend
from advisor.decide.session import load_context
from advisor.present import render_report, report_view
from advisor.present.text import render as render_text
from advisor.recommendation.words import clause


@pytest.fixture(scope="module")
def context() -> Any:
    return load_context()


@pytest.mark.parametrize("case", CASES)
def test_every_face_shows_everything(case: str, context: Any) -> None:
    rec = recommend(context.catalog, context.questions, context.rules, answers_of(case, context))
    view = report_view(rec, catalog=context.catalog, questions=context.questions, today=TODAY)
    want = expected(view)
    assert want["reasons"] and (want["what_ifs"] or view.steady)
    notes = [part for pair in want["notes"] for part in pair]
    kwargs = {"catalog": context.catalog, "questions": context.questions, "today": TODAY}

    text = flat(render_text(view))
    markdown = md_text(render_report("markdown", rec, **kwargs))
    page = page_text(render_report("html", rec, **kwargs))
    for face, shown in (("text", text), ("markdown", markdown), ("html", page)):
        check(face, shown, want["reasons"] + notes + want["what_ifs"])
        check(face, shown, [w.rstrip(".") for w in want["whys"]])

    # The ADR covers the decision: the setup, the considered options (the top five), the
    # registries ruled out, the top choice's warnings and pitfalls, and when to revisit.
    adr = md_text(render_report("adr", rec, **kwargs))
    check("adr", adr, [clause(r.because) for r in view.setup_reasons])
    for reg in view.registries[:5]:
        check("adr", adr, [str(r.clause) for r in reg.reasons])
    check("adr", adr, want["whys"])
    top = view.top.id if view.top else None
    for n in view.notes:
        if n.kind == "gotcha" and n.registry == top:
            check("adr", adr, [str(n.title), str(n.message)])
        elif n.kind == "rule" and n.registry in (None, top) and top is not None:
            check("adr", adr, [str(n.title), str(n.clause)])
    for w in view.what_ifs:
        check("adr", adr, [w.prompt, w.label, w.effect])


@pytest.mark.parametrize("case", CASES)
def test_what_if_names_the_top_the_changed_answers_give(case: str, context: Any) -> None:
    """The what-if names the top registry in the mode the changed answers would pick: the
    on-premise example once said "GitLab, self-hosted" for "no servers of your own", where
    the changed answers give GitLab hosted by the vendor."""
    answers = answers_of(case, context)
    rec = recommend(context.catalog, context.questions, context.rules, answers)
    view = report_view(rec, catalog=context.catalog, questions=context.questions, today=TODAY)
    checked = 0
    for w in view.what_ifs:
        if not w.top_changes or w.top is None:
            continue
        change = next(
            c
            for s in rec.sensitivity
            if s.question == w.question
            for c in s.changes
            if c.top == w.top and (c.label or "") in w.label
        )
        trial = recommend(
            context.catalog,
            context.questions,
            context.rules,
            {**answers, w.question: change.value},
        )
        assert trial.top is not None and w.top_name == trial.top.display_name, (w, trial.top)
        checked += 1
    assert checked or not any(w.top_changes for w in view.what_ifs)
