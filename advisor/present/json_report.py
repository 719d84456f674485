"""The JSON report: the recommendation JSON itself, plus a `report` block (docs/report-json.md)."""

from __future__ import annotations

from typing import Any

from advisor.io.jsontext import pretty
from advisor.recommendation.report_block import report_block


def render(view: Any) -> str:
    """The recommendation's JSON with the view's `report` block (typed in report_block)."""
    data = {**view.rec.to_json(), "report": report_block(view).to_json()}
    return pretty(data) + "\n"
