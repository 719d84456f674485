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

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from advisor.decide import conditions as C
from advisor.decide.questions import QuestionSet, resolve
from advisor.decide.rules import GLOBAL_PHASE, POST_PHASE, REGISTRY_PHASE, SETUP_PHASE, RuleSet
from advisor.errors import UsageError, did_you_mean

SCHEMA_VERSION = 2
MAX_WEIGHT = 10.0
#: An outcome that rests on an unconfirmed fact counts at most this share of the rule.
UNKNOWN_SHARE = 1 / 3
#: An exclusion that rests on an unconfirmed fact costs this many `fit` points instead.
UNKNOWN_EXCLUDE_POINTS = 1.0
#: How each mode is named after the registry, for registries offered in both.
MODE_LABELS = {"saas": "hosted by the vendor", "self-hosted": "self-hosted"}
_EPS = 1e-9
_LEVEL_ORDER = {"danger": 0, "warning": 1, "info": 2}


@dataclass
class _Eval:
    """One evaluation of one rule (for one registry, or for the answers)."""

    registry: str | None
    fired: bool | None  # None: the outcome rests on a fact nobody could confirm
    applied: bool = False
    when: dict[str, Any] | None = None
    require: dict[str, Any] | None = None
    excluded: bool = False
    mode: str | None = None

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


@dataclass
class _Candidate:
    """One way to get a registry: the registry run in one mode (saas or self-hosted)."""

    registry: Any
    mode: str
    excluded_by: list[tuple[Any, _Eval | None]] = field(default_factory=list)
    scored_by: list[tuple[Any, _Eval | None, float]] = field(default_factory=list)
    # Outcomes that rest on unconfirmed facts: (rule, evaluation, weighted points).
    unconfirmed: list[tuple[Any, _Eval | None, float]] = field(default_factory=list)
    score: float = 0.0
    criteria: dict[str, float] = field(default_factory=dict)


def modes_of(registry: Any) -> tuple[str, ...]:
    """The modes a registry can run in, from its catalog `hosting` (both when unknown)."""
    hosting = C.registry_value(registry, "hosting")[0]
    if hosting == C.UNKNOWN or not isinstance(hosting, list | tuple):
        return C.MODES
    return tuple(m for m in C.MODES if m in hosting) or C.MODES


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
    trace: list[dict[str, Any]]
    catalog_info: dict[str, Any]

    @property
    def top(self) -> str | None:
        return self.registries[0]["id"] if self.registries else None

    def to_json(self) -> dict[str, Any]:
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
            "trace": self.trace,
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
        if value != value or not 0 <= value <= MAX_WEIGHT:
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
    full_trace: bool = False,
    strict_unknowns: bool = False,
) -> Recommendation:
    """The recommendation for validated `answers` (see advisor.decide.answers.validate_answers).

    `sensitivity=False` skips the what-if re-runs; `full_trace=True` keeps the evaluation of
    every registry rule for every registry, not only those that fired. With
    `strict_unknowns=True` an unconfirmed fact counts as the feature being absent (an
    exclusion or a penalty at full weight, no boost) instead of a third of the rule.
    """
    w = check_weights(rules, weights)
    registries = sorted(catalog.registries, key=lambda r: r.id)
    with _no_gc():
        run = _Run(
            registries,
            questions,
            rules,
            answers,
            w,
            traced=True,
            full=full_trace,
            strict=strict_unknowns,
        )
        run.execute()
        rec = run.result()
        if sensitivity:
            rec.sensitivity = _sensitivity(
                registries, questions, rules, answers, w, rec, strict=strict_unknowns
            )
    rec.catalog_info = {"registries": len(registries), "newest_verified": _newest(registries)}
    return rec


