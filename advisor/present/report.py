"""What every report format shows, gathered once from the recommendation JSON.

Nothing here decides anything: every reason, warning, gotcha and what-if is copied from the
recommendation (docs/recommendation-json.md). The catalog is read only for what the JSON
does not carry: the date a cited fact was verified, a registry's summary and homepage.
The questions give the prompt and label of each answer. Nothing looks at the clock: the
report date is the `today` the caller passes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from advisor.present.guide import Guide, setup_guide

SETUP_TITLES = {
    "public": "Public",
    "private": "Private",
    "insecure": "Insecure",
}
SETUP_BLURBS = {
    "public": "a registry anyone can pull from without logging in, served over HTTPS",
    "private": "a registry that asks for a login, served over HTTPS",
    "insecure": "a plain-HTTP registry, only on a network you control",
}
LEVEL_TITLES = {"danger": "Danger", "warning": "Warning", "info": "Note"}
RERUN = "registry-advisor recommend --answers FILE --format {fmt}"
SETUP_COMMAND = "registry-advisor setup --answers FILE --output DIR"

_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"'<>`\\]+", re.IGNORECASE)


def safe_url(url: Any) -> str | None:
    """The URL if it is a plain http(s) address, else None (render it as text instead)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if _SAFE_URL.fullmatch(url) else None


def one_line(text: Any) -> str:
    return " ".join(str(text).split())


