"""The engine: a pure function of (catalog, questions, rules, answers[, weights]).

`recommend()` returns a Recommendation: the setup type and the rules that decided it, the
registries that can serve it ranked by score with their reasons for and against, the
excluded ones with why, warnings, assumptions (defaults used), what-if sensitivity, and a
trace that mirrors each rule's condition tree with the actual value at every leaf. Every
reason, warning and setup decision in the output is copied from a trace evaluation; no view
recomputes one. Nothing here prints, reads files or looks at the clock, and the output is
deterministic: rules run in file order, registries in id order, ties break by id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor import conditions as C
from advisor.errors import UsageError, did_you_mean
from advisor.questions import QuestionSet, resolve
from advisor.rules import GLOBAL_PHASE, POST_PHASE, REGISTRY_PHASE, SETUP_PHASE, RuleSet

SCHEMA_VERSION = 1
MAX_WEIGHT = 10.0
_EPS = 1e-9


@dataclass
class _Eval:
    """One evaluation of one rule (for one registry, or for the answers)."""

    registry: str | None
    fired: bool
    applied: bool = False
    when: dict[str, Any] | None = None
    require: dict[str, Any] | None = None
    excluded: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"registry": self.registry, "fired": self.fired,
                               "applied": self.applied}
        if self.when is not None:
            out["when"] = self.when
        if self.require is not None:
            out["require"] = self.require
            out["excluded"] = self.excluded
        return out


@dataclass
class _Candidate:
    registry: Any
    excluded_by: list[tuple[Any, _Eval]] = field(default_factory=list)
    scored_by: list[tuple[Any, _Eval, float]] = field(default_factory=list)
    score: float = 0.0
    criteria: dict[str, float] = field(default_factory=dict)


@dataclass
class Recommendation:
    """The engine's result. `to_json()` is the documented, versioned JSON (schema 1)."""

    setup: str
    setup_reasons: list[dict[str, Any]]
    registries: list[dict[str, Any]]
    excluded: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    assumptions: list[dict[str, Any]]
    sensitivity: list[dict[str, Any]]
    weights: dict[str, dict[str, Any]]
    answers: dict[str, Any]
    effective_answers: dict[str, Any]
    trace_full: list[dict[str, Any]]
    catalog_info: dict[str, Any]

    @property
    def top(self) -> str | None:
        return self.registries[0]["id"] if self.registries else None

    def trace(self, *, full: bool = False) -> list[dict[str, Any]]:
        """The trace. Unless `full`, per-registry evaluations that did not fire are left out
        (they would repeat every rule for every registry); each entry says how many
        registries were checked."""
        if full:
            return self.trace_full
        out = []
        for entry in self.trace_full:
            if entry["phase"] in (REGISTRY_PHASE, POST_PHASE):
                kept = [e for e in entry["evaluations"]
                        if e["fired"] or e["registry"] is None or e.get("excluded")]
                entry = {**entry, "evaluations": kept}
            out.append(entry)
        return out

    def to_json(self, *, full_trace: bool = False) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "setup": self.setup,
            "setup_reasons": self.setup_reasons,
            "registries": self.registries,
            "excluded": self.excluded,
            "warnings": self.warnings,
            "assumptions": self.assumptions,
            "sensitivity": self.sensitivity,
            "weights": self.weights,
            "answers": self.answers,
            "effective_answers": self.effective_answers,
            "catalog": self.catalog_info,
            "trace": self.trace(full=full_trace),
        }


def check_weights(rules: RuleSet, weights: Mapping[str, float] | None) -> dict[str, float]:
    """Default weights overlaid with the user's; unknown names and bad values are errors."""
    out = rules.default_weights
    for name, value in (weights or {}).items():
        if name not in out:
            raise UsageError(
                f"--weight: unknown criterion '{name}'{did_you_mean(name, out)}; "
                f"criteria: {', '.join(out)}"
            )
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise UsageError(f"--weight {name}: expected a number, got {value!r}")
        if not 0 <= value <= MAX_WEIGHT or value != value:
            raise UsageError(f"--weight {name}: must be between 0 and {MAX_WEIGHT:g}, got {value}")
        out[name] = float(value)
    return out


