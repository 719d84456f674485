"""What the HTML template needs beyond the view model: section list, counts, bar widths,
and filters for anchors, number classes and code-block languages."""

from __future__ import annotations

import re
from typing import Any

from advisor.i18n import N_, _, language
from advisor.recommendation.words import LEVEL_TITLES, level_title

SECTIONS = (
    ("answers", N_("Answers")),
    ("setup", N_("Setup type")),
    ("ranking", N_("Ranking")),
    ("excluded", N_("Excluded")),
    ("warnings", N_("Warnings")),
    ("what-if", N_("What if")),
    ("gotchas", N_("Gotchas")),
    ("guide", N_("Setup guide")),
    ("sources", N_("Sources")),
)


def anchor(text: Any) -> str:
    """An id made of letters, digits, _ and - only."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", str(text))


def num_class(x: Any) -> str:
    if not isinstance(x, int | float):
        return "num"
    return "num pos" if x > 0 else "num neg" if x < 0 else "num zero"


def lang(text: Any) -> str:
    return re.sub(r"[^a-z]", "", str(text))


def html_context(view: Any) -> dict[str, Any]:
    best = max((r.score_value for r in view.registries), default=0) or 1

    def bar_width(reg: Any) -> int:
        return max(0, min(100, round(100 * reg.score_value / best))) if best > 0 else 0

    return {
        "sections": tuple((anchor_id, _(label)) for anchor_id, label in SECTIONS),
        "lang": language(),
        "setup_class": re.sub(r"[^a-z-]", "", view.setup.lower()),
        "level_counts": {
            lvl: sum(1 for n in view.notes if n.level == lvl)
            for lvl in ("danger", "warning", "info")
        },
        "level_titles": {level: level_title(level) for level in LEVEL_TITLES},
        "bar_width": bar_width,
    }


FILTERS = {"anchor": anchor, "num_class": num_class, "lang": lang}
