"""Questions asked of the catalog: filters (`ATTR=VALUE`), fact ages, the definitional
cross-rules, and the audit of stale, unknown, secondary or non-vendor facts. Pure functions
over the light catalog objects; no output."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from advisor import clock
from advisor.catalog.data import ATTRIBUTE_NAMES, ATTRIBUTE_VALUES, BOOLEAN_ATTRIBUTES
from advisor.errors import UsageError, did_you_mean
from advisor.i18n import _

if TYPE_CHECKING:
    from advisor.catalog.data import Catalog, Fact, Registry


_TRUE = {"true", "yes", "1", "on"}


_FALSE = {"false", "no", "0", "off"}


def today() -> dt.date:
    """The date ages are measured from: `advisor.clock.today()`."""
    return clock.today()


def fact_age(fact: Fact, on: dt.date | None = None) -> int | None:
    """Days since the fact was verified (on `on`, default today), or None if never."""
    if fact.verified is None:
        return None
    return ((on or today()) - fact.verified).days


def parse_filter(text: str) -> tuple[str, str]:
    """Split an `ATTR=VALUE` filter, refusing unknown attributes with a suggestion, and
    values an attribute cannot have (not in its closed set, or not yes/no for a yes/no
    attribute; `unknown` is always allowed). Raises UsageError."""
    name, sep, value = text.partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not name or not value:
        raise UsageError(_("--filter expects ATTR=VALUE, got '{text}'").format(text=text))
    if name not in ATTRIBUTE_NAMES:
        raise UsageError(
            _("--filter: unknown attribute '{name}'").format(name=name)
            + did_you_mean(name, ATTRIBUTE_NAMES)
            + "; "
            + _("attributes: {names}").format(names=", ".join(ATTRIBUTE_NAMES))
        )
    allowed = _allowed_values(name)
    if allowed is not None and value.lower() not in allowed:
        raise UsageError(
            _("--filter {key}: '{value}' is not a value of {key}{hint}; allowed: {allowed}").format(
                key=name,
                value=value,
                hint=did_you_mean(value.lower(), allowed),
                allowed=", ".join(allowed),
            ),
        )
    return name, value


def _allowed_values(name: str) -> tuple[str, ...] | None:
    """What a filter on attribute `name` may ask for; None for a free-text attribute."""
    if name in ATTRIBUTE_VALUES:
        return (*ATTRIBUTE_VALUES[name], "unknown")
    if name in BOOLEAN_ATTRIBUTES:
        return ("true", "false", "yes", "no", "on", "off", "1", "0", "unknown")
    return None


def fact_matches(fact: Fact[Any] | None, wanted: str) -> bool:
    """Whether a fact matches a filter value (lists contain it, text includes it)."""
    if fact is None:
        return False
    value = fact.value
    want = wanted.lower()
    if value == "unknown" or want == "unknown":
        return value == want
    if isinstance(value, bool):
        if want in _TRUE:
            return value
        if want in _FALSE:
            return not value
        raise UsageError(_("--filter: expected true or false, got '{value}'").format(value=wanted))
    if isinstance(value, list):
        return want in (str(v).lower() for v in value)
    return want in str(value).lower()


def apply_filters(registries: Sequence[Registry], filters: Iterable[str]) -> list[Registry]:
    """The registries that match every filter."""
    parsed = [parse_filter(f) for f in filters]
    return [r for r in registries if all(fact_matches(r.attr(n), v) for n, v in parsed)]


# ---------------------------------------------------------------- definitions


def _value(reg: Registry, name: str) -> Any:
    fact = reg.attr(name)
    return None if fact is None or not fact.known else fact.value


def _listed(reg: Registry, name: str, item: str) -> bool:
    value = _value(reg, name)
    return isinstance(value, list) and item in value


def definition_problems(reg: Registry) -> list[str]:
    """Where a registry's facts break the definitions in docs/catalog.md, one line each.

    Only known facts are checked; an `unknown` fact breaks nothing.
    """
    problems: list[str] = []
    if _listed(reg, "formats", "oci-artifacts"):
        if not _listed(reg, "formats", "helm"):
            problems.append(
                "formats lists 'oci-artifacts' but not 'helm' (charts are OCI artifacts)"
            )
        if _value(reg, "image_signing") is False:
            problems.append(
                "formats lists 'oci-artifacts' but image_signing is false "
                "(signatures are OCI artifacts)"
            )
    if _listed(reg, "setups", "insecure") and not _listed(reg, "hosting", "self-hosted"):
        problems.append("setups lists 'insecure' but hosting does not list 'self-hosted'")
    if _value(reg, "air_gapped") is True and not _listed(reg, "hosting", "self-hosted"):
        problems.append("air_gapped is true but hosting does not list 'self-hosted'")
    if _value(reg, "anonymous_pull") is True and not _listed(reg, "setups", "public"):
        problems.append("anonymous_pull is true but setups does not list 'public'")
    if _listed(reg, "setups", "public") and _value(reg, "anonymous_pull") is False:
        problems.append("setups lists 'public' but anonymous_pull is false")
    if _value(reg, "ops_effort") == "none" and not _listed(reg, "hosting", "saas"):
        problems.append("ops_effort is 'none' but hosting does not list 'saas'")
    if _value(reg, "ops_effort") == "none" and _listed(reg, "hosting", "self-hosted"):
        # The advice weighs a self-hosted mode by this value; the hosted mode needs no work.
        problems.append("ops_effort is 'none' but hosting lists 'self-hosted'")
    return problems


# ---------------------------------------------------------------- sources


def is_vendor_source(url: str, vendor_domains: Iterable[str]) -> bool:
    """Whether `url` is on one of the vendor's domains.

    A plain domain covers its subdomains (docker.com covers docs.docker.com); an entry with
    a path (github.com/docker) covers that host and the pages under that path only.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path
    for entry in vendor_domains:
        domain, _sep, prefix = entry.partition("/")
        if host != domain and not host.endswith("." + domain):
            continue
        if not prefix:
            return True
        if path == f"/{prefix}" or path.startswith(f"/{prefix}/"):
            return True
    return False


