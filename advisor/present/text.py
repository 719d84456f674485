"""The recommendation JSON (docs/recommendation-json.md) as readable terminal text.

Renders only what the engine put in the JSON: every reason is a rule's `because` as
traced, with the facts that made it fire. Plain text, no colour, no third-party imports.
"""

from __future__ import annotations

import os
import textwrap
from typing import Any

SETUP_LINES = {
    "public": "PUBLIC: a registry anyone can pull from without logging in (HTTPS)",
    "private": "PRIVATE: a registry that asks for a login (HTTPS)",
    "insecure": "INSECURE: a plain-HTTP registry on your own network only",
}
LEVEL_MARK = {"danger": "!!", "warning": "! ", "info": "i "}


#: How each mode reads in a sentence.
MODE_WORDS = {"saas": "hosted by the vendor", "self-hosted": "self-hosted"}


def _width() -> int:
    try:
        cols = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        cols = 0
    return max(60, min(cols or 100, 120))


def _wrap(text: str, indent: str, width: int, first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first if first is not None else indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first or indent]


def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return "[" + ", ".join(_fmt(x) for x in v) + "]" if v else "[]"
    if v is None:
        return "-"
    return str(v)


def _num(x: float) -> str:
    return f"{x:+g}"


def _facts(reason: dict[str, Any]) -> str:
    """The answers behind a reason, e.g. `offline = yes, reach = local-network`."""
    parts = []
    for f in reason.get("facts", []):
        name = f["fact"].removeprefix("answer.")
        if f["fact"].startswith("registry."):
            continue  # the registry's own facts are listed under sources
        mark = " (default)" if f.get("assumed") else ""
        parts.append(f"{name} = {_fmt(f['actual'])}{mark}")
    return ", ".join(dict.fromkeys(parts))


def render(data: dict[str, Any]) -> str:
    w = _width()
    out: list[str] = []
    add = out.append

    # Setup type
    add(f"Setup: {SETUP_LINES.get(data['setup'], data['setup'])}")
    for r in data["setup_reasons"]:
        sign = "+" if r.get("direction", "for") == "for" else "-"
        out.extend(_wrap(r["because"], "      ", w, f"  {sign} "))
        facts = _facts(r)
        if facts:
            out.extend(_wrap(f"because {facts}  [rule {r['rule']}]", "      ", w, "    "))
        else:
            add(f"    [rule {r['rule']}]")
    add("")

    # Ranking
    weights = data.get("weights", {})
    wtxt = ", ".join(
        f"{name} {_g(v['value'])}"
        + ("" if v["value"] == v["default"] else f" (default {_g(v['default'])})")
        for name, v in weights.items()
    )
    add("Registries that can serve it, best first")
    out.extend(_wrap(f"weights: {wtxt}; change with --weight NAME=N", "    ", w, "  "))
    if not data["registries"]:
        add("  (none: every registry was excluded, see below)")
    for reg in data["registries"]:
        add("")
        name = reg.get("display_name") or reg["name"]
        add(f"  {reg['rank']}. {name} ({reg['id']})  score {_g(reg['score'])}")
        other = reg.get("other_mode")
        if other:
            also = MODE_WORDS.get(other["mode"], other["mode"])
            add(f"     also possible: {also}, score {_g(other['score'])}")
        confirmed = [r for r in reg["reasons"] if r.get("confirmed", True)]
        unconfirmed = [r for r in reg["reasons"] if not r.get("confirmed", True)]
        for r in confirmed:
            sign = "+" if r["direction"] == "for" else "-"
            head = f"     {sign} {r['criterion']} {_num(r['weighted'])}: "
            out.extend(_wrap(r["because"], " " * 9, w, head))
        if unconfirmed:
            n = len(reg.get("unconfirmed") or ())
            add(f"     {n} fact{'s' if n != 1 else ''} unconfirmed for this registry:")
            for r in unconfirmed:
                head = f"     ? {r['criterion']} {_num(r['weighted'])}: "
                out.extend(_wrap(r["because"], " " * 9, w, head))
                for note in r.get("notes", ()):
                    out.extend(_wrap(note["note"], " " * 9, w, " " * 9 + "catalog note: "))
        if not reg["reasons"]:
            add("     (no rule raised or lowered it)")
    add("")

    # Excluded
    if data["excluded"]:
        add("Left out")
        for reg in data["excluded"]:
            why = "; ".join(
                dict.fromkeys(
                    (
                        f"{MODE_WORDS[r['mode']]}: "
                        if r.get("mode") in MODE_WORDS and len(reg.get("modes", ())) > 1
                        else ""
                    )
                    + r["because"].rstrip(".")
                    for r in reg["reasons"]
                )
            )
            out.extend(_wrap(f"{why}.", "      ", w, f"  - {reg['name']} ({reg['id']}): "))
        add("")

    # Warnings
    if data["warnings"]:
        add("Warnings and gotchas")
        names = {r["id"]: r.get("display_name") or r["name"] for r in data["registries"]}
        for wn in data["warnings"]:
            who = f"[{names.get(wn['registry'], wn['registry'])}] " if wn.get("registry") else ""
            add(f"  {LEVEL_MARK.get(wn['level'], '  ')} {who}{wn['title']}")
            out.extend(_wrap(wn["message"], "       ", w))
            for src in wn.get("sources", []):
                add(f"       {src}")
        add("")

    # Assumptions
    if data["assumptions"]:
        add("Assumed (not answered)")
        for a in data["assumptions"]:
            if a["kind"] == "default":
                text = f"{a['question']}: {a['label']} (default). {a['prompt']}"
            else:
                text = (
                    f"{a['question']}: your answer {_fmt(a['ignored_answer'])} was not "
                    f"used, because the question does not apply to your other answers; "
                    f"using {_fmt(a['value'])}."
                )
            out.extend(_wrap(text, "      ", w, "  - "))
        add("")

    # What-if
    if data.get("sensitivity") is not None:
        add("What if")
        steady = []
        for s in data["sensitivity"]:
            if not s["changes"]:
                steady.append(s["question"])
                continue
            for c in s["changes"]:
                effects = []
                if "setup" in c["changes"]:
                    effects.append(f"the setup would be {c['setup']}")
                if "top" in c["changes"]:
                    effects.append(f"the top registry would be {c['top'] or 'none'}")
                out.extend(
                    _wrap(
                        f"{s['question']} = {_fmt(c['value'])}: {' and '.join(effects)}.",
                        "      ",
                        w,
                        "  - ",
                    )
                )
        if steady:
            out.extend(
                _wrap(
                    f"No other answer to {', '.join(steady)} changes the setup or "
                    f"the top registry.",
                    "    ",
                    w,
                    "  ",
                )
            )
        add("")

    trace = data.get("trace", [])
    fired = sum(1 for t in trace if any(e["fired"] for e in t["evaluations"]))
    add(
        f"{len(trace)} rules checked, {fired} fired. Each reason above is a rule's `because`; "
        f"--format json shows every rule's condition tree with the values it saw."
    )
    return "\n".join(out) + "\n"


def _g(x: Any) -> str:
    return f"{x:g}" if isinstance(x, int | float) else str(x)
