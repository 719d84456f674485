"""Shared by the cross-view tests (tests/render/test_cross_view.py and
tests/tui/test_tui_cross_view.py): the recommendations they check, what every face must
show, and how a face's output is read as plain text."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from conftest import ROOT
from markdown_it import MarkdownIt

from advisor.decide.answers import load_answers, validate_answers

TODAY = dt.date(2026, 11, 30)
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
EXTRA = {
    "public-anyone": {"reach": "anywhere", "audience": "anyone", "own_infrastructure": False},
    "offline-no-servers": {"offline": True, "own_infrastructure": False},
    "anywhere-own-servers-sso": {
        "reach": "anywhere",
        "audience": "restricted",
        "own_infrastructure": True,
        "must_have": ["sso", "scanning"],
        "ci": "gitlab-ci",
    },
}
CASES = [p.stem for p in EXAMPLES] + sorted(EXTRA)
PARSER = MarkdownIt("commonmark").enable("table")


def answers_of(case: str, context: Any) -> dict[str, Any]:
    if case in EXTRA:
        return validate_answers(EXTRA[case], context.questions)
    return load_answers(ROOT / "examples" / f"{case}.yaml", context.questions)


def flat(text: str) -> str:
    """Text as a reader compares it: no code backticks, one space between words."""
    return " ".join(text.replace("`", "").split())


def html_text(page: str) -> str:
    """The page's text: inline tags vanish, block tags separate words."""
    page = re.sub(r"</?(strong|em|code|a|span)\b[^>]*>", "", page)
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", page)))


def md_text(markdown: str) -> str:
    return html_text(PARSER.render(markdown))


def expected(view: Any) -> dict[str, list[str]]:
    """What every face must show, as plain text."""
    reasons = [str(r.because) for r in view.setup_reasons]
    for reg in view.registries:
        reasons += [str(r.because) for r in reg.reasons]
    whys = [str(w) for ex in view.excluded for w in ex.whys]
    notes = [(str(n.title), str(n.message)) for n in view.notes]
    what_ifs = [str(w.sentence) for w in view.what_ifs]
    return {"reasons": reasons, "whys": whys, "notes": notes, "what_ifs": what_ifs}


def check(face: str, text: str, items: list[str]) -> None:
    missing = [x for x in items if flat(x) not in text]
    assert not missing, f"{face} lacks: {missing[:3]}"
