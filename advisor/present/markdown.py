"""The Markdown report: everything in the recommendation, for a wiki or a pull request.

Text from data is escaped so that it cannot become HTML or a link when the Markdown is
rendered: `<`, `>`, `[`, `]` and `\\` are backslash-escaped outside code spans, and only
http(s) URLs become links.
"""

from __future__ import annotations

import re
from typing import Any

from advisor.present.report import (
    LEVEL_TITLES,
    RERUN,
    Report,
    answer_facts,
    fmt_num,
    fmt_points,
    fmt_value,
    one_line,
    safe_url,
    vote_text,
    what_if_effect,
)

_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_ESCAPE = re.compile(r"([\\<>\[\]`])")


def md(text: Any, *, table: bool = False) -> str:
    """Data text made inert in Markdown; code spans are kept as code."""
    text = one_line(text)
    out = []
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        out.append(_ESCAPE.sub(r"\\\1", text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_ESCAPE.sub(r"\\\1", text[pos:]))
    result = "".join(out)
    return result.replace("|", "\\|") if table else result


def code(text: Any) -> str:
    """Inline code for identifiers from data (rule ids, question ids)."""
    text = one_line(text).replace("`", "'")
    return f"`{text}`"


def link(url: Any, label: str | None = None, *, table: bool = False) -> str:
    safe = safe_url(url)
    if safe is None:
        return md(url, table=table) if url else "—"
    target = "".join(f"%{ord(c):02X}" if c in "<>()|\"'` " else c for c in safe)
    if label is None:
        return f"<{target}>"
    return f"[{md(label, table=table)}]({target})"


def render(r: Report) -> str:
    rec = r.rec
    out: list[str] = []
    add = out.append
    top = r.top
    headline = (
        f"{r.setup_title} setup, {r.name_of(top['id'])}"
        if top
        else f"{r.setup_title} setup, no registry fits"
    )
    add(f"# Container registry recommendation: {md(headline)}")
    add("")
    meta = [
        f"Generated {r.today.isoformat()} by Registry Advisor {md(r.tool_version)}",
        f"catalog facts verified up to {r.catalog_date or 'unknown'}",
    ]
    if r.weighed is not None:
        meta.append(f"{r.weighed} registries weighed")
    add(" · ".join(meta) + ".")
    add("")
    add(f"**Setup type: {md(r.setup)}**: {md(r.setup_blurb)}.  ")
    if top:
        add(f"**Top choice: {md(r.name_of(top['id']))}** (score {fmt_num(top['score'])}).")
    else:
        add("**No registry in the catalog can serve this setup**: see *Excluded* below.")
    add("")

    # Answers
    add("## Your answers")
    add("")
    add("| Question | Answer | |")
    add("|---|---|---|")
    for a in r.answers:
        mark = "default assumed" if a.assumed else ""
        add(
            f"| {md(a.prompt, table=True)} ({code(a.question)}) | {md(a.label, table=True)} "
            f"| {mark} |"
        )
    add("")

    # Setup type
    add(f"## Setup type: {md(r.setup_title)}")
    add("")
    for reason in rec.get("setup_reasons") or []:
        _reason_item(out, reason)
    add("")

    # Ranking
    add("## Ranking")
    add("")
    weights = rec.get("weights") or {}
    if weights:
        parts = []
        for name, w in weights.items():
            text = f"{md(w.get('label') or name)} {fmt_num(w.get('value'))}"
            if w.get("value") != w.get("default"):
                text += f" (default {fmt_num(w.get('default'))})"
            parts.append(text)
        add(f"Weights: {', '.join(parts)}. Change them with `--weight NAME=N`.")
        add("")
    if r.registries:
        crits = list(weights)
        add("| Rank | Registry | Score | Hosting | " + " | ".join(md(c) for c in crits) + " |")
        add("|---:|---|---:|---|" + "---:|" * len(crits))
        for reg in r.registries:
            cells = [fmt_num((reg.get("criteria") or {}).get(c, 0)) for c in crits]
            add(
                f"| {reg['rank']} | {md(reg['name'], table=True)} | {fmt_num(reg['score'])} | "
                f"{md(fmt_value(reg.get('hosting')), table=True)} | " + " | ".join(cells) + " |"
            )
        add("")
    for reg in r.registries:
        add(f"### {reg['rank']}. {md(reg['name'])} (score {fmt_num(reg['score'])})")
        add("")
        summary = r.summary_of(reg["id"])
        if summary:
            home = r.homepage_of(reg["id"])
            add(md(summary) + (f" {link(home)}" if home else ""))
            add("")
        pros = [x for x in reg.get("reasons") or [] if x.get("direction") == "for"]
        cons = [x for x in reg.get("reasons") or [] if x.get("direction") != "for"]
        if not pros and not cons:
            add("No rule raised or lowered it.")
            add("")
        for title, items in (("For", pros), ("Against", cons)):
            if not items:
                continue
            add(f"{title}:")
            add("")
            for x in items:
                add(
                    f"- **{fmt_points(x.get('weighted'))} {md(r.criterion_label(x['criterion']))}"
                    f"**: {md(x['because'])} ({_points(x)}rule {code(x['rule'])})"
                )
            add("")

    # Excluded
    add("## Excluded")
    add("")
    if not rec.get("excluded"):
        add("None: every registry in the catalog can serve this setup.")
    for reg in rec.get("excluded") or []:
        whys = list(dict.fromkeys(md(x["because"]) for x in reg.get("reasons") or []))
        add(f"- **{md(reg['name'])}** ({code(reg['id'])}): {' '.join(whys)}")
    add("")

    # Warnings and assumptions
    add("## Warnings")
    add("")
    if not r.rule_warnings:
        add("None.")
    for w in r.rule_warnings:
        level = LEVEL_TITLES.get(w.get("level"), str(w.get("level")))
        who = f" ({md(r.name_of(w['registry']))})" if w.get("registry") else ""
        line = f"- **{level}: {md(w['title'])}**{who}. {md(w['message'])}"
        srcs = [link(u) for u in w.get("sources") or []]
        if srcs:
            line += " Sources: " + ", ".join(srcs)
        add(line)
    add("")
    add("## Assumptions")
    add("")
    if not rec.get("assumptions"):
        add("None: every question that applies was answered.")
    for a in rec.get("assumptions") or []:
        add("- " + _assumption(a))
    add("")

    # What-if
    add("## What if")
    add("")
    for w in r.what_ifs:
        add(f"- If the answer to “{md(w.prompt)}” were **{md(w.label)}**: {md(what_if_effect(w))}.")
    if r.steady:
        add(
            f"- No other answer to {', '.join(code(q) for q in r.steady)} changes the setup "
            "or the top registry."
        )
    if not r.what_ifs and not r.steady:
        add("Not computed.")
    add("")

    # Gotchas
    add("## Gotchas of the top choices")
    add("")
    if not r.gotchas:
        add("None recorded in the catalog.")
    for reg, items in r.gotchas:
        add(f"### {md(reg['name'])}")
        add("")
        for g in items:
            srcs = ", ".join(link(u) for u in g.get("sources") or [])
            verified = f" (verified {g['verified']})" if g.get("verified") else ""
            add(f"- **{md(g['title'])}**: {md(g['message'])} Source: {srcs or '—'}{verified}")
        add("")

    # Setup guide
    _guide(out, r)

    # Sources
    _sources(out, r)

    add("---")
    add("")
    add(
        f"Re-run: `{RERUN.format(fmt='markdown')}`. This report renders the recommendation "
        "JSON (`--format json`); every reason above is a rule's explanation from its trace."
    )
    return "\n".join(out) + "\n"


def _points(x: dict[str, Any]) -> str:
    if x.get("points") == x.get("weighted"):
        return ""
    return f"{fmt_num(x.get('points'))} points × weight, "


def _reason_item(out: list[str], reason: dict[str, Any]) -> None:
    vote = vote_text(reason)
    out.append(f"- {md(reason['because'])}" + (f" ({md(vote)})" if vote else ""))
    facts = answer_facts(reason)
    based = f"Based on {', '.join(code(f) for f in facts)}; " if facts else ""
    out.append(f"  - {based}rule {code(reason['rule'])}.")
    for u in reason.get("sources") or []:
        out.append(f"  - Source: {link(u)}")


def _assumption(a: dict[str, Any]) -> str:
    if a.get("kind") == "default":
        return (
            f"{code(a['question'])}: not answered, so the default "
            f"**{md(a.get('label') or fmt_value(a.get('value')))}** was used. "
            f"{md(a.get('prompt', ''))}"
        )
    return (
        f"{code(a['question'])}: your answer {md(fmt_value(a.get('ignored_answer')))} was "
        f"not used because the question does not apply to your other answers; "
        f"{md(fmt_value(a.get('value')))} was used instead."
    )


def _guide(out: list[str], r: Report) -> None:
    add = out.append
    g = r.guide
    add("## Setup guide")
    add("")
    if g is None:
        add("No guide: no registry was recommended.")
        add("")
        return
    add(f"**{md(g.title)}.** {md(g.intro)}")
    add("")
    n = 0
    for n, step in enumerate(g.steps, 1):
        add(f"{n}. {md(step.text)}")
        for label, url in step.links:
            add(f"   {link(url, label)}")
        if step.code:
            add("")
            add(f"   ```{step.lang}")
            out.extend(f"   {line}".rstrip() for line in step.code.splitlines())
            add("   ```")
            add("")
    add(
        f"{n + 1}. Generate the configuration files, client settings and a README for this "
        f"setup with `{g.command}`."
    )
    add("")
    if g.sources:
        add("Based on: " + ", ".join(link(u) for u in g.sources))
        add("")


def _sources(out: list[str], r: Report) -> None:
    add = out.append
    add("## Sources")
    add("")
    add("### Catalog facts")
    add("")
    if r.citations:
        add("| Registry | Fact | Value | Verified | Source |")
        add("|---|---|---|---|---|")
        for c in r.citations:
            verified = c.verified.isoformat() if c.verified else "—"
            age = r.age(c.verified)
            if age is not None:
                verified += f" ({age} days ago)"
            add(
                f"| {md(c.registry_name, table=True)} | {code(c.attribute)} | "
                f"{md(fmt_value(c.value), table=True)} | {verified} | "
                f"{link(c.source, table=True)} |"
            )
    else:
        add("No catalog fact was read.")
    add("")
    if r.gotchas:
        add("### Gotchas")
        add("")
        add("| Registry | Gotcha | Verified | Source |")
        add("|---|---|---|---|")
        for reg, items in r.gotchas:
            for g in items:
                srcs = ", ".join(link(u, table=True) for u in g.get("sources") or []) or "—"
                add(
                    f"| {md(reg['name'], table=True)} | {md(g['title'], table=True)} | "
                    f"{g.get('verified') or '—'} | {srcs} |"
                )
        add("")
    if r.references:
        add("### Cited by the rules")
        add("")
        for ref in r.references:
            rules = ", ".join(code(x) for x in ref.rules)
            add(f"- {link(ref.url)}" + (f" ({rules})" if rules else ""))
        add("")