def recommend(
    catalog: Any,
    questions: QuestionSet,
    rules: RuleSet,
    answers: Mapping[str, Any],
    weights: Mapping[str, float] | None = None,
    *,
    sensitivity: bool = True,
) -> Recommendation:
    """The recommendation for validated `answers` (see advisor.answers.validate_answers)."""
    w = check_weights(rules, weights)
    registries = sorted(catalog.registries, key=lambda r: r.id)
    run = _Run(registries, questions, rules, answers, w, traced=True)
    run.execute()
    rec = run.result()
    if sensitivity:
        rec.sensitivity = _sensitivity(registries, questions, rules, answers, w, rec)
    rec.catalog_info = {"registries": len(registries), "newest_verified": _newest(registries)}
    return rec


def _newest(registries: Sequence[Any]) -> str | None:
    """The newest verified date of any fact: how fresh the catalog is at best."""
    newest = None
    for reg in registries:
        attrs = reg.attributes
        for name in type(attrs).model_fields:
            verified = getattr(getattr(attrs, name, None), "verified", None)
            if verified is not None and (newest is None or verified > newest):
                newest = verified
    return newest.isoformat() if newest is not None else None


def decide(
    catalog: Any,
    questions: QuestionSet,
    rules: RuleSet,
    answers: Mapping[str, Any],
    weights: Mapping[str, float] | None = None,
) -> tuple[str, list[str]]:
    """Just the setup type and the ranked ids, without a trace (for what-if and sweeps)."""
    w = check_weights(rules, weights)
    registries = sorted(catalog.registries, key=lambda r: r.id)
    run = _Run(registries, questions, rules, answers, w, traced=False)
    run.execute()
    return run.setup, [c.registry.id for c in run.ranked]


# ---------------------------------------------------------------------------------------


