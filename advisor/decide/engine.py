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
from typing import Any

from advisor.decide import assemble
from advisor.decide import conditions as C
from advisor.decide.questions import QuestionSet, resolve
from advisor.decide.result import SCHEMA_VERSION, CatalogInfo, Caveat, Recommendation
from advisor.decide.rules import GLOBAL_PHASE, POST_PHASE, REGISTRY_PHASE, SETUP_PHASE, RuleSet
from advisor.decide.trace import Evaluation, trace_partial
from advisor.decide.wording import UNKNOWN_EXCLUDE_POINTS, fill_in, modes_of
from advisor.errors import UsageError, did_you_mean
from advisor.i18n import _

__all__ = [
    "SCHEMA_VERSION",
    "Recommendation",
    "check_weights",
    "decide",
    "fill_in",
    "modes_of",
    "recommend",
]
MAX_WEIGHT = 10.0
#: An outcome that rests on an unconfirmed fact counts at most this share of the rule.
UNKNOWN_SHARE = 1 / 3
_EPS = 1e-9


class _Candidate:
    """One way to get a registry: the registry run in one mode (saas or self-hosted)."""

    __slots__ = ("registry", "mode", "excluded_by", "scored_by", "unconfirmed", "score", "criteria")

    def __init__(self, registry: Any, mode: str) -> None:
        self.registry = registry
        self.mode = mode
        self.excluded_by: list[tuple[Any, Evaluation | None]] = []
        self.scored_by: list[tuple[Any, Evaluation | None, float]] = []
        # Outcomes that rest on unconfirmed facts: (rule, evaluation, weighted points).
        self.unconfirmed: list[tuple[Any, Evaluation | None, float]] = []
        self.score = 0.0
        self.criteria: dict[str, float] = {}


def check_weights(rules: RuleSet, weights: Mapping[str, float] | None) -> dict[str, float]:
    """Default weights overlaid with the user's; unknown names and bad values are errors."""
    out = rules.default_weights
    for name, value in (weights or {}).items():
        if name not in out:
            raise UsageError(
                _("--weight: unknown criterion '{name}'").format(name=name)
                + did_you_mean(name, out)
                + "; "
                + _("criteria: {names}").format(names=", ".join(out))
            )
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise UsageError(
                _("--weight {name}: expected a number, got {value}").format(
                    name=name, value=repr(value)
                )
            )
        if value != value or not 0 <= value <= MAX_WEIGHT:
            raise UsageError(
                _("--weight {name}: must be between 0 and {max}, got {value}").format(
                    name=name, max=f"{MAX_WEIGHT:g}", value=value
                )
            )
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
        rec = assemble.result(run)
    if sensitivity:
        from advisor.decide.whatif import sensitivity as what_if

        def fast(trial: dict[str, Any]) -> tuple[str, tuple[str, str] | None]:
            run = _Run(registries, questions, rules, trial, w, traced=False, strict=strict_unknowns)
            run.execute()
            first = run.ranked[0] if run.ranked else None
            return run.setup, (first.registry.id, first.mode) if first else None

        with _no_gc():
            rec.sensitivity = what_if(questions, answers, rec, fast)
    rec.catalog = CatalogInfo(len(registries), _newest(registries))
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
        self.evals: dict[str, list[Evaluation]] = {r.id: [] for r in rules.rules}
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

    def _eval(self, rule: Any, registry: Any = None) -> Evaluation:
        ctx = self.ctx
        ctx.registry = registry
        rid = registry.id if registry is not None else None
        if self.traced:
            tree = C.trace(rule.when, ctx)
            mode = ctx.mode if registry is not None else None
            return Evaluation(rid, tree["result"], when=tree, mode=mode)
        return Evaluation(rid, rule.test(ctx) is True)

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
                self.warnings.append(assemble.warning(rule, None))

    def _registry_phase(self) -> None:
        ctx = self.ctx
        ctx.registry = None
        ctx.mode = None
        active = []
        for rule in self.rules.phase(REGISTRY_PHASE):
            if C.partial(rule.when, ctx) is False:  # the answers rule it out everywhere
                if self.traced:
                    self.evals[rule.id].append(
                        Evaluation(None, False, when=trace_partial(rule.when, ctx))
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
                    ev = Evaluation(reg.id, fired, when=C.trace(rule.when, ctx), mode=cand.mode)
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

    def _score(self, cand: _Candidate, rule: Any, ev: Evaluation | None, weighted: float) -> None:
        cand.scored_by.append((rule, ev, weighted))
        cand.score += weighted
        cand.criteria[rule.criterion] = cand.criteria.get(rule.criterion, 0.0) + weighted

    def _unconfirmed(self, cand: _Candidate, rule: Any, ev: Evaluation | None) -> None:
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
                self.evals[rule.id].append(
                    Evaluation(None, False, when=trace_partial(rule.when, ctx))
                )
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
                    self.warnings.append(assemble.warning(rule, cand.registry, cand.mode))
                    continue
                for i, g in enumerate(getattr(cand.registry, "gotchas", ()) or ()):
                    if getattr(g, "modes", ()) and cand.mode not in g.modes:
                        continue  # a pitfall of the other way to run it
                    self.warnings.append(
                        Caveat(
                            f"{rule.id}:{cand.registry.id}:{i}",
                            rule.id,
                            "gotcha",
                            "warning",
                            cand.registry.id,
                            g.title,
                            g.detail,
                            [g.source],
                            g.verified.isoformat(),
                            mode=cand.mode,
                        )
                    )
        ctx.registry = None
        ctx.mode = None
