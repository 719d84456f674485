"""Plain-text rendering of a diagnosis and of error-message matches, safe for a terminal."""

from __future__ import annotations

from typing import Any

from advisor.doctor.model import Check, Report
from advisor.doctor.text import clean, local
from advisor.i18n import N_, _, data_translation, language

# The status marks stay as they are in every language: short, fixed-width, easy to grep.
MARK = {"ok": "ok", "warn": "WARN", "fail": "FAIL", "skip": "skip"}
STATUS = {"confirmed": N_("confirmed"), "ruled-out": N_("ruled out")}


def _lines(text: str) -> list[str]:
    return [clean(line, 1000) for line in text.splitlines()]


def _check_lines(check: Check, verbose: bool) -> list[str]:
    out = [f"{MARK[check.status]:<5} {check.id:<7} {clean(local(check.summary), 1000)}"]
    hidden = 0
    for item in check.detail:
        if not verbose and item.strip().startswith("looked at "):
            hidden += 1
            continue
        out.append(f"{'':14}{clean(local(item), 1000)}")
    if hidden:
        note = _("(--verbose lists the {count} config paths looked at)").format(count=hidden)
        out.append(f"{'':14}{note}")
    if check.status in ("warn", "fail"):
        fix_label = _("fix:")
        for fix in check.fix:
            out.append(f"{'':14}{fix_label} {clean(local(fix), 1000)}")
        refs = [f"registry-advisor learn {check.lesson}"] if check.lesson else []
        refs += check.sources
        if refs:
            see = _("see:")
            out.append(f"{'':14}{see} {clean('; '.join(refs), 2000)}")
    return out


def report_text(report: Report, *, verbose: bool = False) -> str:
    """The diagnosis as lines: one per check, then the verdict with the lines to add."""
    out = [f"doctor {clean(report.host)}"]
    for check in report.checks:
        out += _check_lines(check, verbose)
    verdict = report.verdict
    if verdict is not None:
        out.append("")
        label = _("verdict:")
        out.append(f"{label} {MARK[verdict.status]}: {clean(local(verdict.summary), 1000)}")
        for v in verdict.clients:
            out.append(f"  {MARK[v.status]:<5} {v.client:<11} {clean(local(v.reason), 1000)}")
            if v.lines:
                add = _("add to {file}:").format(file=clean(local(v.file or "?")))
                out.append(f"{'':20}{add}")
                out += [f"{'':24}{line}" for line in _lines(v.lines)]
    if report.matches is not None:
        out.append("")
        out += matches_text(report.matches).splitlines()
    return "\n".join(out) + "\n"


def matches_text(matches: list[dict[str, Any]]) -> str:
    """The likely causes of an error message, most likely first, in the chosen language
    (titles, causes and fixes from data/i18n/<lang>/errors.yaml)."""
    if not matches:
        return (
            _(
                "No known error signature matches this message. Run 'registry-advisor doctor "
                "HOST' to check the registry itself."
            )
            + "\n"
        )
    labels = {
        "matched": _("matched:"),
        "fix": _("fix:"),
        "checks": _("checks that tell:"),
        "lesson": _("lesson:"),
        "sources": _("sources:"),
    }
    out: list[str] = []
    current = None
    for n, m in enumerate(map(_localised, matches), 1):
        if m["signature"] != current:
            current = m["signature"]
            if out:
                out.append("")
            head = _fit(clean(m["title"]), "", "  ")
            tag = f"[{m['signature']}]"
            if len(head[-1]) + 2 + len(tag) <= 79:
                head[-1] += "  " + tag
            else:  # the id on its own line rather than past the edge
                head.append("  " + tag)
            out += head
            out += _fit(clean(m["matched"], 200), f"  {labels['matched']} ", "    ")
        status = "" if m["status"] == "possible" else _(STATUS.get(m["status"], m["status"]))
        status = f" ({status})" if status else ""
        out += _fit(f"{clean(m['cause'], 2000)}{status}", f"  {n}. ", "     ")
        out += _fit(clean(m["fix"], 2000), f"     {labels['fix']} ", "       ")
        if m["checks"] and m["status"] == "possible":
            out.append(f"     {labels['checks']} {', '.join(m['checks'])}")
        out.append(f"     {labels['lesson']} registry-advisor learn {m['lesson']}")
        # One source a line: a URL is never broken, and several on one line ran far
        # past 80 columns.
        for i, source in enumerate(m["sources"]):
            label = f"     {labels['sources']} " if i == 0 else " " * (6 + len(labels["sources"]))
            out.append(label + clean(source, 2000))
    return "\n".join(out) + "\n"


def _fit(text: str, first: str, indent: str) -> list[str]:
    """`text` wrapped for an 80-column terminal after `first`, continued at `indent`;
    words (paths, URLs, `code`) are never split."""
    import textwrap

    return textwrap.wrap(
        text,
        79,
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _localised(match: dict[str, Any]) -> dict[str, Any]:
    """A match with its title, cause and fix in the chosen language, from
    data/i18n/<lang>/errors.yaml (keyed by signature id, then cause id); the JSON keeps
    the English of data/errors.yaml. A missing entry keeps the English text."""
    if language() == "en":
        return match
    signature = data_translation("errors").get(match["signature"]) or {}
    cause_id = str(match.get("id", "")).partition("/")[2]
    cause = (signature.get("causes") or {}).get(cause_id) or {}
    return {
        **match,
        "title": signature.get("title") or match["title"],
        "cause": cause.get("cause") or match["cause"],
        "fix": cause.get("fix") or match["fix"],
    }