class _Run:
    def __init__(self, registries: Sequence[Any], questions: QuestionSet, rules: RuleSet,
                 answers: Mapping[str, Any], weights: dict[str, float], *, traced: bool):
        self.registries = registries
        self.questions = questions
        self.rules = rules
        self.answers = answers
        self.weights = weights
        self.traced = traced
        self.resolved = resolve(questions, answers)
        self.ctx = C.Context(self.resolved.values, self.resolved.answered)
        self.evals: dict[str, list[_Eval]] = {r.id: [] for r in rules.rules}
        self.setup = ""
        self.setup_rule: Any = None
        self.votes: dict[str, float] = {}
        self.candidates: list[_Candidate] = []
        self.ranked: list[_Candidate] = []
        self.warnings: list[dict[str, Any]] = []

    # -- phases

    def execute(self) -> None:
        self._setup_phase()
        self.ctx.setup = self.setup
        if self.traced:
            self._global_phase()
        self._registry_phase()
        self._rank()
        if self.traced:
            self._post_phase()

    def _eval(self, rule: Any, registry: Any = None) -> _Eval:
        ctx = self.ctx
        ctx.registry = registry
        rid = registry.id if registry is not None else None
        if self.traced:
            tree = C.trace(rule.when, ctx)
            return _Eval(rid, tree["result"], when=tree)
        return _Eval(rid, C.evaluate(rule.when, ctx))

    def _setup_phase(self) -> None:
        decided = None
        for rule in self.rules.phase(SETUP_PHASE):
            ev = self._eval(rule)
            self.evals[rule.id].append(ev)
            if not ev.fired:
                continue
            if rule.kind == "decide_setup" and decided is None:
                decided = rule
                ev.applied = True
            elif rule.kind == "vote_setup":
                self.votes[rule.setup] = self.votes.get(rule.setup, 0.0) + rule.weight
        # The first decision that fired wins, unless it is the fallback and votes were cast.
        if decided is not None and not (self.votes and decided.when == C.ALWAYS):
            self.setup, self.setup_rule = decided.setup, decided
        elif self.votes:
            best = max(self.votes.values())
            self.setup = next(s for s in self.rules.tie_order
                              if abs(self.votes.get(s, -1) - best) < _EPS)
            self.setup_rule = None
            if decided is not None:
                self.evals[decided.id][-1].applied = False
        else:  # unreachable with a validated rules file: the fallback always fires
            raise AssertionError("no setup rule fired")
        for rule in self.rules.phase(SETUP_PHASE):
            if rule.kind == "vote_setup":
                for ev in self.evals[rule.id]:
                    ev.applied = ev.fired and self.setup_rule is None and rule.setup == self.setup

    def _global_phase(self) -> None:
        for rule in self.rules.phase(GLOBAL_PHASE):
            ev = self._eval(rule)
            self.evals[rule.id].append(ev)
            if ev.fired:
                ev.applied = True
                self.warnings.append(self._warning(rule, None))

    def _registry_phase(self) -> None:
        ctx = self.ctx
        active = []
        for rule in self.rules.phase(REGISTRY_PHASE):
            ctx.registry = None
            guard = C.partial(rule.when, ctx)
            if guard is False:
                if self.traced:
                    self.evals[rule.id].append(
                        _Eval(None, False, when=_trace_partial(rule.when, ctx)))
                continue
            active.append(rule)
        self.candidates = [_Candidate(reg) for reg in self.registries]
        weights = self.weights
        traced = self.traced
        for cand in self.candidates:
            reg = cand.registry
            ctx.registry = reg
            for rule in active:
                fired = C.evaluate(rule.when, ctx)
                if not traced and not fired:
                    continue
                ev = _Eval(reg.id, fired, when=C.trace(rule.when, ctx) if traced else None)
                if traced:
                    self.evals[rule.id].append(ev)
                if not fired:
                    continue
                kind = rule.kind
                if kind == "exclude":
                    ev.applied = True
                    cand.excluded_by.append((rule, ev))
                elif kind == "require":
                    ok = C.evaluate(rule.require, ctx)
                    if traced:
                        ev.require = C.trace(rule.require, ctx)
                    ev.excluded = not ok
                    ev.applied = not ok
                    if not ok:
                        cand.excluded_by.append((rule, ev))
                else:  # boost / penalise
                    ev.applied = True
                    weighted = weights[rule.criterion] * rule.points
                    cand.scored_by.append((rule, ev, weighted))
                    cand.score += weighted
                    cand.criteria[rule.criterion] = (
                        cand.criteria.get(rule.criterion, 0.0) + weighted)
        ctx.registry = None

    def _rank(self) -> None:
        kept = [c for c in self.candidates if not c.excluded_by]
        kept.sort(key=lambda c: (-round(c.score, 9), c.registry.id))
        self.ranked = kept

    def _post_phase(self) -> None:
        for rule in self.rules.phase(POST_PHASE):
            ctx = self.ctx
            ctx.registry = None
            if C.partial(rule.when, ctx) is False:
                self.evals[rule.id].append(
                    _Eval(None, False, when=_trace_partial(rule.when, ctx)))
                continue
            for cand in self.ranked[: rule.top]:
                ev = self._eval(rule, cand.registry)
                self.evals[rule.id].append(ev)
                if not ev.fired:
                    continue
                ev.applied = True
                if rule.kind == "warn":
                    self.warnings.append(self._warning(rule, cand.registry))
                else:
                    for i, g in enumerate(getattr(cand.registry, "gotchas", ()) or ()):
                        self.warnings.append({
                            "id": f"{rule.id}:{cand.registry.id}:{i}",
                            "rule": rule.id,
                            "kind": "gotcha",
                            "level": "warning",
                            "registry": cand.registry.id,
                            "title": g.title,
                            "message": g.detail,
                            "sources": [g.source],
                            "verified": g.verified.isoformat(),
                        })
        self.ctx.registry = None

    # -- output

    def _warning(self, rule: Any, registry: Any) -> dict[str, Any]:
        rid = registry.id if registry is not None else None
        return {
            "id": rule.id if rid is None else f"{rule.id}:{rid}",
            "rule": rule.id,
            "kind": "rule",
            "level": rule.level,
            "registry": rid,
            "title": rule.title,
            "message": rule.because,
            "sources": list(rule.sources),
        }

    def result(self) -> Recommendation:
        setup_reasons = self._setup_reasons()
        registries = []
        for rank, cand in enumerate(self.ranked, start=1):
            reg = cand.registry
            reasons = [self._reason(rule, ev, weighted) for rule, ev, weighted in cand.scored_by]
            reasons.sort(key=lambda r: (r["direction"] != "for", -abs(r["weighted"]),
                                        self.rules.get(r["rule"]).index))
            registries.append({
                "id": reg.id,
                "name": reg.name,
                "rank": rank,
                "score": _num(cand.score),
                "criteria": {c: _num(cand.criteria.get(c, 0.0)) for c in self.weights},
                "hosting": _plain(C.registry_value(reg, "hosting")[0]),
                "setups": _plain(C.registry_value(reg, "setups")[0]),
                "reasons": reasons,
            })
        excluded = []
        for cand in sorted((c for c in self.candidates if c.excluded_by),
                           key=lambda c: c.registry.id):
            reg = cand.registry
            excluded.append({
                "id": reg.id,
                "name": reg.name,
                "reasons": [self._reason(rule, ev, None) for rule, ev in cand.excluded_by],
            })
        warnings = list(self.warnings)
        if not self.ranked:
            warnings.insert(0, {
                "id": "no-candidates",
                "rule": None,
                "kind": "engine",
                "level": "danger",
                "registry": None,
                "title": "No registry in the catalog fits every requirement",
                "message": "Every registry was excluded; see the excluded list for the rule "
                           "that removed each one, and relax a must-have or add your own "
                           "registry with --catalog.",
                "sources": [],
            })
        order = {"danger": 0, "warning": 1, "info": 2}
        warnings.sort(key=lambda w: (order[w["level"]], w["registry"] is not None))
        trace = []
        for rule in self.rules.rules:
            trace.append({
                "rule": rule.id,
                "phase": rule.phase,
                "effect": rule.effect,
                "because": rule.because,
                "sources": list(rule.sources),
                "checked": len(self.evals[rule.id]) if rule.phase in (SETUP_PHASE, GLOBAL_PHASE)
                else len([e for e in self.evals[rule.id] if e.registry is not None]),
                "evaluations": [ev.to_json() for ev in self.evals[rule.id]],
            })
        res = self.resolved
        assumptions = []
        for qid in res.assumed:
            q = self.questions.get(qid)
            assumptions.append({"question": qid, "prompt": q.prompt, "kind": "default",
                                "value": _plain(res.values[qid]),
                                "label": q.label_of(res.values[qid])})
        for qid in res.ignored:
            q = self.questions.get(qid)
            assumptions.append({"question": qid, "prompt": q.prompt, "kind": "not-asked",
                                "value": _plain(res.values[qid]),
                                "label": q.label_of(res.values[qid]),
                                "ignored_answer": _plain(self.answers[qid])})
        return Recommendation(
            setup=self.setup,
            setup_reasons=setup_reasons,
            registries=registries,
            excluded=excluded,
            warnings=warnings,
            assumptions=assumptions,
            sensitivity=[],
            weights={name: {"value": _num(v), "default": _num(self.rules.criteria[name].default),
                            "label": self.rules.criteria[name].label}
                     for name, v in self.weights.items()},
            answers={k: _plain(self.answers[k]) for k in self.questions.ids if k in self.answers},
            effective_answers={k: _plain(res.values[k]) for k in res.visible},
            trace_full=trace,
            catalog_info={},
        )

    def _setup_reasons(self) -> list[dict[str, Any]]:
        out = []
        if self.setup_rule is not None:
            ev = self.evals[self.setup_rule.id][-1]
            out.append(self._reason(self.setup_rule, ev, None, direction="for"))
        else:
            for rule in self.rules.phase(SETUP_PHASE):
                if rule.kind != "vote_setup":
                    continue
                for ev in self.evals[rule.id]:
                    if ev.fired:
                        r = self._reason(rule, ev, None,
                                         direction="for" if rule.setup == self.setup else "against")
                        r["setup"] = rule.setup
                        r["weight"] = _num(rule.weight)
                        out.append(r)
        return out

    def _reason(self, rule: Any, ev: _Eval, weighted: float | None,
                direction: str | None = None) -> dict[str, Any]:
        facts = []
        sources = list(rule.sources)
        for tree in (ev.when, ev.require):
            for leaf in _leaf_nodes(tree):
                item = {"fact": leaf["fact"], "actual": leaf["actual"], "result": leaf["result"]}
                if "source" in leaf:
                    item["source"] = leaf["source"]
                    if leaf["source"] not in sources:
                        sources.append(leaf["source"])
                if leaf.get("assumed"):
                    item["assumed"] = True
                facts.append(item)
        out: dict[str, Any] = {
            "rule": rule.id,
            "registry": ev.registry,
            "because": rule.because,
            "facts": facts,
            "sources": sources,
        }
        if weighted is not None:
            out["direction"] = "for" if weighted >= 0 else "against"
            out["criterion"] = rule.criterion
            out["points"] = _num(rule.points)
            out["weighted"] = _num(weighted)
        elif direction is not None:
            out["direction"] = direction
        return out