def fmt_value(value: Any) -> str:
    """A fact's or answer's value as short text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(fmt_value(v) for v in value) if value else "none"
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return one_line(value)


def fmt_num(x: Any) -> str:
    return f"{x:g}" if isinstance(x, int | float) and not isinstance(x, bool) else str(x)


def fmt_points(x: Any) -> str:
    return f"{x:+g}" if isinstance(x, int | float) and not isinstance(x, bool) else str(x)


# First words of the rules' sentences that read lower-case after "because"; anything else
# (a product name such as Docker or GitHub) keeps its capital.
_LOWER_FIRST = frozenset(
    (
        "a",
        "all",
        "an",
        "any",
        "anyone",
        "certificates",
        "deleting",
        "each",
        "every",
        "heavy",
        "hosted",
        "images",
        "it",
        "its",
        "no",
        "nobody",
        "one",
        "people",
        "plain",
        "private",
        "public",
        "running",
        "some",
        "tags",
        "the",
        "there",
        "they",
        "this",
        "when",
        "whether",
        "with",
        "you",
        "your",
    )
)


def clause(sentence: str) -> str:
    """A sentence made to follow "because": the first word lowered when it is a common one."""
    text = one_line(sentence).rstrip(".")
    first, _, rest = text.partition(" ")
    if first.lower() in _LOWER_FIRST and first[:1].isupper() and first[1:].islower():
        return first.lower() + (" " + rest if rest else "")
    return text


# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class AnswerRow:
    question: str
    prompt: str
    label: str
    assumed: bool


@dataclass(frozen=True)
class Citation:
    """One catalog fact a reason read, with where it came from."""

    registry: str
    registry_name: str
    attribute: str
    value: Any
    source: str | None
    verified: dt.date | None

    def to_json(self) -> dict[str, Any]:
        return {
            "registry": self.registry,
            "attribute": self.attribute,
            "value": self.value,
            "source": self.source,
            "verified": self.verified.isoformat() if self.verified else None,
        }


@dataclass(frozen=True)
class Reference:
    """A source a rule cites (its own `sources`, not a catalog fact's)."""

    url: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class WhatIf:
    question: str
    prompt: str
    label: str
    setup: str | None
    setup_changes: bool
    top: str | None
    top_name: str | None
    top_changes: bool


@dataclass(frozen=True)
class Report:
    rec: dict[str, Any]
    today: dt.date
    tool_version: str
    catalog_date: str | None
    setup: str
    answers: tuple[AnswerRow, ...]
    top: dict[str, Any] | None
    rule_warnings: tuple[dict[str, Any], ...]
    gotchas: tuple[tuple[dict[str, Any], tuple[dict[str, Any], ...]], ...]
    what_ifs: tuple[WhatIf, ...]
    steady: tuple[str, ...]
    citations: tuple[Citation, ...]
    references: tuple[Reference, ...]
    guide: Guide | None
    names: dict[str, str]
    catalog: Any
    questions: Any

    @property
    def setup_title(self) -> str:
        return SETUP_TITLES.get(self.setup, self.setup.capitalize())

    @property
    def setup_blurb(self) -> str:
        return SETUP_BLURBS.get(self.setup, "")

    @property
    def registries(self) -> list[dict[str, Any]]:
        return self.rec.get("registries") or []

    @property
    def weighed(self) -> int | None:
        return (self.rec.get("catalog") or {}).get("registries")

    def name_of(self, registry_id: str | None) -> str:
        if registry_id is None:
            return "none"
        return self.names.get(registry_id, registry_id)

    def summary_of(self, registry_id: str) -> str | None:
        reg = self.catalog.get(registry_id) if self.catalog is not None else None
        return one_line(reg.summary) if reg is not None and reg.summary else None

    def homepage_of(self, registry_id: str) -> str | None:
        reg = self.catalog.get(registry_id) if self.catalog is not None else None
        return reg.homepage if reg is not None else None

    def criterion_label(self, criterion: str) -> str:
        w = (self.rec.get("weights") or {}).get(criterion) or {}
        return str(w.get("label") or criterion)

    def age(self, day: dt.date | None) -> int | None:
        return (self.today - day).days if day is not None else None


def fact_text(fact: dict[str, Any]) -> str:
    """A trace leaf as `name = value`, marked when the value was a default."""
    name = str(fact.get("fact", "")).removeprefix("answer.")
    text = f"{name} = {fmt_value(fact.get('actual'))}"
    if fact.get("assumed"):
        text += " (default)"
    return text


def answer_facts(reason: dict[str, Any]) -> list[str]:
    """The answer and setup leaves of a reason (catalog leaves are cited under Sources)."""
    out = [
        fact_text(f)
        for f in reason.get("facts") or []
        if not str(f.get("fact", "")).startswith("registry.")
    ]
    return list(dict.fromkeys(out))


def registry_facts(reason: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in reason.get("facts") or [] if str(f.get("fact", "")).startswith("registry.")]


def vote_text(reason: dict[str, Any]) -> str | None:
    if "setup" in reason and "weight" in reason:
        sign = "for" if reason.get("direction", "for") == "for" else "against"
        return f"vote {sign} {reason['setup']} (weight {fmt_num(reason['weight'])})"
    return None


def _answers(rec: dict[str, Any], questions: Any) -> tuple[AnswerRow, ...]:
    effective = rec.get("effective_answers") or {}
    assumed = {a["question"] for a in rec.get("assumptions") or [] if a.get("kind") == "default"}
    rows = []
    seen = set()
    for q in questions or ():
        if q.id not in effective:
            continue
        seen.add(q.id)
        rows.append(
            AnswerRow(
                q.id, one_line(q.prompt), one_line(q.label_of(effective[q.id])), q.id in assumed
            )
        )
    for qid, value in effective.items():  # answers to questions this question set lacks
        if qid not in seen:
            rows.append(AnswerRow(qid, qid, fmt_value(value), qid in assumed))
    return tuple(rows)


def _names(rec: dict[str, Any], catalog: Any) -> dict[str, str]:
    names: dict[str, str] = {}
    for reg in getattr(catalog, "registries", ()) or ():
        names[reg.id] = one_line(reg.name)
    for reg in (rec.get("registries") or []) + (rec.get("excluded") or []):
        names[reg["id"]] = one_line(reg.get("display_name") or reg.get("name") or reg["id"])
    return names


def _verified(catalog: Any, registry: str, attribute: str, source: str | None) -> dt.date | None:
    reg = catalog.get(registry) if catalog is not None else None
    fact = reg.attr(attribute) if reg is not None else None
    if fact is None or (source is not None and fact.source != source):
        return None  # not the fact the engine read: claim no date
    return fact.verified


def _citations(rec: dict[str, Any], catalog: Any, names: dict[str, str]) -> tuple[Citation, ...]:
    """Every catalog fact a reason read: ranked registries in rank order, then excluded ones."""
    out: dict[tuple[str, str], Citation] = {}
    groups = [(r["id"], r.get("reasons") or []) for r in rec.get("registries") or []]
    groups += [(r["id"], r.get("reasons") or []) for r in rec.get("excluded") or []]
    groups.append((None, rec.get("setup_reasons") or []))
    for default_id, reasons in groups:
        for reason in reasons:
            for leaf in registry_facts(reason):
                reg_id = leaf.get("registry") or reason.get("registry") or default_id
                attribute = str(leaf["fact"]).removeprefix("registry.")
                if reg_id is None or attribute == "id" or (reg_id, attribute) in out:
                    continue
                source = leaf.get("source")
                out[(reg_id, attribute)] = Citation(
                    registry=reg_id,
                    registry_name=names.get(reg_id, reg_id),
                    attribute=attribute,
                    value=leaf.get("actual"),
                    source=source,
                    verified=_verified(catalog, reg_id, attribute, source),
                )
    return tuple(out.values())


def _references(
    rec: dict[str, Any], citations: tuple[Citation, ...], gotcha_sources: set[str]
) -> tuple[Reference, ...]:
    """The rules' own sources (those that are not a cited catalog fact's or a gotcha's)."""
    fact_sources = {c.source for c in citations if c.source}
    found: dict[str, list[str]] = {}
    reasons = list(rec.get("setup_reasons") or [])
    for reg in (rec.get("registries") or []) + (rec.get("excluded") or []):
        reasons += reg.get("reasons") or []
    items = [(r.get("rule"), r.get("sources") or []) for r in reasons]
    items += [
        (w.get("rule"), w.get("sources") or [])
        for w in rec.get("warnings") or []
        if w.get("kind") != "gotcha"
    ]
    for rule, sources in items:
        for url in sources:
            if url in fact_sources or url in gotcha_sources:
                continue
            rules = found.setdefault(url, [])
            if rule and rule not in rules:
                rules.append(rule)
    return tuple(Reference(url, tuple(rules)) for url, rules in found.items())


def _what_ifs(
    rec: dict[str, Any], names: dict[str, str]
) -> tuple[tuple[WhatIf, ...], tuple[str, ...]]:
    out: list[WhatIf] = []
    steady: list[str] = []
    for s in rec.get("sensitivity") or []:
        if not s.get("changes"):
            steady.append(s["question"])
            continue
        for c in s["changes"]:
            top = c.get("top")
            out.append(
                WhatIf(
                    question=s["question"],
                    prompt=one_line(s.get("prompt") or s["question"]),
                    label=one_line(c.get("label") or fmt_value(c.get("value"))),
                    setup=c.get("setup"),
                    setup_changes="setup" in c.get("changes", []),
                    top=top,
                    top_name=names.get(top, top) if top is not None else None,
                    top_changes="top" in c.get("changes", []),
                )
            )
    return tuple(out), tuple(steady)


def what_if_effect(w: WhatIf) -> str:
    effects = []
    if w.setup_changes:
        effects.append(f"the setup would be {w.setup}")
    if w.top_changes:
        effects.append(
            f"the top registry would be {w.top_name}" if w.top_name else "no registry would remain"
        )
    return " and ".join(effects) or "nothing would change"


def build(rec: dict[str, Any], *, catalog: Any, questions: Any, today: dt.date) -> Report:
    import advisor

    names = _names(rec, catalog)
    warnings = rec.get("warnings") or []
    ranked = rec.get("registries") or []
    by_registry: dict[str, list[dict[str, Any]]] = {}
    for w in warnings:
        if w.get("kind") == "gotcha" and w.get("registry"):
            by_registry.setdefault(w["registry"], []).append(w)
    order = [r["id"] for r in ranked if r["id"] in by_registry]
    order += [rid for rid in by_registry if rid not in order]
    gotchas = tuple(
        ({"id": rid, "name": names.get(rid, rid)}, tuple(by_registry[rid])) for rid in order
    )
    gotcha_sources = {
        u for w in warnings if w.get("kind") == "gotcha" for u in w.get("sources") or []
    }
    citations = _citations(rec, catalog, names)
    what_ifs, steady = _what_ifs(rec, names)
    newest = (rec.get("catalog") or {}).get("newest_verified")
    if newest is None and catalog is not None:
        from advisor.catalog.load import catalog_date

        newest = catalog_date(catalog)
    top = ranked[0] if ranked else None
    return Report(
        rec=rec,
        today=today,
        tool_version=advisor.__version__,
        catalog_date=newest,
        setup=str(rec.get("setup", "")),
        answers=_answers(rec, questions),
        top=top,
        rule_warnings=tuple(w for w in warnings if w.get("kind") != "gotcha"),
        gotchas=gotchas,
        what_ifs=what_ifs,
        steady=steady,
        citations=citations,
        references=_references(rec, citations, gotcha_sources),
        guide=setup_guide(rec, catalog),
        names=names,
        catalog=catalog,
        questions=questions,
    )
