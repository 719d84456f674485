"""Plain views of the catalog for the terminal and for JSON: list, show, audit, filters."""

from __future__ import annotations

import datetime as dt
import sys
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from advisor.catalog.data import ATTRIBUTE_NAMES
from advisor.catalog.query import fact_age
from advisor.i18n import _, ngettext
from advisor.recommendation import catalog_text as prose

if TYPE_CHECKING:
    from advisor.catalog.data import Registry

LIST_ATTRIBUTES = ("hosting", "setups", "open_source", "anonymous_pull", "native_to")


def print_json(data: Any) -> None:
    """One JSON document on stdout, indented, non-ASCII kept."""
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def format_value(value: Any) -> str:
    """A catalog value in a table: the shared wording (advisor.recommendation.words), with
    an empty list shown as "(none)" so that an empty cell never looks like a missing one."""
    from advisor.recommendation.words import format_value as words_format_value

    return words_format_value(value, empty=_("(none)"))


# ---------------------------------------------------------------- filters


# ---------------------------------------------------------------- list / show


def list_json(registries: Sequence[Registry]) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "registries": [
            {
                "id": r.id,
                "name": r.name,
                "vendor": r.vendor,
                "homepage": r.homepage,
                "summary": r.summary,
                **{a: r.attr(a).value for a in LIST_ATTRIBUTES},  # type: ignore[union-attr]
            }
            for r in registries
        ],
    }


def terminal_width() -> int | None:
    """Columns to fit: $COLUMNS when set, else the terminal's width when stdout is one, else
    None: output to a pipe or a file keeps one row per line, for grep and scripts."""
    import os
    import shutil

    if os.environ.get("COLUMNS", "").strip().isdigit() or sys.stdout.isatty():
        return max(40, shutil.get_terminal_size().columns)
    return None