def _leaf_nodes(tree: dict[str, Any] | None) -> list[dict[str, Any]]:
    if tree is None:
        return []
    if "fact" in tree:
        return [tree]
    if "not" in tree:
        return _leaf_nodes(tree["not"])
    out = []
    for child in tree.get("all", tree.get("any", [])):
        out.extend(_leaf_nodes(child))
    return out


def _trace_partial(node: tuple, ctx: C.Context) -> dict[str, Any]:
    """A trace without a registry: registry leaves show `actual: null, result: null`."""
    kind = node[0]
    if kind == "leaf":
        if node[1] in (C.REGISTRY, C.REGISTRY_ID):
            _, _scope, _key, name, op, value = node
            out: dict[str, Any] = {"fact": name, "op": op}
            if C.OPERATORS[op].value != "none":
                out["value"] = list(value) if isinstance(value, tuple) else value
            out.update(actual=None, result=None)
            return out
        return C.trace(node, ctx)
    if kind == "not":
        child = _trace_partial(node[1], ctx)
        return {"not": child, "result": None if child["result"] is None else not child["result"]}
    children = [_trace_partial(c, ctx) for c in node[1]]
    results = [c["result"] for c in children]
    if kind == "all":
        res = False if False in results else (True if all(r is True for r in results) else None)
    else:
        res = True if True in results else (False if all(r is False for r in results) else None)
    return {kind: children, "result": res}