def decide(
    catalog: Any,
    questions: QuestionSet,
    rules: RuleSet,
    answers: Mapping[str, Any],
    weights: Mapping[str, float] | None = None,
    *,
    strict_unknowns: bool = False,
) -> tuple[str, list[str]]:
    """Just the setup type and the ranked `id@mode` keys, without a trace (for what-if and
    sweeps)."""
    w = check_weights(rules, weights)
    registries = sorted(catalog.registries, key=lambda r: r.id)
    with _no_gc():
        run = _Run(registries, questions, rules, answers, w, traced=False, strict=strict_unknowns)
        run.execute()
    return run.setup, [f"{c.registry.id}@{c.mode}" for c in run.ranked]


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a run builds its (acyclic) trace.

    A run allocates many small dicts; with the collector on, its repeated passes over them
    made the time grow faster than the catalog (10,000 registries took 18x as long as
    1,000). Reference counting still frees everything; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _newest(registries: Sequence[Any]) -> str | None:
    """The newest verified date of any fact: how fresh the catalog is at best."""
    newest = None
    for reg in registries:
        for _name, fact in reg.attributes.items():
            if fact.verified is not None and (newest is None or fact.verified > newest):
                newest = fact.verified
    return newest.isoformat() if newest is not None else None


# ---------------------------------------------------------------------------------------


