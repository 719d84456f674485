"""Reports of a recommendation: Markdown, HTML, an ADR (MADR) and the JSON with citations.

One entry point, `render_report(fmt, rec, catalog=..., questions=..., today=...)`. Every
format renders the same recommendation JSON (docs/recommendation-json.md) and recomputes
nothing: reasons, warnings, gotchas and what-ifs are the engine's, as traced. The catalog
adds only what the JSON does not carry (the verified date of each cited fact, summaries and
homepages), the questions the prompt and label of each answer. The output depends on
nothing but the arguments: `today` (default: the current date) is the only date that is
not data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor import clock
from advisor.errors import UsageError, did_you_mean

REPORT_FORMATS: tuple[str, ...] = ("markdown", "html", "adr", "json")


def render_report(
    fmt: str, rec: dict[str, Any], *, catalog: Any, questions: Any, today: dt.date | None = None
) -> str:
    """The report of recommendation `rec` in format `fmt` (one of REPORT_FORMATS)."""
    if fmt not in REPORT_FORMATS:
        raise UsageError(
            f"unknown report format '{fmt}'{did_you_mean(fmt, REPORT_FORMATS)}; "
            f"formats: {', '.join(REPORT_FORMATS)}"
        )
    from advisor.present.report import build

    report = build(rec, catalog=catalog, questions=questions, today=today or clock.today())
    if fmt == "markdown":
        from advisor.present.markdown import render
    elif fmt == "html":
        from advisor.present.html import render
    elif fmt == "adr":
        from advisor.present.adr import render
    else:
        from advisor.present.json_report import render
    return render(report)
