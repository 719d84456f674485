"""The lesson "The registries in the catalog", written from the catalog each time it is read.

Its words are in the current language: the frame through gettext (advisor.i18n), the
catalog's summaries, gotchas, fact notes, history and checked claims through
`advisor.recommendation.catalog_text` (data/i18n/<lang>/catalog.yaml). The catalog's
values, names, dates and sources are shown as the catalog holds them.
"""

from __future__ import annotations

from typing import Any

from advisor.i18n import N_, _
from advisor.present.markdown import md, md_link
from advisor.recommendation import catalog_text
from advisor.recommendation.words import code
from advisor.recommendation.words import format_value as words_format_value

CATALOG_SLUG = "registries-in-the-catalog"
CATALOG_TITLE = N_("The registries in the catalog")
CATALOG_SUMMARY = N_(
    "Every registry the advisor knows, side by side, with where each fact came from and "
    "when it was last checked. Written from the catalog each time you open it."
)
CATALOG_MINUTES = 12

# Columns of the overview table: (attribute, heading; an English msgid).
TABLE_COLUMNS = (
    ("hosting", N_("Hosting")),
    ("setups", N_("Setups")),
    ("open_source", N_("Open source")),
    ("anonymous_pull", N_("Anonymous pull")),
    ("native_to", N_("Built into")),
)
# Facts spelled out under each registry, in this order.
DETAIL_FACTS = (
    ("free_tier", N_("Free tier")),
    ("pull_rate_limits", N_("Pull limits")),
    ("pricing", N_("Pricing")),
    ("token_lifetime", N_("Login tokens")),
)
# What a check of the seed article's claims found (the catalog's `status`; English msgids).
CLAIM_STATUS = {"confirmed": N_("confirmed"), "outdated": N_("outdated"), "wrong": N_("wrong")}
SOURCED_FACTS = tuple(name for name, _label in TABLE_COLUMNS + DETAIL_FACTS)


def _fact(registry: Any, name: str) -> Any:
    return getattr(getattr(registry, "attributes", None), name, None)


def _date(value: Any) -> str:
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)


def _value_of(fact: Any) -> str:
    if fact is None:
        return "—"
    # "none" for an empty list reads better in prose than the tables' "(none)"
    return words_format_value(getattr(fact, "value", None))


def _checked(source: Any, verified: Any) -> str:
    parts = []
    if source:
        parts.append(md_link(source, _("source")))
    if verified:
        parts.append(_("checked {date}").format(date=_date(verified)))
    return ", ".join(parts)


def _fact_line(registry: Any, name: str, label: str) -> str | None:
    fact = _fact(registry, name)
    if fact is None:
        return None
    value = _value_of(fact)
    text = f"- **{_(label)}:** {md(value)}"
    note = getattr(fact, "note", None)
    if note:
        note = catalog_text.note(getattr(registry, "id", None), name, note)
        text += f" ({md(note)})"
    where = _checked(getattr(fact, "source", None), getattr(fact, "verified", None))
    if where:
        text += f" — {where}"
    return text


def _table_sources(registry: Any) -> str | None:
    """One line naming where the table's facts for this registry came from, grouped by page."""
    groups: dict[tuple[str, str], list[str]] = {}
    unknown: list[str] = []
    for name, heading in TABLE_COLUMNS:
        fact = _fact(registry, name)
        if fact is None:
            continue
        if getattr(fact, "value", None) == "unknown":
            unknown.append(_(heading).lower())
            continue
        source = getattr(fact, "source", None)
        verified = getattr(fact, "verified", None)
        key = (str(source or ""), _date(verified) if verified else "")
        groups.setdefault(key, []).append(_(heading).lower())
    parts = []
    for (source, verified), names in groups.items():
        label = ", ".join(names)
        where = _checked(source, verified)
        parts.append(f"{label} ({where})" if where else label)
    if unknown:
        parts.append(_("not confirmed: {names}").format(names=", ".join(unknown)))
    label = _("Table facts")
    return f"- **{label}:** " + "; ".join(parts) if parts else None


def _lead(reg: Any) -> list[str]:
    vendor = getattr(reg, "vendor", None)
    homepage = getattr(reg, "homepage", None)
    rid = getattr(reg, "id", None)
    lead = []
    if vendor:
        lead.append(_("From {vendor}").format(vendor=md(vendor)))
    if homepage:
        lead.append(_("home page: {link}").format(link=md_link(homepage)))
    if rid:
        lead.append(_("catalog id {id}").format(id=md(code(rid))))
    return ["; ".join(lead) + ".", ""] if lead else []