class _Run:
    def __init__(
        self,
        registries: Sequence[Any],
        questions: QuestionSet,
        rules: RuleSet,
        answers: Mapping[str, Any],
        weights: dict[str, float],
        *,
        traced: bool,
        full: bool = False,
        strict: bool = False,
    ):
        self.registries = registries
        self.questions = questions
        self.rules = rules
        self.answers = answers
        self.weights = weights
        self.traced = traced
        self.full = full
        self.strict = strict
        self._registry_by_id = {r.id: r for r in registries}
        self.resolved = resolve(questions, answers)
        self.ctx = C.Context(self.resolved.values, self.resolved.answered)
        self.evals: dict[str, list[_Eval]] = {r.id: [] for r in rules.rules}
        self.checked: dict[str, int] = {r.id: 0 for r in rules.rules}
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
            mode = ctx.mode if registry is not None else None
            return _Eval(rid, tree["result"], when=tree, mode=mode)
        return _Eval(rid, rule.test(ctx) is True)

    def _setup_phase(self) -> None:
        decided = None
        for rule in self.rules.phase(SETUP_PHASE):
            ev = self._eval(rule)
            self.evals[rule.id].append(ev)
            self.checked[rule.id] += 1
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
            self.setup = next(
                s for s in self.rules.tie_order if abs(self.votes.get(s, -1.0) - best) < _EPS
            )
            if decided is not None:
                self.evals[decided.id][-1].applied = False
        else:  # unreachable with a checked rules file: the fallback always fires
            raise AssertionError("no setup rule fired")
        for rule in self.rules.phase(SETUP_PHASE):
            if rule.kind == "vote_setup":
                for ev in self.evals[rule.id]:
                    ev.applied = ev.fired and self.setup_rule is None and rule.setup == self.setup

    def _global_phase(self) -> None:
        for rule in self.rules.phase(GLOBAL_PHASE):
            ev = self._eval(rule)
            self.evals[rule.id].append(ev)
            self.checked[rule.id] += 1
            if ev.fired:
                ev.applied = True
                self.warnings.append(self._warning(rule, None))

    def _registry_phase(self) -> None:
        ctx = self.ctx
        ctx.registry = None
        ctx.mode = None
        active = []
        for rule in self.rules.phase(REGISTRY_PHASE):
            if C.partial(rule.when, ctx) is False:  # the answers rule it out everywhere
                if self.traced:
                    self.evals[rule.id].append(
                        _Eval(None, False, when=_trace_partial(rule.when, ctx))
                    )
                continue
            active.append(rule)
        self.candidates = [
            _Candidate(reg, mode) for reg in self.registries for mode in modes_of(reg)
        ]
        traced = self.traced
        full = self.full
        checked = self.checked
        evals = self.evals
        for cand in self.candidates:
            reg = cand.registry
            ctx.registry = reg
            ctx.mode = cand.mode
            for rule in active:
                checked[rule.id] += 1
                fired = rule.test(ctx)  # True, False, or None (rests on an unknown fact)
                # The effect's outcome: True applies it, None rests on an unknown fact.
                outcome = fired
                if fired is True and rule.kind == "require":
                    ok = rule.require_test(ctx)
                    outcome = None if ok is None else not ok
                if outcome is False and not full:
                    continue
                ev = None
                if traced:
                    ev = _Eval(reg.id, fired, when=C.trace(rule.when, ctx), mode=cand.mode)
                    if rule.kind == "require" and fired is True:
                        ev.require = C.trace(rule.require, ctx)
                        ev.excluded = outcome is True
                    evals[rule.id].append(ev)
                if outcome is False:
                    continue
                if outcome is None:
                    self._unconfirmed(cand, rule, ev)
                elif rule.kind in ("exclude", "require"):
                    if ev is not None:
                        ev.applied = True
                    cand.excluded_by.append((rule, ev))
                else:  # boost / penalise
                    if ev is not None:
                        ev.applied = True
                    self._score(cand, rule, ev, self.weights[rule.criterion] * rule.points)
                if cand.excluded_by and not traced:
                    break  # what-if and sweeps need only the ranking
        ctx.registry = None
        ctx.mode = None
        if traced and not full:
            # A require rule whose condition held for a registry is not kept: only the
            # exclusions (and unconfirmed outcomes) it caused are reasons.
            for rule in active:
                if rule.kind == "require":
                    evals[rule.id] = [e for e in evals[rule.id] if e.applied]

    def _score(self, cand: _Candidate, rule: Any, ev: _Eval | None, weighted: float) -> None:
        cand.scored_by.append((rule, ev, weighted))
        cand.score += weighted
        cand.criteria[rule.criterion] = cand.criteria.get(rule.criterion, 0.0) + weighted

    def _unconfirmed(self, cand: _Candidate, rule: Any, ev: _Eval | None) -> None:
        """An outcome that rests on a fact nobody could confirm: at most a third of the
        rule's weight (an exclusion becomes a small `fit` penalty), or, with strict
        unknowns, the feature counts as absent."""
        kind = rule.kind
        if self.strict:
            if kind in ("exclude", "require"):
                cand.excluded_by.append((rule, ev))
                weighted = None
            else:
                weighted = self.weights[rule.criterion] * rule.points if rule.points < 0 else 0.0
        elif kind in ("exclude", "require"):
            weighted = -self.weights.get("fit", 1.0) * UNKNOWN_EXCLUDE_POINTS
        else:
            weighted = self.weights[rule.criterion] * rule.points * UNKNOWN_SHARE
        if ev is not None:
            ev.applied = True
        if weighted is None:
            return
        cand.unconfirmed.append((rule, ev, weighted))
        cand.score += weighted
        criterion = rule.criterion or "fit"
        if criterion in self.weights:
            cand.criteria[criterion] = cand.criteria.get(criterion, 0.0) + weighted

    def _rank(self) -> None:
        """Rank one entry per registry: the better of its modes the answers allow (the
        other, when also allowed, is named on the entry)."""
        kept = [c for c in self.candidates if not c.excluded_by]
        kept.sort(key=lambda c: (-round(c.score, 9), c.registry.id, c.mode))
        best: dict[str, _Candidate] = {}
        self.other_modes: dict[str, _Candidate] = {}
        for cand in kept:
            rid = cand.registry.id
            if rid in best:
                self.other_modes.setdefault(rid, cand)
            else:
                best[rid] = cand
        self.ranked = list(best.values())

    def _post_phase(self) -> None:
        ctx = self.ctx
        for rule in self.rules.phase(POST_PHASE):
            ctx.registry = None
            if C.partial(rule.when, ctx) is False:
                self.evals[rule.id].append(_Eval(None, False, when=_trace_partial(rule.when, ctx)))
                continue
            for cand in self.ranked[: rule.top]:
                ctx.mode = cand.mode
                ev = self._eval(rule, cand.registry)
                self.checked[rule.id] += 1
                if self.full or ev.fired:
                    self.evals[rule.id].append(ev)
                if not ev.fired:
                    continue
                ev.applied = True
                if rule.kind == "warn":
                    self.warnings.append(self._warning(rule, cand.registry, cand.mode))
                    continue
                for i, g in enumerate(getattr(cand.registry, "gotchas", ()) or ()):
                    self.warnings.append(
                        {
                            "id": f"{rule.id}:{cand.registry.id}:{i}",
                            "rule": rule.id,
                            "kind": "gotcha",
                            "level": "warning",
                            "registry": cand.registry.id,
                            "mode": cand.mode,
                            "title": g.title,
                            "message": g.detail,
                            "sources": [g.source],
                            "verified": g.verified.isoformat(),
                        }
                    )
        ctx.registry = None
        ctx.mode = None

    # -- output

    def _warning(self, rule: Any, registry: Any, mode: str | None = None) -> dict[str, Any]:
        rid = registry.id if registry is not None else None
        out = {
            "id": rule.id if rid is None else f"{rule.id}:{rid}",
            "rule": rule.id,
            "kind": "rule",
            "level": rule.level,
            "registry": rid,
            "title": rule.title,
            "message": fill_in(rule.because, registry),
            "sources": list(rule.sources),
        }
        if registry is not None:  # the catalog facts the warning rests on cite their pages
            for leaf in C.leaves(rule.when):
                if leaf[1] == C.REGISTRY:
                    source = C.registry_value(registry, leaf[2])[1]
                    if source and source not in out["sources"]:
                        out["sources"].append(source)
        if mode is not None:
            out["mode"] = mode
        return out

    def result(self) -> Recommendation:
        registries = []
        for rank, cand in enumerate(self.ranked, start=1):
            reg = cand.registry
            reasons = [self._reason(rule, ev, weighted) for rule, ev, weighted in cand.scored_by]
            reasons += [
                self._reason(rule, ev, weighted, cand=cand)
                for rule, ev, weighted in cand.unconfirmed
            ]
            reasons.sort(
                key=lambda r: (
                    r["direction"] != "for",
                    -abs(r["weighted"]),
                    self.rules.get(r["rule"]).index,
                )
            )
            unconfirmed = sorted({f for r in reasons for f in r.get("unconfirmed_facts", ())})
            entry = {
                "id": reg.id,
                "name": reg.name,
                "mode": cand.mode,
                "display_name": display_name(reg, cand.mode),
                "rank": rank,
                "score": _num(cand.score),
                "criteria": {c: _num(cand.criteria.get(c, 0.0)) for c in self.weights},
                "hosting": _plain(C.registry_value(reg, "hosting")[0]),
                "setups": _plain(C.registry_value(reg, "setups")[0]),
                "reasons": reasons,
                "unconfirmed": unconfirmed,
            }
            other = self.other_modes.get(reg.id)
            if other is not None:
                entry["other_mode"] = {"mode": other.mode, "score": _num(other.score)}
            registries.append(entry)
        ranked_ids = {c.registry.id for c in self.ranked}
        excluded = []
        for reg in self.registries:  # already in id order
            if reg.id in ranked_ids:
                continue
            cands = [c for c in self.candidates if c.registry is reg]
            excluded.append(
                {
                    "id": reg.id,
                    "name": reg.name,
                    "modes": [c.mode for c in cands],
                    "reasons": [
                        {**self._reason(rule, ev, None), "mode": c.mode}
                        for c in cands
                        for rule, ev in c.excluded_by
                    ],
                }
            )
        warnings = list(self.warnings)
        if not self.ranked:
            warnings.insert(
                0,
                {
                    "id": "no-candidates",
                    "rule": None,
                    "kind": "engine",
                    "level": "danger",
                    "registry": None,
                    "title": "No registry in the catalog fits every requirement",
                    "message": "Every registry was excluded; see the excluded list for the rules "
                    "that removed each one, and relax a must-have or add your own "
                    "registry with --catalog.",
                    "sources": [],
                },
            )
        warnings.sort(key=lambda w: (_LEVEL_ORDER[w["level"]], w["registry"] is not None))
        trace = [
            {
                "rule": rule.id,
                "phase": rule.phase,
                "effect": rule.effect,
                "because": rule.because,
                **({"unconfirmed": rule.unconfirmed} if rule.unconfirmed else {}),
                "sources": list(rule.sources),
                "checked": self.checked[rule.id],
                "evaluations": [ev.to_json() for ev in self.evals[rule.id]],
            }
            for rule in self.rules.rules
        ]
        res = self.resolved
        assumptions = []
        for qid in res.assumed:
            q = self.questions.get(qid)
            assumptions.append(
                {
                    "question": qid,
                    "prompt": q.prompt,
                    "kind": "default",
                    "value": _plain(res.values[qid]),
                    "label": q.label_of(res.values[qid]),
                }
            )
        for qid in res.ignored:
            q = self.questions.get(qid)
            assumptions.append(
                {
                    "question": qid,
                    "prompt": q.prompt,
                    "kind": "not-asked",
                    "value": _plain(res.values[qid]),
                    "label": q.label_of(res.values[qid]),
                    "ignored_answer": _plain(self.answers[qid]),
                }
            )
        return Recommendation(
            setup=self.setup,
            setup_reasons=self._setup_reasons(),
            registries=registries,
            excluded=excluded,
            warnings=warnings,
            assumptions=assumptions,
            sensitivity=[],
            weights={
                name: {
                    "value": _num(v),
                    "default": _num(self.rules.criteria[name].default),
                    "label": self.rules.criteria[name].label,
                }
                for name, v in self.weights.items()
            },
            answers={k: _plain(self.answers[k]) for k in self.questions.ids if k in self.answers},
            effective_answers={k: _plain(res.values[k]) for k in res.visible},
            trace=trace,
            catalog_info={},
        )

    def _setup_reasons(self) -> list[dict[str, Any]]:
        if self.setup_rule is not None:
            ev = self.evals[self.setup_rule.id][-1]
            return [self._reason(self.setup_rule, ev, None, direction="for")]
        out = []
        for rule in self.rules.phase(SETUP_PHASE):
            if rule.kind != "vote_setup":
                continue
            for ev in self.evals[rule.id]:
                if ev.fired:
                    r = self._reason(
                        rule, ev, None, direction="for" if rule.setup == self.setup else "against"
                    )
                    r["setup"] = rule.setup
                    r["weight"] = _num(rule.weight)
                    out.append(r)
        return out

    def _reason(
        self,
        rule: Any,
        ev: _Eval | None,
        weighted: float | None,
        direction: str | None = None,
        *,
        cand: _Candidate | None = None,
    ) -> dict[str, Any]:
        """One reason, copied from a traced evaluation; `cand` marks an unconfirmed one."""
        facts = []
        sources = list(rule.sources)
        unknown: list[str] = []
        for tree in (ev.when, ev.require) if ev is not None else ():
            for leaf in _leaf_nodes(tree):
                item = {"fact": leaf["fact"], "actual": leaf["actual"], "result": leaf["result"]}
                if "source" in leaf:
                    item["source"] = leaf["source"]
                    if leaf["source"] not in sources:
                        sources.append(leaf["source"])
                if leaf.get("assumed"):
                    item["assumed"] = True
                if leaf["result"] is None and leaf["fact"] not in unknown:
                    unknown.append(leaf["fact"])
                facts.append(item)
                if leaf["fact"] == "mode" and ev is not None:
                    # A mode rests on the catalog's `hosting`: list that fact too.
                    reg = self._registry_by_id.get(ev.registry)
                    value, source = C.registry_value(reg, "hosting")
                    facts.append(
                        {"fact": "registry.hosting", "actual": _plain(value), "result": True}
                        | ({"source": source} if source else {})
                    )
        registry = self._registry_by_id.get(ev.registry) if ev is not None else None
        out: dict[str, Any] = {
            "rule": rule.id,
            "registry": ev.registry if ev is not None else None,
            "mode": ev.mode if ev is not None else None,
            "because": fill_in(rule.because, registry),
            "facts": facts,
            "sources": sources,
        }
        if cand is not None:
            out["confirmed"] = False
            out["unconfirmed_facts"] = unknown
            out["because"] = (
                fill_in(rule.unconfirmed, registry)
                if rule.unconfirmed
                else (unconfirmed_sentence(unknown, rule.kind))
            )
            out["notes"] = [
                {"fact": name, "note": note} for name in unknown if (note := _note(registry, name))
            ]
        if weighted is not None:
            out["direction"] = "for" if weighted >= 0 else "against"
            out["criterion"] = rule.criterion or "fit"
            out["points"] = _num(rule.points or -UNKNOWN_EXCLUDE_POINTS)
            out["weighted"] = _num(weighted)
        elif direction is not None:
            out["direction"] = direction
        return out