def _plain(v: Any) -> Any:
    return list(v) if isinstance(v, tuple) else v


def _num(x: float) -> float | int:
    r = round(x + 0.0, 4)
    return int(r) if r == int(r) else r


# ---------------------------------------------------------------------------------------
# What-if


def alternatives(q: Any, current: Any) -> list[Any]:
    """The other answers to try for a question."""
    if q.type == "bool":
        return [not current]
    if q.type == "choice":
        return [v for v in q.values if v != current]
    out = []
    cur = list(current)
    for v in q.values:
        nxt = [x for x in q.values if (x in cur) != (x == v)]
        out.append(nxt)
    return out


def _sensitivity(registries: Sequence[Any], questions: QuestionSet, rules: RuleSet,
                 answers: Mapping[str, Any], weights: dict[str, float],
                 base: Recommendation) -> list[dict[str, Any]]:
    out = []
    base_top = base.top
    for q in questions:
        if q.id not in answers:
            continue
        current = answers[q.id]
        changes = []
        for alt in alternatives(q, current):
            trial = dict(answers)
            trial[q.id] = alt
            run = _Run(registries, questions, rules, trial, weights, traced=False)
            run.execute()
            top = run.ranked[0].registry.id if run.ranked else None
            what = []
            if run.setup != base.setup:
                what.append("setup")
            if top != base_top:
                what.append("top")
            if what:
                changes.append({"value": _plain(alt), "label": q.label_of(alt),
                                "setup": run.setup, "top": top, "changes": what})
        out.append({"question": q.id, "prompt": q.prompt, "current": _plain(current),
                    "changes": changes})
    return out
