"""The decision record: MADR (https://adr.github.io/madr/) filled from the recommendation.

Decision drivers are the answers, the considered options the top of the ranking, the
outcome the top registry, and every "Good, because" / "Bad, because" a reason or warning
from the recommendation JSON, in its own words.
"""

from __future__ import annotations

from typing import Any

from advisor.present.markdown import code, link, md
from advisor.present.report import (
    LEVEL_TITLES,
    RERUN,
    Report,
    clause,
    fmt_num,
    fmt_points,
    fmt_value,
)

MAX_OPTIONS = 5


def _answers_yaml(r: Report) -> str:
    from advisor.decide.answers import to_yaml

    answers = r.rec.get("answers") or {}
    questions = r.questions
    if not questions:
        return "".join(f"{k}: {fmt_value(v)}\n" for k, v in answers.items())
    return to_yaml(answers, questions)


def _reason(x: dict[str, Any], r: Report, good: bool) -> str:
    head = "Good" if good else "Bad"
    return (
        f"* {head}, because {md(clause(x['because']))} "
        f"({md(r.criterion_label(x['criterion']))} {fmt_points(x.get('weighted'))})"
    )


def render(r: Report) -> str:
    rec = r.rec
    top = r.top
    options = r.registries[:MAX_OPTIONS]
    top_name = r.name_of(top["id"]) if top else None
    out: list[str] = []
    add = out.append
    add("---")
    add("status: proposed")
    add(f"date: {r.today.isoformat()}")
    add("deciders: []  # everyone involved in the decision")
    add("consulted: []  # subject-matter experts whose opinions were sought")
    add("informed: []  # people kept up to date on the decision")
    add("---")
    add("")
    add(f"# Choose {md(r.setup)} container registry: {md(top_name or 'none fits')}")
    add("")

    add("## Context and Problem Statement")
    add("")
    whys = "; ".join(md(clause(x["because"])) for x in rec.get("setup_reasons") or [])
    text = (
        f"We need a container registry for our images. From the answers below, the setup "
        f"is **{md(r.setup)}**: {md(r.setup_blurb)}"
    )
    text += f", because {whys}." if whys else "."
    add(text)
    weighed = f"{r.weighed} registries" if r.weighed is not None else "the registries"
    n_ex = len(rec.get("excluded") or [])
    add("")
    add(
        f"Which registry should we use? Registry Advisor {md(r.tool_version)} weighed {weighed} "
        f"from its catalog (facts verified up to {r.catalog_date or 'unknown'}); "
        f"{len(r.registries)} can serve this setup and {n_ex} cannot."
    )
    add("")

    add("## Decision Drivers")
    add("")
    for a in r.answers:
        mark = " (not answered; the default was assumed)" if a.assumed else ""
        add(f"* {md(a.prompt)} {md(a.label)}{mark}")
    weights = rec.get("weights") or {}
    changed = [
        f"{md(w.get('label') or k)} {fmt_num(w.get('value'))}"
        for k, w in weights.items()
        if w.get("value") != w.get("default")
    ]
    if changed:
        add(f"* Criteria weighted differently from the defaults: {', '.join(changed)}")
    add("")

    add("## Considered Options")
    add("")
    if not options:
        add("* None: every registry in the catalog was ruled out (see More Information).")
    for reg in options:
        add(f"* {md(reg['name'])} (score {fmt_num(reg['score'])})")
    add("")

    add("## Decision Outcome")
    add("")
    if top is None:
        add(
            "Chosen option: none, because no registry in the catalog can serve "
            f"{_article(r.setup)} {md(r.setup)} setup (see More Information)."
        )
    else:
        pros = [x for x in top.get("reasons") or [] if x.get("direction") == "for"]
        runner = r.registries[1] if len(r.registries) > 1 else None
        if runner is None:
            why = (
                f"it is the only registry in the catalog that can serve "
                f"{_article(r.setup)} {md(r.setup)} setup"
            )
        else:
            why = (
                f"it comes out best of the registries that can serve {_article(r.setup)} "
                f"{md(r.setup)} setup (score {fmt_num(top['score'])}; next: "
                f"{md(runner['name'])}, {fmt_num(runner['score'])})"
            )
        if pros:
            why += ": " + "; ".join(md(clause(x["because"])) for x in pros[:3])
        add(f'Chosen option: "{md(top_name)}", because {why}.')
        add("")
        add("### Consequences")
        add("")
        for x in top.get("reasons") or []:
            add(_reason(x, r, x.get("direction") == "for"))
        for w in r.rule_warnings:
            if w.get("registry") not in (None, top["id"]):
                continue
            head = "Neutral" if w.get("level") == "info" else "Bad"
            add(
                f"* {head}, because {md(clause(w['message']))} "
                f"({LEVEL_TITLES.get(w.get('level'), w.get('level'))}: {md(w['title'])})"
            )
        mine = _gotchas_of(r, top["id"])
        if mine:
            add(
                f"* Bad, because it has {len(mine)} known pitfall{'s' if len(mine) != 1 else ''}"
                " to plan for (listed under More Information)"
            )
    add("")

    add("## Pros and Cons of the Options")
    add("")
    for reg in options:
        add(f"### {md(reg['name'])}")
        add("")
        summary = r.summary_of(reg["id"])
        home = r.homepage_of(reg["id"])
        if summary:
            add(md(summary) + (f" {link(home)}" if home else ""))
            add("")
        reasons = reg.get("reasons") or []
        for x in reasons:
            add(_reason(x, r, x.get("direction") == "for"))
        if not reasons:
            add("* Neutral, because no rule raised or lowered it")
        add("")
    if not options:
        add("No options: see More Information.")
        add("")

    add("## More Information")
    add("")
    add(
        f"Generated on {r.today.isoformat()} by Registry Advisor {md(r.tool_version)}; the "
        f"catalog's facts were verified up to {r.catalog_date or 'unknown'}. Every reason above "
        "is a rule's explanation from the recommendation's trace. To regenerate this record, "
        f"save the answers below as FILE and run `{RERUN.format(fmt='adr')}`:"
    )
    add("")
    add("```yaml")
    out.extend(_answers_yaml(r).rstrip("\n").splitlines())
    add("```")
    add("")
    if r.guide is not None:
        add(
            f"To set it up, `{r.guide.command}` writes the configuration files, client "
            "settings and a README with numbered steps."
        )
        add("")

    if r.what_ifs:
        add("### Revisit this decision if")
        add("")
        for w in r.what_ifs:
            effect = []
            if w.setup_changes:
                effect.append(f"the setup would be {md(w.setup)}")
            if w.top_changes:
                effect.append(
                    f"the top registry would be {md(w.top_name)}"
                    if w.top_name
                    else "no registry would remain"
                )
            add(f"* the answer to “{md(w.prompt)}” becomes “{md(w.label)}”: {' and '.join(effect)}")
        add("")

    if rec.get("excluded"):
        add("### Ruled out")
        add("")
        for reg in rec["excluded"]:
            whys = list(dict.fromkeys(md(x["because"]) for x in reg.get("reasons") or []))
            add(f"* {md(reg['name'])}: {' '.join(whys)}")
        add("")

    if top is not None and _gotchas_of(r, top["id"]):
        add(f"### Known pitfalls of {md(top_name)}")
        add("")
        for g in _gotchas_of(r, top["id"]):
            srcs = ", ".join(link(u) for u in g.get("sources") or []) or "—"
            verified = f", verified {g['verified']}" if g.get("verified") else ""
            add(f"* **{md(g['title'])}**: {md(g['message'])} ({srcs}{verified})")
        add("")

    considered = {reg["id"] for reg in options}
    cited = [c for c in r.citations if c.registry in considered]
    add("### Sources")
    add("")
    if cited:
        add("| Option | Fact | Value | Verified | Source |")
        add("|---|---|---|---|---|")
        for c in cited:
            add(
                f"| {md(c.registry_name, table=True)} | {code(c.attribute)} | "
                f"{md(fmt_value(c.value), table=True)} | "
                f"{c.verified.isoformat() if c.verified else '—'} | "
                f"{link(c.source, table=True)} |"
            )
        add("")
    if r.references:
        add("Cited by the rules: " + ", ".join(link(ref.url) for ref in r.references))
        add("")
    return "\n".join(out).rstrip("\n") + "\n"


def _gotchas_of(r: Report, registry_id: str) -> tuple[dict[str, Any], ...]:
    for reg, items in r.gotchas:
        if reg["id"] == registry_id:
            return items
    return ()


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