def fit_table(
    rows: Sequence[Sequence[str]],
    headers: Sequence[str],
    *,
    width: int | None = None,
    wrap: Sequence[int] = (),
    gap: int = 2,
) -> str:
    """A plain-text table no wider than `width` (default: terminal_width(); None: as wide as
    the content).

    Columns start at their content's width; while the table is too wide, the widest of the
    `wrap` columns gives up a character, but never below its longest word: cells wrap at
    spaces onto more lines, and no word (id, list item, name) is ever split or cut. When
    even that is too wide, the table is as narrow as whole words allow.
    """
    width = terminal_width() if width is None else width
    ncol = len(headers)
    if width is None:
        width = 1 << 30
    words = [
        max([len(w) for r in [headers, *rows] for w in r[i].split()] or [0]) for i in range(ncol)
    ]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(ncol)]
    for i in range(ncol):
        if i not in wrap:
            words[i] = widths[i]
    while sum(widths) + gap * (ncol - 1) > width:
        shrinkable = [i for i in wrap if widths[i] > words[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1

    def lines(cells: Sequence[str]) -> list[str]:
        wrapped = [
            textwrap.wrap(c, w, break_long_words=False, break_on_hyphens=False) or [""]
            for c, w in zip(cells, widths, strict=True)
        ]
        height = max(len(w) for w in wrapped)
        return [
            (" " * gap)
            .join((w[k] if k < len(w) else "").ljust(widths[i]) for i, w in enumerate(wrapped))
            .rstrip()
            for k in range(height)
        ]

    out = lines(headers) + [(" " * gap).join("-" * w for w in widths)]
    for row in rows:
        out += lines(row)
    return "\n".join(out)


def list_text(registries: Sequence[Registry], *, total: int, width: int | None = None) -> str:
    """The `catalog list` table, fitted to `width` (default: the terminal)."""
    rows = [
        [
            r.id,
            r.name,
            format_value(r.attributes.hosting.value),
            format_value(r.attributes.setups.value),
        ]
        for r in registries
    ]
    if not rows:
        return ngettext(
            "{shown} of {total} registry match the filters.",
            "{shown} of {total} registries match the filters.",
            total,
        ).format(shown=len(registries), total=total)
    head = ngettext("{shown} of {total} registry", "{shown} of {total} registries", total).format(
        shown=len(registries), total=total
    )
    headers = [_("ID"), _("NAME"), _("HOSTING"), _("SETUPS")]
    return (
        head
        + "\n\n"
        + fit_table(rows, headers, width=width, wrap=(1, 2, 3))
        + "\n\n"
        + _("Details: {command}").format(command="registry-advisor catalog show ID")
    )


def show_text(reg: Registry, today: dt.date | None = None, width: int | None = None) -> str:
    """One registry as text: every fact with its source, age and note, then gotchas,
    history and the checked claims of the training article, fitted to `width` columns
    (default: the terminal's, at most 88; URLs may run over)."""
    from advisor.io.terminal import columns, fit

    w = width or max(40, min(columns(), 88))
    vendor, home = _("Vendor:"), _("Home:")
    pad = max(len(vendor), len(home)) + 1
    out = [
        f"{reg.name}  ({reg.id})",
        f"{vendor:<{pad}}{reg.vendor}",
        f"{home:<{pad}}{reg.homepage}",
    ]
    if reg.vendor_domains:
        pages = _("Vendor's own pages: {domains}").format(domains=", ".join(reg.vendor_domains))
        out += textwrap.wrap(pages, w, subsequent_indent="  ", break_on_hyphens=False)
    out.append("")
    out += textwrap.wrap(" ".join(prose.summary(reg.id, reg.summary).split()), w)
    out.append("")
    out.append(_("Facts (age in days since the source was read):"))
    for name in ATTRIBUTE_NAMES:
        fact = reg.attr(name)
        if fact is None:
            continue
        age = fact_age(fact, today)
        out += textwrap.wrap(
            f"{name}: {format_value(fact.value)}",
            w - 4,
            initial_indent="  ",
            subsequent_indent="      ",
            break_on_hyphens=False,
        )
        meta = []
        if fact.source:
            meta.append(fact.source)
        if fact.verified:
            meta.append(_checked(fact.verified, age))
        if meta:
            out.append("      " + " · ".join(meta))
        if fact.note:
            label = _("note:") + " "
            out += textwrap.wrap(
                " ".join(prose.note(reg.id, name, fact.note).split()),
                w - 4,
                initial_indent="      " + label,
                subsequent_indent=" " * (6 + len(label)),
            )
    if reg.gotchas:
        out += ["", _("Gotchas:")]
        for g in reg.gotchas:
            title, detail = prose.gotcha(reg.id, g.title, g.detail)
            out += textwrap.wrap(title, w - 4, initial_indent="  - ", subsequent_indent="    ")
            out += textwrap.wrap(
                " ".join(detail.split()), w - 4, initial_indent="      ", subsequent_indent="      "
            )
            out.append(f"      {g.source} ({_checked(g.verified)})")
    if reg.history:
        out += ["", _("History:")]
        for h in sorted(reg.history, key=lambda h: h.date):
            event = prose.history(reg.id, h.date.isoformat(), h.event)
            out += textwrap.wrap(
                " ".join(event.split()),
                w - 4,
                initial_indent=f"  {h.date.isoformat()}  ",
                subsequent_indent=" " * 14,
            )
            out.append(f"              {h.source}")
    if reg.seed_claims:
        out += ["", _("Claims of the training article, checked:")]
        for c in reg.seed_claims:
            claim, finding = prose.claim(reg.id, c.claim, c.finding)
            out += textwrap.wrap(
                " ".join(claim.split()),
                w - 4,
                initial_indent=f"  [{c.status}] ",
                subsequent_indent="      ",
            )
            out += textwrap.wrap(
                " ".join(finding.split()),
                w - 4,
                initial_indent="      ",
                subsequent_indent="      ",
            )
            out.append(f"      {c.source} ({_checked(c.verified)})")
    return "\n".join(fit(out, w))


def _checked(verified: dt.date, age: int | None = None) -> str:
    """'checked 2026-11-30' or 'checked 2026-11-30 (45 days ago)', in the chosen language."""
    if age is None:
        return _("checked {date}").format(date=verified.isoformat())
    return ngettext(
        "checked {date} ({days} day ago)", "checked {date} ({days} days ago)", age
    ).format(date=verified.isoformat(), days=age)


# ---------------------------------------------------------------- audit


def _wrapped(label: str, text: str) -> list[str]:
    return textwrap.wrap(
        " ".join(str(text).split()),
        88,
        initial_indent=f"  {label:<10}",
        subsequent_indent=" " * 12,
    )


def audit_text(findings: dict[str, Any], max_age: int) -> str:
    """The audit as text: a summary line, unknowns by attribute, then each registry's findings."""
    out = [
        _(
            "{facts} facts: {unknown} unknown, {stale} older than {max_age} days, "
            "{secondary} leaning on secondary sources, {foreign} sources outside the "
            "vendor's domains, {definitions} against the definitions."
        ).format(
            facts=findings["facts"],
            unknown=findings["unknown"],
            stale=findings["stale"],
            max_age=max_age,
            secondary=findings["secondary"],
            foreign=findings["non_vendor_sources"],
            definitions=findings["definitions"],
        )
    ]
    by_attribute = findings.get("unknown_by_attribute") or {}
    if by_attribute:
        out += ["", _("Unknown, by attribute:")]
        out += [f"  {name}: {', '.join(ids)}" for name, ids in by_attribute.items()]
    for reg in findings["registries"]:
        out += ["", f"{reg['id']}:"]
        if reg.get("vendor_domains_missing"):
            out += _wrapped(_("note"), _("no vendor_domains listed, so sources were not checked"))
        for problem in reg.get("definitions", []):
            out += _wrapped(_("breaks"), problem)
        for item in reg["unknown"]:
            out += _wrapped(_("unknown"), f"{item['attribute']}: {item['note']}")
        for item in reg["stale"]:
            checked = _checked(dt.date.fromisoformat(str(item["verified"])), item["age_days"])
            stale = _("stale")
            out.append(f"  {stale:<10}{item['attribute']}: {checked} {item['source']}")
        secondary = [item["attribute"] for item in reg.get("secondary", [])]
        if secondary:
            out += _wrapped(
                _("secondary"),
                _("note cites a secondary source: {attributes}").format(
                    attributes=", ".join(secondary)
                ),
            )
        for item in reg.get("non_vendor_sources", []):
            foreign = _("foreign")
            out.append(f"  {foreign:<10}{item['where']}: {item['source']}")
    if not findings["registries"]:
        out.append(_("Nothing to re-check."))
    return "\n".join(out)


# ---------------------------------------------------------------- markdown


def registry_markdown(reg: Registry, today: dt.date | None = None) -> str:
    """One registry as Markdown: summary, every fact with its age and its source URL shown
    as text, gotchas, history and the training article's claims checked.

    Every text from the catalog goes through the one Markdown escaper (code spans kept as
    code), and only http(s) sources become links (advisor.present.markdown): autolinks, so
    the URL itself is the text (many terminals cannot click a link)."""
    from advisor.present.markdown import md, md_link

    out = [
        f"# {md(reg.name)}",
        "",
        f"*{md(reg.vendor)}* · {md_link(reg.homepage)}",
        "",
        md(prose.summary(reg.id, reg.summary)),
        "",
    ]
    out += ["## " + _("Facts"), ""]
    # A list, not a table: each source URL shows in full (a table of URLs does not fit 80
    # columns). A backslash at the end of a line is a hard line break (CommonMark).
    for name in ATTRIBUTE_NAMES:
        fact = reg.attr(name)
        if fact is None:
            continue
        item = [f"- **{name}**: {md(format_value(fact.value))}"]
        if fact.note:
            item.append(md(prose.note(reg.id, name, fact.note)))
        meta = []
        if fact.verified:
            meta.append(_checked(fact.verified, fact_age(fact, today)))
        if fact.source:
            meta.append(_("source: {url}").format(url=md_link(fact.source)))
        if meta:
            item.append(" · ".join(meta))
        out.append(" \\\n  ".join(item))
    if reg.gotchas:
        out += ["", "## " + _("Gotchas"), ""]
        for g in reg.gotchas:
            source = _("source: {url}").format(url=md_link(g.source))
            title, detail = prose.gotcha(reg.id, g.title, g.detail)
            out.append(f"- **{md(title)}**: {md(detail)} \\\n  {_checked(g.verified)} · {source}")
    if reg.history:
        out += ["", "## " + _("History"), ""]
        for h in sorted(reg.history, key=lambda h: h.date):
            source = _("source: {url}").format(url=md_link(h.source))
            event = prose.history(reg.id, h.date.isoformat(), h.event)
            out.append(f"- **{h.date.isoformat()}**: {md(event)} \\\n  {source}")
    if reg.seed_claims:
        out += ["", "## " + _("The training article's claims, checked"), ""]
        for c in reg.seed_claims:
            source = _("source: {url}").format(url=md_link(c.source))
            claim, finding = prose.claim(reg.id, c.claim, c.finding)
            out.append(f"- *{md(claim)}* — **{md(c.status)}**: {md(finding)} \\\n  {source}")
    return "\n".join(out) + "\n"
