"""The HTML report: one self-contained page, inline CSS, no script, readable when printed.

Every string that comes from data goes through `html.escape`; only http(s) URLs become
links, anything else is shown as text. The page loads nothing: no fonts, images or styles
from elsewhere.
"""

from __future__ import annotations

import html
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

_CODE_SPAN = re.compile(r"`([^`]+)`")

CSS = """
:root {
  --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa;
  --good: #1a7f37; --bad: #cf222e; --accent: #0969da;
  --danger-bg: #ffebe9; --danger: #a40e26; --warning-bg: #fff8c5; --warning: #7d4e00;
  --info-bg: #ddf4ff; --info: #0550ae;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
}
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono",
  monospace; font-size: 0.88em; }
code { background: var(--soft); border: 1px solid #e4e8ec; border-radius: 4px;
  padding: 0 0.3em; overflow-wrap: anywhere; }
pre { background: #0d1117; color: #e6edf3; border-radius: 6px; padding: 0.8em 1em;
  overflow-x: auto; line-height: 1.45; white-space: pre-wrap; overflow-wrap: anywhere; }
pre code { background: none; border: 0; padding: 0; color: inherit; font-size: 1em; }
a { color: var(--accent); overflow-wrap: anywhere; }
.band { color: #fff; padding: 28px 0 22px; background: #24292f; }
.band.setup-insecure { background: linear-gradient(135deg, #8c1d18, #c2410c); }
.band.setup-private { background: linear-gradient(135deg, #0b3d91, #1f6feb); }
.band.setup-public { background: linear-gradient(135deg, #116329, #2da44e); }
.wrap { max-width: 1040px; margin: 0 auto; padding: 0 28px; }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: 0.08em; font-size: 12px;
  opacity: 0.85; }
.band h1 { margin: 4px 0 6px; font-size: 30px; line-height: 1.2; }
.band .blurb { margin: 0 0 14px; font-size: 17px; opacity: 0.95; }
.meta { display: flex; flex-wrap: wrap; gap: 8px 22px; margin: 0; font-size: 13px; }
.meta div { display: flex; gap: 6px; }
.meta dt { opacity: 0.8; }
.meta dd { margin: 0; font-weight: 600; }
.pill { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: 12px;
  font-weight: 600; background: rgba(255, 255, 255, 0.2); border: 1px solid
  rgba(255, 255, 255, 0.45); vertical-align: middle; }
nav.toc { border-bottom: 1px solid var(--line); background: var(--soft); font-size: 13px; }
nav.toc ul { list-style: none; margin: 0; padding: 8px 0; display: flex; flex-wrap: wrap;
  gap: 4px 16px; }
nav.toc a { color: var(--muted); text-decoration: none; }
main { padding-bottom: 24px; }
section { margin-top: 30px; }
h2 { font-size: 21px; border-bottom: 1px solid var(--line); padding-bottom: 5px;
  margin: 0 0 12px; }
h3 { font-size: 17px; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 6px 9px; text-align: left;
  vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
table.ranking th { font-size: 12.5px; line-height: 1.3; }
table.ranking td.hosting { font-size: 13px; }
table.ranking td.name { min-width: 11em; }
.scroll { overflow-x: auto; }
td.pos { color: var(--good); } td.neg { color: var(--bad); } td.zero { color: var(--muted); }
td.url { font-size: 12.5px; word-break: break-all; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
.assumed { display: inline-block; font-size: 12px; color: var(--warning);
  background: var(--warning-bg); border-radius: 4px; padding: 0 6px; white-space: nowrap; }
.summary { display: flex; flex-wrap: wrap; gap: 14px; margin-top: 22px; }
.summary .box { flex: 1 1 220px; border: 1px solid var(--line); border-radius: 8px;
  padding: 12px 16px; background: #fff; }
.summary .label { font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em;
  color: var(--muted); }
.summary .value { font-size: 20px; font-weight: 650; }
.bar { background: #eaeef2; border-radius: 3px; height: 8px; min-width: 64px; }
.bar span { display: block; height: 8px; border-radius: 3px; background: var(--accent); }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 12px;
  margin: 14px 0; break-inside: avoid; }
.card h3 { display: flex; justify-content: space-between; gap: 12px; align-items: baseline; }
.card h3 .score { font-size: 14px; color: var(--muted); font-weight: 600;
  white-space: nowrap; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 22px; }
.cols h4 { margin: 8px 0 4px; font-size: 14px; }
ul.reasons { list-style: none; padding: 0; margin: 0; }
ul.reasons li { margin: 0 0 7px; padding-left: 0; font-size: 14px; line-height: 1.45; }
.crit code, td.fact code { white-space: nowrap; overflow-wrap: normal; }
td.fact { white-space: nowrap; }
.pts { display: inline-block; min-width: 3.2em; text-align: center; font-weight: 700;
  font-size: 12px; border-radius: 4px; padding: 0 4px; margin-right: 4px; }
.pts.for { background: #dafbe1; color: var(--good); }
.pts.against { background: var(--danger-bg); color: var(--bad); }
.crit { font-size: 12px; color: var(--muted); }
.badge { display: inline-block; font-size: 11.5px; font-weight: 700; text-transform: uppercase;
  letter-spacing: 0.04em; border-radius: 4px; padding: 1px 7px; margin-right: 6px;
  vertical-align: 1px; }
.badge.danger { background: var(--danger-bg); color: var(--danger); border: 1px solid #ffcecb; }
.badge.warning { background: var(--warning-bg); color: var(--warning);
  border: 1px solid #eed888; }
.badge.info { background: var(--info-bg); color: var(--info); border: 1px solid #b6e3ff; }
ul.notes { list-style: none; padding: 0; margin: 0; }
ul.notes li { border: 1px solid var(--line); border-left-width: 4px; border-radius: 6px;
  padding: 8px 12px; margin: 0 0 8px; break-inside: avoid; }
ul.notes li.danger { border-left-color: var(--bad); }
ul.notes li.warning { border-left-color: #d4a72c; }
ul.notes li.info { border-left-color: var(--accent); }
ul.notes p { margin: 4px 0 0; }
.src { font-size: 12.5px; color: var(--muted); margin-top: 4px; }
.src a { word-break: break-all; }
ol.steps { padding-left: 1.6em; }
ol.steps li { margin: 0 0 12px; }
ol.steps li p { margin: 0 0 6px; }
.bad-url { font-family: ui-monospace, Menlo, Consolas, monospace; color: var(--bad);
  word-break: break-all; }
footer { border-top: 1px solid var(--line); margin-top: 36px; padding: 14px 0 30px;
  color: var(--muted); font-size: 13px; }
@media (max-width: 720px) { .cols { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav.toc { display: none; }
  .band { padding: 14px 0; }
  .wrap { max-width: none; padding: 0 6mm; }
  section { margin-top: 16px; }
  h2, h3 { break-after: avoid; }
  tr, li, pre, .card { break-inside: avoid; }
  pre { white-space: pre-wrap; }
  a { color: inherit; text-decoration: none; }
  .scroll { overflow: visible; }
  table.ranking { font-size: 8.5pt; }
  table.ranking th, table.ranking td { padding: 4px 5px; }
  table.ranking .barcol { display: none; }
  table.ranking td.name { min-width: 0; }
}
@page { margin: 14mm 12mm; }
"""


