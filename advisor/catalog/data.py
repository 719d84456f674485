"""The catalog as the rest of the program sees it: plain, read-only objects.

Files are validated by the pydantic models in catalog.models; what passes is kept in a
small cache as JSON, keyed by the file's content. A later run with the same file builds
these light objects straight from the cache and never imports pydantic, which is most of
the start-up cost of the light commands.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor.frozen import field, frozen

# The attribute names; a test checks that they agree with catalog.models.
REQUIRED_ATTRIBUTES: tuple[str, ...] = (
    "hosting",
    "setups",
    "open_source",
    "anonymous_pull",
    "private_repos",
    "free_tier",
    "formats",
    "vulnerability_scanning",
    "image_signing",
    "pull_through_cache",
    "replication",
    "immutable_tags",
    "retention_policies",
    "sso",
    "audit_logs",
    "air_gapped",
    "native_to",
    "pull_rate_limits",
    "pricing",
    "ops_effort",
)
OPTIONAL_ATTRIBUTES: tuple[str, ...] = ("token_lifetime", "max_layer_size")
# Display order: the optional text facts sit before ops_effort, as in the catalog file.
ATTRIBUTE_NAMES: tuple[str, ...] = (*REQUIRED_ATTRIBUTES[:-1], *OPTIONAL_ATTRIBUTES, "ops_effort")
#: The attributes with a closed set of values, and those values (the Literal types of
#: catalog.models, which a test checks these against). Any attribute may also be "unknown".
ATTRIBUTE_VALUES: dict[str, tuple[str, ...]] = {
    "hosting": ("saas", "self-hosted"),
    "setups": ("public", "private", "insecure"),
    "formats": (
        "oci-images",
        "oci-artifacts",
        "helm",
        "maven",
        "npm",
        "pypi",
        "nuget",
        "rubygems",
        "go",
        "cargo",
        "conda",
        "debian",
        "rpm",
        "generic",
        "other",
    ),
    "native_to": ("aws", "gcp", "azure", "github", "gitlab", "openshift", "kubernetes"),
    "ops_effort": ("none", "low", "medium", "high"),
}
#: The free-text attributes; every other one without a value set is yes/no.
TEXT_ATTRIBUTES: tuple[str, ...] = (
    "free_tier",
    "pull_rate_limits",
    "pricing",
    "token_lifetime",
    "max_layer_size",
)
BOOLEAN_ATTRIBUTES: tuple[str, ...] = tuple(
    n for n in REQUIRED_ATTRIBUTES if n not in ATTRIBUTE_VALUES and n not in TEXT_ATTRIBUTES
)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


@frozen
class Fact:
    value: Any
    source: str | None = None
    verified: dt.date | None = None
    note: str | None = None

    @property
    def known(self) -> bool:
        return self.value != "unknown"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value}
        if self.source is not None:
            out["source"] = self.source
        if self.verified is not None:
            out["verified"] = self.verified.isoformat()
        if self.note is not None:
            out["note"] = self.note
        return out


class Attributes:
    """Facts by attribute name; optional attributes that are absent read as None."""

    __slots__ = ATTRIBUTE_NAMES

    def __init__(self, facts: dict[str, Fact]) -> None:
        for name in ATTRIBUTE_NAMES:
            object.__setattr__(self, name, facts.get(name))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("catalog facts are read-only")

    def items(self) -> list[tuple[str, Fact]]:
        return [(n, f) for n in ATTRIBUTE_NAMES if (f := getattr(self, n)) is not None]


@frozen
class Gotcha:
    title: str
    detail: str
    source: str
    verified: dt.date
    modes: tuple[str, ...] = ()  # empty: it applies whoever runs the registry


@frozen
class HistoryEvent:
    date: dt.date
    event: str
    source: str


@frozen
class SeedClaim:
    claim: str
    status: str
    finding: str
    source: str
    verified: dt.date


@frozen
class Registry:
    id: str
    name: str
    vendor: str
    homepage: str
    summary: str
    attributes: Attributes
    gotchas: tuple[Gotcha, ...] = ()
    history: tuple[HistoryEvent, ...] = ()
    seed_claims: tuple[SeedClaim, ...] = ()
    vendor_domains: tuple[str, ...] = ()

    def attr(self, name: str) -> Fact | None:
        """The fact for attribute `name`, or None when an optional attribute is absent."""
        return getattr(self.attributes, name, None)

    def to_json(self) -> dict[str, Any]:
        """The registry exactly as modelled (what `catalog show --json` prints)."""
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "vendor": self.vendor,
            "homepage": self.homepage,
            "summary": self.summary,
            "vendor_domains": list(self.vendor_domains),
            "attributes": {n: f.to_json() for n, f in self.attributes.items()},
            "gotchas": [
                {
                    "title": g.title,
                    "detail": g.detail,
                    "source": g.source,
                    "verified": g.verified.isoformat(),
                    **({"modes": list(g.modes)} if g.modes else {}),
                }
                for g in self.gotchas
            ],
            "history": [
                {"date": h.date.isoformat(), "event": h.event, "source": h.source}
                for h in self.history
            ],
            "seed_claims": [
                {
                    "claim": c.claim,
                    "status": c.status,
                    "finding": c.finding,
                    "source": c.source,
                    "verified": c.verified.isoformat(),
                }
                for c in self.seed_claims
            ],
        }
        return out


@frozen
class Catalog:
    schema_version: int
    registries: tuple[Registry, ...] = field(default_factory=tuple)

    def get(self, registry_id: str) -> Registry | None:
        for reg in self.registries:
            if reg.id == registry_id:
                return reg
        return None

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.registries]


def registry_from_json(data: dict[str, Any]) -> Registry:
    facts = {
        name: Fact(
            value=raw["value"],
            source=raw.get("source"),
            verified=_date(raw.get("verified")),
            note=raw.get("note"),
        )
        for name, raw in data["attributes"].items()
        if raw is not None
    }
    return Registry(
        id=data["id"],
        name=data["name"],
        vendor=data["vendor"],
        homepage=data["homepage"],
        summary=data["summary"],
        attributes=Attributes(facts),
        gotchas=tuple(
            Gotcha(
                g["title"],
                g["detail"],
                g["source"],
                _date(g["verified"]),  # type: ignore[arg-type]
                tuple(g.get("modes") or ()),
            )
            for g in data.get("gotchas") or ()
        ),
        history=tuple(
            HistoryEvent(_date(h["date"]), h["event"], h["source"])  # type: ignore[arg-type]
            for h in data.get("history") or ()
        ),
        seed_claims=tuple(
            SeedClaim(c["claim"], c["status"], c["finding"], c["source"], _date(c["verified"]))  # type: ignore[arg-type]
            for c in data.get("seed_claims") or ()
        ),
        vendor_domains=tuple(data.get("vendor_domains") or ()),
    )


def catalog_from_json(data: dict[str, Any]) -> Catalog:
    return Catalog(
        schema_version=data["schema_version"],
        registries=tuple(registry_from_json(r) for r in data["registries"]),
    )
