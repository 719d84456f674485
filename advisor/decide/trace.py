"""The trace's typed parts: each rule with every evaluation of it the trace keeps.

The condition trees themselves (`when`, `require`) stay plain JSON: they mirror each rule's
condition, node for node, as built by `advisor.decide.conditions.trace`.
"""

from __future__ import annotations

from typing import Any, Literal, NewType

from advisor.decide import conditions as C
from advisor.decide.record import Record

#: A traced condition tree: `all`/`any`/`not` nodes and leaves, each with its `result`.
Condition = NewType("Condition", dict)


class Evaluation(Record):
    """One evaluation of one rule (for one registry, or for the answers)."""

    __slots__ = ("registry", "fired", "applied", "mode", "when", "require", "excluded")
    registry: str | None
    fired: bool | None
    applied: bool
    mode: Literal["saas", "self-hosted"] | None
    when: Condition | None
    require: Condition | None
    excluded: bool | None
    OPTIONAL = frozenset({"mode", "when", "require", "excluded"})
    DOC = {
        "registry": "the registry it was evaluated for, or null",
        "fired": "the when condition held (null: it rests on a fact nobody could confirm)",
        "mode": "registry rules: the mode the registry was weighed in",
        "applied": "its effect took place",
        "when": "the traced when condition",
        "require": "require rules only: the traced require condition",
        "excluded": "require rules only: the registry was excluded",
    }

    def __init__(
        self, registry, fired, applied=False, when=None, require=None, excluded=False, mode=None
    ):
        self.registry = registry
        self.fired = fired
        self.applied = applied
        self.mode = mode
        self.when = when
        self.require = require
        self.excluded = excluded

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "registry": self.registry,
            "fired": self.fired,
            "applied": self.applied,
        }
        if self.mode is not None:
            out["mode"] = self.mode
        if self.when is not None:
            out["when"] = self.when
        if self.require is not None:
            out["require"] = self.require
            out["excluded"] = self.excluded
        return out


class TraceEntry(Record):
    """A rule and every evaluation of it that the trace keeps."""

    __slots__ = (
        "rule",
        "phase",
        "effect",
        "because",
        "unconfirmed",
        "sources",
        "checked",
        "evaluations",
    )
    rule: str
    phase: Literal["setup", "global", "registry", "post"]
    effect: dict[str, Any]
    because: str
    unconfirmed: str | None
    sources: list[str]
    checked: int
    evaluations: list[Evaluation]
    OPTIONAL = frozenset({"unconfirmed"})
    DOC = {
        "rule": "the rule id",
        "phase": "setup, global, registry or post",
        "effect": "the rule's then, e.g. {decide_setup: insecure}",
        "because": "the rule's explanation",
        "unconfirmed": "the rule's own sentence for an outcome resting on unconfirmed facts",
        "sources": "the rule's sources",
        "checked": "how many times it was evaluated",
        "evaluations": "the evaluations kept (those that fired, or all with --full-trace)",
    }

    def __init__(
        self, rule, phase, effect, because, sources, checked, evaluations, unconfirmed=None
    ):
        self.rule = rule
        self.phase = phase
        self.effect = effect
        self.because = because
        self.unconfirmed = unconfirmed
        self.sources = sources
        self.checked = checked
        self.evaluations = evaluations

    def to_json(self) -> dict[str, Any]:
        out = {
            "rule": self.rule,
            "phase": self.phase,
            "effect": self.effect,
            "because": self.because,
        }
        if self.unconfirmed:
            out["unconfirmed"] = self.unconfirmed
        out["sources"] = list(self.sources)
        out["checked"] = self.checked
        out["evaluations"] = [e.to_json() for e in self.evaluations]
        return out


def leaf_nodes(tree: dict[str, Any] | None) -> list[dict[str, Any]]:
    if tree is None:
        return []
    if "fact" in tree:
        return [tree]
    if "not" in tree:
        return leaf_nodes(tree["not"])
    out = []
    for child in tree.get("all", tree.get("any", [])):
        out.extend(leaf_nodes(child))
    return out


def trace_partial(node: tuple, ctx: C.Context) -> dict[str, Any]:
    """A trace without a registry: registry leaves show `actual: null, result: null`."""
    kind = node[0]
    if kind == "leaf":
        if node[1] in (C.REGISTRY, C.REGISTRY_ID, C.MODE):
            _, _scope, _key, name, op, value = node
            out: dict[str, Any] = {"fact": name, "op": op}
            if C.OPERATORS[op].value != "none":
                out["value"] = list(value) if isinstance(value, tuple) else value
            out.update(actual=None, result=None)
            return out
        return C.trace(node, ctx)
    if kind == "not":
        child = trace_partial(node[1], ctx)
        return {"not": child, "result": None if child["result"] is None else not child["result"]}
    children = [trace_partial(c, ctx) for c in node[1]]
    results = [c["result"] for c in children]
    if kind == "all":
        res = False if False in results else (True if all(r is True for r in results) else None)
    else:
        res = True if True in results else (False if all(r is False for r in results) else None)
    return {kind: children, "result": res}
