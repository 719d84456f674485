"""Turning a finished engine run into the typed Recommendation (advisor.decide.result).

Every reason, warning and setup decision is copied from a trace evaluation of the run
(advisor.decide.engine._Run); nothing here evaluates a rule.
"""

from __future__ import annotations

from typing import Any

from advisor.decide import conditions as C
from advisor.decide.result import (
    Assumption,
    CatalogInfo,
    CatalogNote,
    Caveat,
    Excluded,
    Fact,
    OtherMode,
    Ranked,
    Reason,
    Recommendation,
    Weight,
)
from advisor.decide.rules import SETUP_PHASE
from advisor.decide.trace import Evaluation, TraceEntry, leaf_nodes
from advisor.decide.wording import (
    STRICT_TAIL,
    UNKNOWN_EXCLUDE_POINTS,
    display_name,
    fill_in,
    note_of,
    unconfirmed_sentence,
)

_LEVEL_ORDER = {"danger": 0, "warning": 1, "info": 2}


def plain(v: Any) -> Any:
    """A tuple as a list (JSON has no tuples)."""
    return list(v) if isinstance(v, tuple) else v


def num(x: float) -> float | int:
    """A score rounded to 4 places, as an int when whole (3, not 3.0)."""
    r = round(x + 0.0, 4)
    return int(r) if r == int(r) else r


def warning(rule: Any, registry: Any, mode: str | None = None) -> Caveat:
    """A `warn` rule's warning, for the answers (`registry` None) or a registry in `mode`."""
    rid = registry.id if registry is not None else None
    sources = list(rule.sources)
    if registry is not None:  # the catalog facts the warning rests on cite their pages
        for leaf in C.leaves(rule.when):
            if leaf[1] == C.REGISTRY:
                source = C.registry_value(registry, leaf[2])[1]
                if source and source not in sources:
                    sources.append(source)
    return Caveat(
        rule.id if rid is None else f"{rule.id}:{rid}",
        rule.id,
        "rule",
        rule.level,
        rid,
        rule.title,
        fill_in(rule.because, registry),
        sources,
        mode=mode,
    )


def result(run: Any) -> Recommendation:
    """The typed recommendation of an executed traced run (sensitivity left empty)."""
    index = {rule.id: rule.index for rule in run.rules.rules}
    registries = []
    for rank, cand in enumerate(run.ranked, start=1):
        reg = cand.registry
        reasons = [reason(run, rule, ev, weighted) for rule, ev, weighted in cand.scored_by]
        reasons += [
            reason(run, rule, ev, weighted, cand=cand) for rule, ev, weighted in cand.unconfirmed
        ]
        reasons.sort(key=lambda r: (r.direction != "for", -abs(r.weighted), index[r.rule]))
        other = run.other_modes.get(reg.id)
        registries.append(
            Ranked(
                reg.id,
                reg.name,
                cand.mode,
                display_name(reg, cand.mode),
                rank,
                num(cand.score),
                {c: num(cand.criteria.get(c, 0.0)) for c in run.weights},
                plain(C.registry_value(reg, "hosting")[0]),
                plain(C.registry_value(reg, "setups")[0]),
                reasons,
                sorted({f for r in reasons for f in r.unconfirmed_facts or ()}),
                OtherMode(other.mode, num(other.score)) if other is not None else None,
            )
        )
    ranked_ids = {c.registry.id for c in run.ranked}
    excluded = []
    for reg in run.registries:  # already in id order
        if reg.id in ranked_ids:
            continue
        cands = [c for c in run.candidates if c.registry is reg]
        reasons = []
        for c in cands:
            for rule, ev in c.excluded_by:
                why = reason(run, rule, ev, None)
                why.mode = c.mode
                reasons.append(why)
        excluded.append(Excluded(reg.id, reg.name, [c.mode for c in cands], reasons))
    warnings = list(run.warnings)
    if not run.ranked:
        warnings.insert(0, no_candidates())
    warnings.sort(key=lambda w: (_LEVEL_ORDER[w.level], w.registry is not None))
    trace = [
        TraceEntry(
            rule.id,
            rule.phase,
            rule.effect,
            rule.because,
            list(rule.sources),
            run.checked[rule.id],
            run.evals[rule.id],
            rule.unconfirmed or None,
        )
        for rule in run.rules.rules
    ]
    res = run.resolved
    assumptions = []
    for qid in res.assumed:
        q = run.questions.get(qid)
        value = res.values[qid]
        assumptions.append(Assumption(qid, q.prompt, "default", plain(value), q.label_of(value)))
    for qid in res.ignored:
        q = run.questions.get(qid)
        value = res.values[qid]
        assumptions.append(
            Assumption(
                qid,
                q.prompt,
                "not-asked",
                plain(value),
                q.label_of(value),
                plain(run.answers[qid]),
            )
        )
    criteria = run.rules.criteria
    return Recommendation(
        setup=run.setup,
        setup_reasons=_setup_reasons(run),
        registries=registries,
        excluded=excluded,
        warnings=warnings,
        assumptions=assumptions,
        sensitivity=[],
        weights={
            name: Weight(num(v), num(criteria[name].default), criteria[name].label)
            for name, v in run.weights.items()
        },
        answers={k: plain(run.answers[k]) for k in run.questions.ids if k in run.answers},
        effective_answers={k: plain(res.values[k]) for k in res.visible},
        catalog=CatalogInfo(len(run.registries), None),
        trace=trace,
    )


