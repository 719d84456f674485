"""Plain-text rendering of a diagnosis and of error-message matches, safe for a terminal."""

from __future__ import annotations

from typing import Any

from advisor.doctor.model import Check, Report
from advisor.doctor.text import clean

MARK = {"ok": "ok", "warn": "WARN", "fail": "FAIL", "skip": "skip"}


def _lines(text: str) -> list[str]:
    return [clean(line, 1000) for line in text.splitlines()]


def _check_lines(check: Check, verbose: bool) -> list[str]:
    out = [f"{MARK[check.status]:<5} {check.id:<7} {clean(check.summary, 1000)}"]
    hidden = 0
    for item in check.detail:
        if not verbose and item.strip().startswith("looked at "):
            hidden += 1
            continue
        out.append(f"{'':14}{clean(item, 1000)}")
    if hidden:
        out.append(f"{'':14}(--verbose lists the {hidden} config paths looked at)")
    if check.status in ("warn", "fail"):
        for fix in check.fix:
            out.append(f"{'':14}fix: {clean(fix, 1000)}")
        refs = [f"registry-advisor learn {check.lesson}"] if check.lesson else []
        refs += check.sources
        if refs:
            out.append(f"{'':14}see: {clean('; '.join(refs), 2000)}")
    return out


def report_text(report: Report, *, verbose: bool = False) -> str:
    """The diagnosis as lines: one per check, then the verdict with the lines to add."""
    out = [f"doctor {clean(report.host)}"]
    for check in report.checks:
        out += _check_lines(check, verbose)
    verdict = report.verdict
    if verdict is not None:
        out.append("")
        out.append(f"verdict: {MARK[verdict.status]}: {clean(verdict.summary, 1000)}")
        for v in verdict.clients:
            out.append(f"  {MARK[v.status]:<5} {v.client:<11} {clean(v.reason, 1000)}")
            if v.lines:
                out.append(f"{'':20}add to {clean(v.file or '?')}:")
                out += [f"{'':24}{line}" for line in _lines(v.lines)]
    if report.matches is not None:
        out.append("")
        out += matches_text(report.matches).splitlines()
    return "\n".join(out) + "\n"


def matches_text(matches: list[dict[str, Any]]) -> str:
    """The likely causes of an error message, most likely first."""
    if not matches:
        return (
            "No known error signature matches this message. Run 'registry-advisor doctor "
            "HOST' to check the registry itself.\n"
        )
    out: list[str] = []
    current = None
    for n, m in enumerate(matches, 1):
        if m["signature"] != current:
            current = m["signature"]
            if out:
                out.append("")
            out.append(f"{clean(m['title'])}  [{m['signature']}]")
            out.append(f"  matched: {clean(m['matched'], 200)}")
        status = "" if m["status"] == "possible" else f" ({m['status']})"
        out.append(f"  {n}. {clean(m['cause'], 2000)}{status}")
        out.append(f"     fix: {clean(m['fix'], 2000)}")
        if m["checks"] and m["status"] == "possible":
            out.append(f"     checks that tell: {', '.join(m['checks'])}")
        out.append(f"     lesson: registry-advisor learn {m['lesson']}")
        out.append(f"     sources: {clean('; '.join(m['sources']), 2000)}")
    return "\n".join(out) + "\n"
