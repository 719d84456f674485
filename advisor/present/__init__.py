"""Reports of a recommendation: Markdown, HTML, an ADR (MADR 4) and the JSON with citations.

One entry point, `render_report(fmt, rec, catalog=..., questions=..., today=...)`. Every
format renders the same view model (advisor.recommendation.view) and recomputes nothing:
reasons, warnings, gotchas and what-ifs are the engine's, as traced. Markdown, HTML and the
ADR come from Jinja2 templates in advisor/present/templates/ (Jinja2 is imported only for
them). The output depends on nothing but the arguments: `today` (default: the current
date) is the only date that is not data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor import clock
from advisor.errors import UsageError, did_you_mean

REPORT_FORMATS: tuple[str, ...] = ("markdown", "html", "adr", "json")
#: Report format -> its template (json has none).
TEMPLATES = {"markdown": "report.md.j2", "html": "report.html.j2", "adr": "adr.md.j2"}


def report_view(
    rec: Any, *, catalog: Any, questions: Any, today: dt.date | None = None, code: bool = True
) -> Any:
    """The view model of `rec` (a Recommendation or its JSON) with the setup guide attached
    (`code=False`: without the config files' text, as the JSON report needs)."""
    from advisor.present.guide import setup_guide
    from advisor.recommendation.view import as_recommendation, build_view

    typed = as_recommendation(rec)
    view = build_view(typed, catalog=catalog, questions=questions, today=today or clock.today())
    as_json = rec if isinstance(rec, dict) else typed.to_json()
    view.guide = setup_guide(as_json, catalog, code=code)
    return view


def render_report(
    fmt: str, rec: Any, *, catalog: Any, questions: Any, today: dt.date | None = None
) -> str:
    """The report of recommendation `rec` (typed, or its JSON dict) in format `fmt`, one of
    REPORT_FORMATS; UsageError for another."""
    if fmt not in REPORT_FORMATS:
        raise UsageError(
            f"unknown report format '{fmt}'{did_you_mean(fmt, REPORT_FORMATS)}; "
            f"formats: {', '.join(REPORT_FORMATS)}"
        )
    # The JSON report cites the guide (title, sources) but prints none of its code.
    view = report_view(rec, catalog=catalog, questions=questions, today=today, code=fmt != "json")
    if fmt == "json":
        from advisor.present.json_report import render

        return render(view)
    from advisor.present.templating import render as render_template
    from advisor.recommendation.words import RERUN

    context: dict[str, Any] = {"v": view, "rerun": RERUN.format(fmt=fmt)}
    if fmt == "html":
        from advisor.present.html import html_context

        context.update(html_context(view))
    if fmt == "adr":
        from advisor.present.adr import adr_context

        context.update(adr_context(view))
    text = render_template(TEMPLATES[fmt], **context)
    return text.rstrip("\n") + "\n"