def display_name(registry: Any, mode: str) -> str:
    """The registry's name, followed by its mode when the catalog offers it in both."""
    if len(modes_of(registry)) > 1:
        return f"{registry.name}, {MODE_LABELS.get(mode, mode)}"
    return registry.name


def fill_in(text: str, registry: Any) -> str:
    """Replace `{registry.<attribute>}` with that attribute's value (text, never code)."""
    if registry is None or "{registry." not in text:
        return text

    def value(match: Any) -> str:
        v = C.registry_value(registry, match.group(1).split(".", 1)[1])[0]
        if isinstance(v, list | tuple):
            return ", ".join(str(x) for x in v) or "none"
        return "not confirmed" if v == C.UNKNOWN else str(v).rstrip(".")

    from advisor.decide.rules import PLACEHOLDER

    return PLACEHOLDER.sub(value, text)


def unconfirmed_sentence(facts: Sequence[str], kind: str) -> str:
    """The reason given for an outcome that rests on unconfirmed facts, when the rule has
    no `unconfirmed` sentence of its own."""
    names = ", ".join(f.split(".", 1)[-1].replace("_", " ") for f in facts) or "a fact"
    if kind in ("exclude", "require"):
        return (
            f"Not confirmed: the catalog could not confirm its {names}, so instead of ruling "
            f"it out this costs {UNKNOWN_EXCLUDE_POINTS:g} fit point; check the vendor's "
            "documentation."
        )
    return (
        f"Not confirmed: the catalog could not confirm its {names}, so this counts a third "
        "of its usual weight."
    )


