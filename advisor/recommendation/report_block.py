"""The `report` block of the reports' JSON (docs/report-json.md), as typed records.

`recommend --format json` prints the recommendation's JSON plus this block: the report's
date, the tool version, and a citation for every catalog fact the reasons read. The records
give its JSON Schema (part of data/schemas/recommendation.schema.json); `report_block`
fills them from a View.
"""

from __future__ import annotations

from typing import Any, Literal

from advisor.decide.record import Record

#: Raise it when a key is removed or renamed or changes meaning (docs/report-json.md).
REPORT_SCHEMA_VERSION = 1


class CitationRef(Record):
    """A catalog fact a reason read."""

    __slots__ = ("registry", "attribute", "value", "source", "verified")
    registry: str
    attribute: str
    value: Any
    source: str | None
    verified: str | None
    DOC = {
        "registry": "the registry id",
        "attribute": "the catalog attribute (docs/catalog.md)",
        "value": "the value the engine saw, 'unknown' included",
        "source": "the fact's source URL, or null",
        "verified": "the date (YYYY-MM-DD) the source was read, or null when the catalog "
        "passed to the report has no such fact with the same source",
    }

    def __init__(self, registry, attribute, value, source, verified):
        self.registry = registry
        self.attribute = attribute
        self.value = value
        self.source = source
        self.verified = verified

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


class GotchaRef(Record):
    """A gotcha of a top choice, as in the warnings of kind gotcha."""

    __slots__ = ("registry", "title", "sources", "verified")
    registry: str
    title: str
    sources: list[str]
    verified: str | None
    DOC = {
        "registry": "the registry id",
        "title": "the gotcha's title",
        "sources": "links",
        "verified": "the date (YYYY-MM-DD) the source was read",
    }

    def __init__(self, registry, title, sources, verified):
        self.registry = registry
        self.title = title
        self.sources = sources
        self.verified = verified

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


class ReferenceRef(Record):
    """A source a rule cites for itself, with the rules citing it."""

    __slots__ = ("url", "rules")
    url: str
    rules: list[str]
    DOC = {"url": "the source", "rules": "the rules that cite it"}

    def __init__(self, url, rules):
        self.url = url
        self.rules = rules

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "rules": list(self.rules)}


class GuideRef(Record):
    """The setup guide the Markdown and HTML reports show."""

    __slots__ = ("kind", "title", "sources", "command")
    kind: Literal["insecure", "self-hosted", "hosted"]
    title: str
    sources: list[str]
    command: str
    DOC = {
        "kind": "insecure, self-hosted or hosted",
        "title": "the guide's title",
        "sources": "the sources it summarises",
        "command": "the command that writes its files",
    }

    def __init__(self, kind, title, sources, command):
        self.kind = kind
        self.title = title
        self.sources = sources
        self.command = command

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


class ReportBlock(Record):
    """The report's date, tool version and citations (docs/report-json.md)."""

    __slots__ = (
        "schema_version",
        "generated",
        "tool_version",
        "catalog_date",
        "citations",
        "gotchas",
        "references",
        "setup_guide",
    )
    schema_version: Literal[1]
    generated: str
    tool_version: str
    catalog_date: str | None
    citations: list[CitationRef]
    gotchas: list[GotchaRef]
    references: list[ReferenceRef]
    setup_guide: GuideRef | None
    DOC = {
        "schema_version": "this block's version",
        "generated": "the report's date (YYYY-MM-DD)",
        "tool_version": "the Registry Advisor version that rendered it",
        "catalog_date": "the newest verified date of any catalog fact",
        "citations": "every catalog fact a reason read",
        "gotchas": "the gotchas of the top choices, in rank order",
        "references": "the sources the rules cite for themselves",
        "setup_guide": "the setup guide, or null when no registry is ranked",
    }

    def __init__(
        self,
        generated,
        tool_version,
        catalog_date,
        citations,
        gotchas,
        references,
        setup_guide,
        schema_version=REPORT_SCHEMA_VERSION,
    ):
        self.schema_version = schema_version
        self.generated = generated
        self.tool_version = tool_version
        self.catalog_date = catalog_date
        self.citations = citations
        self.gotchas = gotchas
        self.references = references
        self.setup_guide = setup_guide

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "generated": self.generated,
            "tool_version": self.tool_version,
            "catalog_date": self.catalog_date,
            "citations": [c.to_json() for c in self.citations],
            "gotchas": [g.to_json() for g in self.gotchas],
            "references": [r.to_json() for r in self.references],
            "setup_guide": self.setup_guide.to_json() if self.setup_guide else None,
        }


def report_block(view: Any) -> ReportBlock:
    """The block for a View (advisor.recommendation.view), its guide already attached."""
    guide = view.guide
    return ReportBlock(
        generated=view.today.isoformat(),
        tool_version=view.tool_version,
        catalog_date=view.catalog_date,
        citations=[
            CitationRef(
                c.registry,
                c.attribute,
                c.value,
                c.source,
                c.verified.isoformat() if c.verified else None,
            )
            for c in view.citations
        ],
        gotchas=[
            GotchaRef(g.id, n.caveat.title, list(n.sources), n.verified)
            for g in view.gotchas
            for n in g.items
        ],
        references=[ReferenceRef(r.url, list(r.rules)) for r in view.references],
        setup_guide=None
        if guide is None
        else GuideRef(guide.kind, guide.title, list(guide.sources), guide.command),
    )
