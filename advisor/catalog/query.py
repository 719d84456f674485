"""Questions asked of the catalog: filters (`ATTR=VALUE`), fact ages and the audit of stale
or unknown facts. Pure functions over the light catalog objects; no output."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from advisor import clock
from advisor.catalog.data import ATTRIBUTE_NAMES
from advisor.errors import UsageError, did_you_mean

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
    name, sep, value = text.partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not name or not value:
        raise UsageError(f"--filter expects ATTR=VALUE, got '{text}'")
    if name not in ATTRIBUTE_NAMES:
        raise UsageError(
            f"--filter: unknown attribute '{name}'{did_you_mean(name, ATTRIBUTE_NAMES)}; "
            f"attributes: {', '.join(ATTRIBUTE_NAMES)}"
        )
    return name, value


def fact_matches(fact: Fact[Any] | None, wanted: str) -> bool:
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
        raise UsageError(f"--filter: expected true or false, got '{wanted}'")
    if isinstance(value, list):
        return want in (str(v).lower() for v in value)
    return want in str(value).lower()


def apply_filters(registries: Sequence[Registry], filters: Iterable[str]) -> list[Registry]:
    parsed = [parse_filter(f) for f in filters]
    return [r for r in registries if all(fact_matches(r.attr(n), v) for n, v in parsed)]


def audit(catalog: Catalog, max_age: int, today: dt.date | None = None) -> dict[str, Any]:
    """Stale and unknown facts, per registry."""
    per: list[dict[str, Any]] = []
    n_unknown = n_stale = n_facts = 0
    for reg in catalog.registries:
        unknown: list[dict[str, Any]] = []
        stale: list[dict[str, Any]] = []
        for name in ATTRIBUTE_NAMES:
            fact = reg.attr(name)
            if fact is None:
                continue
            n_facts += 1
            if not fact.known:
                unknown.append({"attribute": name, "note": fact.note})
                continue
            age = fact_age(fact, today)
            if age is not None and age > max_age:
                stale.append(
                    {
                        "attribute": name,
                        "verified": fact.verified.isoformat() if fact.verified else None,
                        "age_days": age,
                        "source": fact.source,
                    }
                )
        n_unknown += len(unknown)
        n_stale += len(stale)
        if unknown or stale:
            per.append({"id": reg.id, "unknown": unknown, "stale": stale})
    return {
        "schema_version": 1,
        "max_age_days": max_age,
        "facts": n_facts,
        "unknown": n_unknown,
        "stale": n_stale,
        "registries": per,
    }