def _setup_reasons(run: Any) -> list[Reason]:
    if run.setup_rule is not None:
        ev = run.evals[run.setup_rule.id][-1]
        return [reason(run, run.setup_rule, ev, None, direction="for")]
    out = []
    for rule in run.rules.phase(SETUP_PHASE):
        if rule.kind != "vote_setup":
            continue
        for ev in run.evals[rule.id]:
            if ev.fired:
                r = reason(
                    run, rule, ev, None, direction="for" if rule.setup == run.setup else "against"
                )
                r.setup = rule.setup
                r.weight = num(rule.weight)
                out.append(r)
    return out


def reason(
    run: Any,
    rule: Any,
    ev: Evaluation | None,
    weighted: float | None,
    direction: str | None = None,
    *,
    cand: Any = None,
) -> Reason:
    """One reason, copied from a traced evaluation; `cand` marks an unconfirmed one."""
    facts = []
    sources = list(rule.sources)
    unknown: list[str] = []
    for tree in (ev.when, ev.require) if ev is not None else ():
        for leaf in leaf_nodes(tree):
            source = leaf.get("source")
            if source is not None and source not in sources:
                sources.append(source)
            if leaf["result"] is None and leaf["fact"] not in unknown:
                unknown.append(leaf["fact"])
            facts.append(
                Fact(
                    leaf["fact"],
                    leaf["actual"],
                    leaf["result"],
                    source,
                    True if leaf.get("assumed") else None,
                )
            )
            if leaf["fact"] == "mode" and ev is not None:
                # A mode rests on the catalog's `hosting`: list that fact too.
                reg = run._registry_by_id.get(ev.registry)
                value, source = C.registry_value(reg, "hosting")
                facts.append(Fact("registry.hosting", plain(value), True, source or None))
    registry = run._registry_by_id.get(ev.registry) if ev is not None else None
    reason = Reason(
        rule.id,
        ev.registry if ev is not None else None,
        ev.mode if ev is not None else None,
        fill_in(rule.because, registry),
        facts,
        sources,
    )
    if cand is not None:
        reason.confirmed = False
        reason.unconfirmed_facts = unknown
        strict = getattr(run, "strict", False)
        if rule.unconfirmed:
            reason.because = fill_in(rule.unconfirmed, registry)
            if strict:
                reason.because += " " + STRICT_TAIL
        else:
            reason.because = unconfirmed_sentence(unknown, rule.kind, strict=strict)
        reason.notes = [
            CatalogNote(name, note) for name in unknown if (note := note_of(registry, name))
        ]
    if weighted is not None:
        reason.direction = "for" if weighted >= 0 else "against"
        reason.criterion = rule.criterion or "fit"
        reason.points = num(rule.points or -UNKNOWN_EXCLUDE_POINTS)
        reason.weighted = num(weighted)
    elif direction is not None:
        reason.direction = direction
    return reason


def no_candidates() -> Caveat:
    """The warning when every registry was excluded."""
    return Caveat(
        "no-candidates",
        None,
        "engine",
        "danger",
        None,
        "No registry in the catalog fits every requirement",
        "Every registry was excluded; see the excluded list for the rules that removed each "
        "one, and relax a must-have or add your own registry with --catalog.",
        [],
    )