def cited_sources(reg: Registry) -> Iterator[tuple[str, str]]:
    """Every source a registry cites, with where: (`attributes.NAME` | `gotchas[i]` | ..., url)."""
    for name in ATTRIBUTE_NAMES:
        fact = reg.attr(name)
        if fact is not None and fact.source:
            yield f"attributes.{name}", fact.source
    for i, g in enumerate(reg.gotchas):
        yield f"gotchas[{i}]", g.source
    for i, h in enumerate(reg.history):
        yield f"history[{i}]", h.source
    for i, c in enumerate(reg.seed_claims):
        yield f"seed_claims[{i}]", c.source


_SECONDARY = re.compile(r"\bsecondary\b", re.IGNORECASE)


# ---------------------------------------------------------------- audit


def audit(catalog: Catalog, max_age: int, today: dt.date | None = None) -> dict[str, Any]:
    """What to re-check, per registry and in total.

    Unknown facts (also grouped by attribute), facts verified more than `max_age` days ago,
    facts whose note leans on a secondary source, sources outside the registry's
    `vendor_domains`, and breaks of the definitional cross-rules.
    """
    per: list[dict[str, Any]] = []
    by_attribute: dict[str, list[str]] = {}
    totals = {"unknown": 0, "stale": 0, "secondary": 0, "non_vendor_sources": 0, "definitions": 0}
    n_facts = 0
    for reg in catalog.registries:
        found: dict[str, Any] = {
            "unknown": [],
            "stale": [],
            "secondary": [],
            "non_vendor_sources": [],
            "definitions": definition_problems(reg),
        }
        for name in ATTRIBUTE_NAMES:
            fact = reg.attr(name)
            if fact is None:
                continue
            n_facts += 1
            if fact.note and _SECONDARY.search(fact.note):
                found["secondary"].append({"attribute": name, "note": fact.note})
            if not fact.known:
                found["unknown"].append({"attribute": name, "note": fact.note})
                by_attribute.setdefault(name, []).append(reg.id)
                continue
            age = fact_age(fact, today)
            if age is not None and age > max_age:
                found["stale"].append(
                    {
                        "attribute": name,
                        "verified": fact.verified.isoformat() if fact.verified else None,
                        "age_days": age,
                        "source": fact.source,
                    }
                )
        if reg.vendor_domains:
            found["non_vendor_sources"] = [
                {"where": where, "source": url}
                for where, url in cited_sources(reg)
                if not is_vendor_source(url, reg.vendor_domains)
            ]
        for key in totals:
            totals[key] += len(found[key])
        entry: dict[str, Any] = {"id": reg.id, **found}
        if not reg.vendor_domains:
            entry["vendor_domains_missing"] = True
        if any(found.values()) or not reg.vendor_domains:
            per.append(entry)
    return {
        "schema_version": 1,
        "max_age_days": max_age,
        "facts": n_facts,
        **totals,
        "unknown_by_attribute": {n: by_attribute[n] for n in ATTRIBUTE_NAMES if n in by_attribute},
        "registries": per,
    }