def esc(text: Any) -> str:
    return html.escape(one_line(text), quote=True)


def inline(text: Any) -> str:
    """Escaped text with `code` spans shown as code."""
    return _CODE_SPAN.sub(r"<code>\1</code>", esc(text))


def link(url: Any, label: Any = None) -> str:
    safe = safe_url(url)
    if safe is None:
        return f'<span class="bad-url">{esc(url)}</span>' if url else "—"
    return f'<a href="{html.escape(safe, quote=True)}">{esc(label if label else safe)}</a>'


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _num_cls(x: Any) -> str:
    if not isinstance(x, int | float):
        return "num"
    return "num pos" if x > 0 else "num neg" if x < 0 else "num zero"


def render(r: Report) -> str:
    rec = r.rec
    top = r.top
    top_name = r.name_of(top["id"]) if top else None
    title = f"Registry recommendation: {r.setup_title} setup, {top_name or 'no registry fits'}"
    o: list[str] = []
    add = o.append
    add("<!DOCTYPE html>")
    add('<html lang="en">')
    add("<head>")
    add('<meta charset="utf-8">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add('<meta name="generator" content="Registry Advisor">')
    add(f"<title>{esc(title)}</title>")
    add(f"<style>{CSS}</style>")
    add("</head>")
    add("<body>")
    setup_cls = re.sub(r"[^a-z-]", "", r.setup.lower())
    add(f'<header class="band setup-{setup_cls}"><div class="wrap">')
    add('<p class="kicker">Registry Advisor report</p>')
    add(f"<h1>{esc(r.setup_title)} setup: {esc(top_name or 'no registry fits')}</h1>")
    add(f'<p class="blurb">{esc(_cap(r.setup_blurb))}.</p>')
    add('<dl class="meta">')
    meta = [
        ("Generated", r.today.isoformat()),
        ("Tool", f"Registry Advisor {r.tool_version}"),
        ("Catalog facts verified up to", r.catalog_date or "unknown"),
    ]
    if r.weighed is not None:
        meta.append(("Registries weighed", str(r.weighed)))
    for k, v in meta:
        add(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>")
    add("</dl>")
    add("</div></header>")

    sections = [
        ("answers", "Answers"),
        ("setup", "Setup type"),
        ("ranking", "Ranking"),
        ("excluded", "Excluded"),
        ("warnings", "Warnings"),
        ("what-if", "What if"),
        ("gotchas", "Gotchas"),
        ("guide", "Setup guide"),
        ("sources", "Sources"),
    ]
    add('<nav class="toc"><div class="wrap"><ul>')
    for anchor, label in sections:
        add(f'<li><a href="#{anchor}">{label}</a></li>')
    add("</ul></div></nav>")
    add('<main class="wrap">')

    # Summary boxes
    add('<div class="summary">')
    add(
        f'<div class="box"><div class="label">Setup type</div>'
        f'<div class="value">{esc(r.setup_title)}</div>'
        f'<div class="small muted">{esc(_cap(r.setup_blurb))}</div></div>'
    )
    if top:
        runner = r.registries[1] if len(r.registries) > 1 else None
        nxt = (
            f"next: {esc(runner['name'])} ({fmt_num(runner['score'])})"
            if runner
            else "the only registry that fits"
        )
        add(
            f'<div class="box"><div class="label">Top choice</div>'
            f'<div class="value">{esc(top_name)}</div>'
            f'<div class="small muted">score {fmt_num(top["score"])}; {nxt}</div></div>'
        )
    else:
        add(
            '<div class="box"><div class="label">Top choice</div>'
            '<div class="value">None</div>'
            '<div class="small muted">every registry was excluded</div></div>'
        )
    counts = {
        lvl: sum(1 for w in rec.get("warnings") or [] if w.get("level") == lvl)
        for lvl in ("danger", "warning", "info")
    }
    badges = " ".join(
        f'<span class="badge {lvl}">{n} {LEVEL_TITLES[lvl]}</span>'
        for lvl, n in counts.items()
        if n
    )
    add(
        f'<div class="box"><div class="label">Warnings and gotchas</div>'
        f'<div class="value">{sum(counts.values())}</div>'
        f'<div class="small">{badges or "none"}</div></div>'
    )
    add("</div>")

    _answers(o, r)
    _setup(o, r)
    _ranking(o, r)
    _excluded(o, r)
    _warnings(o, r)
    _what_if(o, r)
    _gotchas(o, r)
    _guide(o, r)
    _sources(o, r)

    add("</main>")
    add('<footer><div class="wrap">')
    add(
        f"<p>Re-run: <code>{esc(RERUN.format(fmt='html'))}</code>. This page renders the "
        "recommendation JSON (<code>--format json</code>); every reason on it is a rule's "
        "explanation as traced by the engine. Generated "
        f"{esc(r.today.isoformat())} by Registry Advisor {esc(r.tool_version)}.</p>"
    )
    add("</div></footer>")
    add("</body>")
    add("</html>")
    return "\n".join(o) + "\n"


def _answers(o: list[str], r: Report) -> None:
    o.append('<section id="answers"><h2>Your answers</h2>')
    o.append("<table><thead><tr><th>Question</th><th>Answer</th></tr></thead><tbody>")
    for a in r.answers:
        mark = ' <span class="assumed">default assumed</span>' if a.assumed else ""
        o.append(
            f'<tr><td>{esc(a.prompt)} <code class="muted">{esc(a.question)}</code></td>'
            f"<td>{esc(a.label)}{mark}</td></tr>"
        )
    o.append("</tbody></table>")
    ignored = [a for a in r.rec.get("assumptions") or [] if a.get("kind") != "default"]
    for a in ignored:
        o.append(
            f'<p class="small muted">Your answer to <code>{esc(a["question"])}</code> '
            f"({esc(fmt_value(a.get('ignored_answer')))}) was not used: the question "
            f"does not apply to your other answers, so {esc(fmt_value(a.get('value')))} "
            "was used instead.</p>"
        )
    o.append("</section>")


def _facts_line(reason: dict[str, Any]) -> str:
    facts = answer_facts(reason)
    based = "based on " + ", ".join(f"<code>{esc(f)}</code>" for f in facts) + "; " if facts else ""
    return f'<div class="src">{based}rule <code>{esc(reason.get("rule"))}</code></div>'


def _setup(o: list[str], r: Report) -> None:
    o.append(f'<section id="setup"><h2>Setup type: {esc(r.setup_title)}</h2>')
    o.append(f"<p>{esc(_cap(r.setup_blurb))}. Why:</p>")
    o.append('<ul class="notes">')
    for reason in r.rec.get("setup_reasons") or []:
        vote = vote_text(reason)
        o.append(
            f'<li class="info"><strong>{inline(reason["because"])}</strong>'
            + (f' <span class="muted">({esc(vote)})</span>' if vote else "")
        )
        o.append(_facts_line(reason))
        srcs = reason.get("sources") or []
        if srcs:
            o.append('<div class="src">source: ' + ", ".join(link(u) for u in srcs) + "</div>")
        o.append("</li>")
    o.append("</ul></section>")


def _ranking(o: list[str], r: Report) -> None:
    rec = r.rec
    weights = rec.get("weights") or {}
    o.append('<section id="ranking"><h2>Ranking</h2>')
    if weights:
        parts = []
        for name, w in weights.items():
            text = f"{esc(w.get('label') or name)} {fmt_num(w.get('value'))}"
            if w.get("value") != w.get("default"):
                text += f" <strong>(default {fmt_num(w.get('default'))})</strong>"
            parts.append(text)
        o.append(
            f'<p class="small muted">Weights: {", ".join(parts)}. Change them with '
            "<code>--weight NAME=N</code>.</p>"
        )
    if not r.registries:
        o.append(
            "<p>No registry in the catalog can serve this setup; see "
            '<a href="#excluded">Excluded</a>.</p></section>'
        )
        return
    crits = list(weights)
    best = max((reg["score"] for reg in r.registries), default=0) or 1
    o.append(
        '<div class="scroll"><table class="ranking"><thead><tr>'
        '<th class="num">#</th><th>Registry</th>'
        '<th class="num">Score</th><th class="barcol"></th><th>Hosting</th>'
        + "".join(f'<th class="num">{esc(weights[c].get("label") or c)}</th>' for c in crits)
        + "</tr></thead><tbody>"
    )
    for reg in r.registries:
        score = reg["score"]
        width = max(0, min(100, round(100 * score / best))) if best > 0 else 0
        cells = "".join(
            f'<td class="{_num_cls(v)}">{fmt_num(v)}</td>'
            for v in ((reg.get("criteria") or {}).get(c, 0) for c in crits)
        )
        o.append(
            f'<tr><td class="num">{esc(reg["rank"])}</td>'
            f'<td class="name"><a href="#reg-{_anchor(reg["id"])}">'
            f"{esc(r.name_of(reg['id']))}</a></td>"
            f'<td class="num"><strong>{fmt_num(score)}</strong></td>'
            f'<td class="barcol"><div class="bar"><span style="width: {width}%">'
            "</span></div></td>"
            f'<td class="hosting">{esc(fmt_value(reg.get("hosting")))}</td>{cells}</tr>'
        )
    o.append("</tbody></table></div>")
    for reg in r.registries:
        o.append(f'<article class="card" id="reg-{_anchor(reg["id"])}">')
        o.append(
            f"<h3><span>{esc(reg['rank'])}. {esc(reg['name'])}</span>"
            f'<span class="score">score {fmt_num(reg["score"])}</span></h3>'
        )
        summary = r.summary_of(reg["id"])
        if summary:
            home = r.homepage_of(reg["id"])
            o.append(
                f'<p class="small">{esc(summary)}' + (f" {link(home)}" if home else "") + "</p>"
            )
        pros = [x for x in reg.get("reasons") or [] if x.get("direction") == "for"]
        cons = [x for x in reg.get("reasons") or [] if x.get("direction") != "for"]
        o.append('<div class="cols">')
        for title, items, cls in (("For", pros, "for"), ("Against", cons, "against")):
            o.append(f"<div><h4>{title}</h4>")
            if not items:
                o.append('<p class="small muted">Nothing.</p></div>')
                continue
            o.append('<ul class="reasons">')
            for x in items:
                o.append(
                    f'<li><span class="pts {cls}">{fmt_points(x.get("weighted"))}</span>'
                    f'<span class="crit">{esc(r.criterion_label(x["criterion"]))}</span>'
                    f"<br>{inline(x['because'])} "
                    f'<span class="crit">rule <code>{esc(x["rule"])}</code></span></li>'
                )
            o.append("</ul></div>")
        o.append("</div></article>")
    o.append("</section>")


def _anchor(text: Any) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", str(text))


def _excluded(o: list[str], r: Report) -> None:
    o.append('<section id="excluded"><h2>Excluded</h2>')
    excluded = r.rec.get("excluded") or []
    if not excluded:
        o.append("<p>None: every registry in the catalog can serve this setup.</p></section>")
        return
    o.append("<table><thead><tr><th>Registry</th><th>Why it was left out</th></tr></thead><tbody>")
    for reg in excluded:
        whys = list(dict.fromkeys(one_line(x["because"]) for x in reg.get("reasons") or []))
        o.append(
            f'<tr><td>{esc(reg["name"])}</td><td><ul class="reasons">'
            + "".join(f"<li>{inline(w)}</li>" for w in whys)
            + "</ul></td></tr>"
        )
    o.append("</tbody></table></section>")


def _note(o: list[str], w: dict[str, Any], who: str = "") -> None:
    level = w.get("level") if w.get("level") in LEVEL_TITLES else "info"
    o.append(
        f'<li class="{level}"><span class="badge {level}">{LEVEL_TITLES[level]}</span>'
        f"<strong>{inline(w['title'])}</strong>{who}"
    )
    o.append(f"<p>{inline(w['message'])}</p>")
    srcs = w.get("sources") or []
    verified = f" (verified {esc(w['verified'])})" if w.get("verified") else ""
    if srcs:
        o.append(
            '<div class="src">source: ' + ", ".join(link(u) for u in srcs) + verified + "</div>"
        )
    o.append("</li>")


def _warnings(o: list[str], r: Report) -> None:
    o.append('<section id="warnings"><h2>Warnings and assumptions</h2>')
    if r.rule_warnings:
        o.append('<ul class="notes">')
        for w in r.rule_warnings:
            who = (
                f' <span class="muted">({esc(r.name_of(w["registry"]))})</span>'
                if w.get("registry")
                else ""
            )
            _note(o, w, who)
        o.append("</ul>")
    else:
        o.append("<p>No warnings about the answers or the setup.</p>")
    assumptions = [a for a in r.rec.get("assumptions") or [] if a.get("kind") == "default"]
    o.append("<h3>Assumed</h3>")
    if not assumptions:
        o.append("<p>Nothing: every question that applies was answered.</p>")
    else:
        o.append("<ul>")
        for a in assumptions:
            o.append(
                f"<li>{esc(a.get('prompt') or a['question'])} "
                f"<code>{esc(a['question'])}</code>: not answered, so the default "
                f"<strong>{esc(a.get('label') or fmt_value(a.get('value')))}</strong> "
                "was used.</li>"
            )
        o.append("</ul>")
    o.append("</section>")


def _what_if(o: list[str], r: Report) -> None:
    o.append('<section id="what-if"><h2>What if</h2>')
    if r.what_ifs:
        o.append("<ul>")
        for w in r.what_ifs:
            o.append(
                f"<li>If the answer to “{esc(w.prompt)}” were "
                f"<strong>{esc(w.label)}</strong>: {esc(what_if_effect(w))}.</li>"
            )
        o.append("</ul>")
    if r.steady:
        o.append(
            '<p class="small muted">No other answer to '
            + ", ".join(f"<code>{esc(q)}</code>" for q in r.steady)
            + " changes the setup or the top registry.</p>"
        )
    if not r.what_ifs and not r.steady:
        o.append("<p>Not computed.</p>")
    o.append("</section>")


def _gotchas(o: list[str], r: Report) -> None:
    o.append('<section id="gotchas"><h2>Gotchas of the top choices</h2>')
    if not r.gotchas:
        o.append("<p>None recorded in the catalog.</p>")
    for reg, items in r.gotchas:
        o.append(f"<h3>{esc(reg['name'])}</h3>")
        o.append('<ul class="notes">')
        for g in items:
            _note(o, g)
        o.append("</ul>")
    o.append("</section>")


def _guide(o: list[str], r: Report) -> None:
    g = r.guide
    o.append('<section id="guide"><h2>Setup guide</h2>')
    if g is None:
        o.append("<p>No guide: no registry was recommended.</p></section>")
        return
    o.append(f"<h3>{inline(g.title)}</h3>")
    o.append(f"<p>{inline(g.intro)}</p>")
    o.append('<ol class="steps">')
    for step in g.steps:
        o.append(f"<li><p>{inline(step.text)}</p>")
        for label, url in step.links:
            o.append(f"<p>{link(url, label)}</p>")
        if step.code:
            lang = re.sub(r"[^a-z]", "", step.lang)
            o.append(f'<pre><code class="language-{lang}">{html.escape(step.code)}</code></pre>')
        o.append("</li>")
    o.append(
        "<li><p>Generate the configuration files, client settings and a README for this "
        f"setup with <code>{esc(g.command)}</code>.</p></li>"
    )
    o.append("</ol>")
    if g.sources:
        o.append('<div class="src">Based on: ' + ", ".join(link(u) for u in g.sources) + "</div>")
    o.append("</section>")


def _sources(o: list[str], r: Report) -> None:
    o.append('<section id="sources"><h2>Sources</h2>')
    o.append("<h3>Catalog facts</h3>")
    if r.citations:
        o.append(
            "<table><thead><tr><th>Registry</th><th>Fact</th><th>Value</th>"
            "<th>Verified</th><th>Source</th></tr></thead><tbody>"
        )
        for c in r.citations:
            verified = c.verified.isoformat() if c.verified else "—"
            age = r.age(c.verified)
            age_txt = (
                f'<br><span class="muted small">{age} days ago</span>' if age is not None else ""
            )
            o.append(
                f'<tr><td>{esc(c.registry_name)}</td><td class="fact"><code>{esc(c.attribute)}'
                f"</code></td><td>{esc(fmt_value(c.value))}</td>"
                f'<td class="num">{esc(verified)}{age_txt}</td>'
                f'<td class="url">{link(c.source)}</td></tr>'
            )
        o.append("</tbody></table>")
    else:
        o.append("<p>No catalog fact was read.</p>")
    if r.gotchas:
        o.append("<h3>Gotchas</h3>")
        o.append(
            "<table><thead><tr><th>Registry</th><th>Gotcha</th><th>Verified</th>"
            "<th>Source</th></tr></thead><tbody>"
        )
        for reg, items in r.gotchas:
            for g in items:
                srcs = "<br>".join(link(u) for u in g.get("sources") or []) or "—"
                o.append(
                    f"<tr><td>{esc(reg['name'])}</td><td>{esc(g['title'])}</td>"
                    f'<td class="num">{esc(g.get("verified") or "—")}</td>'
                    f'<td class="url">{srcs}</td></tr>'
                )
        o.append("</tbody></table>")
    if r.references:
        o.append('<h3>Cited by the rules</h3><ul class="small">')
        for ref in r.references:
            rules = ", ".join(f"<code>{esc(x)}</code>" for x in ref.rules)
            o.append(f"<li>{link(ref.url)}" + (f" ({rules})" if rules else "") + "</li>")
        o.append("</ul>")
    o.append("</section>")