def _note(registry: Any, fact_name: str) -> str | None:
    if registry is None or not fact_name.startswith("registry."):
        return None
    fact = getattr(registry.attributes, fact_name.split(".", 1)[1], None)
    return getattr(fact, "note", None) if fact is not None else None


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
        if node[1] in (C.REGISTRY, C.REGISTRY_ID, C.MODE):
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
    """The other answers to try for a question: every other choice, the other yes/no, and
    for a multiple choice each option added or removed."""
    if q.type == "bool":
        return [not current]
    if q.type == "choice":
        return [v for v in q.values if v != current]
    cur = set(current)
    return [[x for x in q.values if (x in cur) != (x == v)] for v in q.values]


def _sensitivity(
    registries: Sequence[Any],
    questions: QuestionSet,
    rules: RuleSet,
    answers: Mapping[str, Any],
    weights: dict[str, float],
    base: Recommendation,
    *,
    strict: bool = False,
) -> list[dict[str, Any]]:
    """For every question asked (answered, or assumed at its default), the other answers
    that would change the setup type or the top registry."""
    out = []
    base_top = (base.registries[0]["id"], base.registries[0]["mode"]) if base.registries else None
    resolved = resolve(questions, answers)
    for qid in resolved.visible:
        q = questions.get(qid)
        current = resolved.values[qid]
        changes = []
        for alt in alternatives(q, current):
            trial = dict(answers)
            trial[qid] = alt
            run = _Run(registries, questions, rules, trial, weights, traced=False, strict=strict)
            run.execute()
            first = run.ranked[0] if run.ranked else None
            top = (first.registry.id, first.mode) if first else None
            what = []
            if run.setup != base.setup:
                what.append("setup")
            if top != base_top:
                what.append("top")
            if what:
                changes.append(
                    {
                        "value": _plain(alt),
                        "label": q.label_of(alt),
                        "setup": run.setup,
                        "top": top[0] if top else None,
                        "top_mode": top[1] if top else None,
                        "changes": what,
                    }
                )
        out.append(
            {
                "question": qid,
                "prompt": q.prompt,
                "current": _plain(current),
                "answered": qid in resolved.answered,
                "changes": changes,
            }
        )
    return out