def _gotcha_lines(reg: Any) -> list[str]:
    gotchas = list(getattr(reg, "gotchas", None) or [])
    if not gotchas:
        return []
    out = ["", _("What people trip over:"), ""]
    for g in gotchas:
        title, detail = catalog_text.gotcha(
            getattr(reg, "id", None), getattr(g, "title", ""), getattr(g, "detail", "")
        )
        where = _checked(getattr(g, "source", None), getattr(g, "verified", None))
        text = f"- *{md(title)}.* {md(detail)}"
        out.append(f"{text} ({where})" if where else text)
    return out


def _history_lines(reg: Any) -> list[str]:
    history = list(getattr(reg, "history", None) or [])
    if not history:
        return []
    out = ["", _("Worth knowing from its history:"), ""]
    for h in sorted(history, key=lambda e: _date(getattr(e, "date", ""))):
        date = _date(getattr(h, "date", ""))
        event = md(catalog_text.history(getattr(reg, "id", None), date, getattr(h, "event", "")))
        source = getattr(h, "source", None)
        text = f"- {date}: {event}"
        out.append(f"{text} ({md_link(source, _('source'))})" if source else text)
    return out


def _claim_lines(reg: Any) -> list[str]:
    claims = list(getattr(reg, "seed_claims", None) or [])
    if not claims:
        return []
    out = ["", _("What our original training article said, checked:"), ""]
    for c in claims:
        claim, finding = catalog_text.claim(
            getattr(reg, "id", None), getattr(c, "claim", ""), getattr(c, "finding", "")
        )
        status = str(getattr(c, "status", "?"))
        status = _(CLAIM_STATUS[status]) if status in CLAIM_STATUS else status
        where = _checked(getattr(c, "source", None), getattr(c, "verified", None))
        text = f'- "{md(claim)}" **{md(status)}:** {md(finding)}'
        out.append(f"{text} ({where})" if where else text)
    return out


def catalog_lesson_body(catalog: Any) -> str:
    """The body of the lesson "The registries in the catalog" (Markdown, no title), from a
    loaded catalog, in the current language.

    `catalog.registries` is a list of objects with `id name vendor homepage summary`,
    `attributes.<name>` facts (`value source verified note`) and optional `gotchas`
    (`title detail source verified`), `history` (`date event source`) and `seed_claims`.
    """
    registries = list(getattr(catalog, "registries", []) or [])
    out: list[str] = [
        _(
            "This lesson is written from the advisor's catalog each time you open it, so it "
            "says exactly what the recommendations are based on. Every fact in the catalog "
            "carries a link to the page it came from and the day someone last read that page. "
            "Prices and limits change often: if a date below is old, check the link before "
            "you rely on it."
        ),
        "",
    ]
    if not registries:
        out.append(_("The catalog is empty, so there is nothing to compare yet."))
    out += [
        "## " + _("At a glance"),
        "",
        _(
            "*Hosting* says whether you rent it (`saas`) or run it yourself (`self-hosted`). "
            "*Setups* are the kinds of registry from lesson 2 it can serve. *Anonymous pull* "
            "means public images can be pulled without logging in. *Built into* names "
            "platforms where it comes ready to use."
        ),
        "",
    ]
    header = ["Registry", *(_(heading) for _name, heading in TABLE_COLUMNS)]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for reg in registries:
        row = [md(str(getattr(reg, "name", getattr(reg, "id", "?"))))]
        row += [md(_value_of(_fact(reg, name))) for name, _label in TABLE_COLUMNS]
        out.append("| " + " | ".join(row) + " |")
    out += ["", "## " + _("Registry by registry")]
    for reg in registries:
        out.append("")
        name = str(getattr(reg, "name", "")) or str(getattr(reg, "id", "?"))
        out += [f"### {md(name)}", ""]
        out += _lead(reg)
        summary = getattr(reg, "summary", None)
        if summary:
            out += [md(catalog_text.summary(getattr(reg, "id", None), summary)), ""]
        lines = [_fact_line(reg, fact, label) for fact, label in DETAIL_FACTS]
        lines.append(_table_sources(reg))
        out.extend(line for line in lines if line)
        out += _gotcha_lines(reg) + _history_lines(reg) + _claim_lines(reg)
    out += ["", "## " + _("Try it"), ""]
    out.append(
        _(
            "1. Pick two registries from the table that could serve the setup you need "
            "(public, private or insecure) and open their source links. Is the fact still "
            "true today? If not, that is worth a fix to `data/registries.yaml`."
        )
    )
    out.append(
        _(
            "2. Describe your own registry (say, the company's Harbor or Nexus) in a small "
            "file in the same format and run `registry-advisor learn {slug} --catalog "
            "my-registries.yaml`: it appears here, next to the rest."
        ).format(slug=CATALOG_SLUG)
    )
    out.append(
        _(
            "3. Run `registry-advisor recommend` and compare its ranking with what you would "
            "have picked from this table alone."
        )
    )
    return "\n".join(out)
