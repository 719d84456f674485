"""The JSON report: the recommendation JSON itself, plus a `report` block (docs/report-json.md)."""

from __future__ import annotations

import json
from typing import Any

from advisor.present.report import Report

REPORT_SCHEMA_VERSION = 1


def report_block(r: Report) -> dict[str, Any]:
    guide = r.guide
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "generated": r.today.isoformat(),
        "tool_version": r.tool_version,
        "catalog_date": r.catalog_date,
        "citations": [c.to_json() for c in r.citations],
        "gotchas": [
            {
                "registry": reg["id"],
                "title": g["title"],
                "sources": list(g.get("sources") or []),
                "verified": g.get("verified"),
            }
            for reg, items in r.gotchas
            for g in items
        ],
        "references": [{"url": ref.url, "rules": list(ref.rules)} for ref in r.references],
        "setup_guide": None
        if guide is None
        else {
            "kind": guide.kind,
            "title": guide.title,
            "sources": list(guide.sources),
            "command": guide.command,
        },
    }


def render(r: Report) -> str:
    data = {**r.rec, "report": report_block(r)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
