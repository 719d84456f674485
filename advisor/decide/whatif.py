"""What-if: for every question asked, the other answers that would change the outcome.

Each alternative re-runs the engine's fast path (no trace) with one answer changed, and is
kept only when the setup type or the top registry differs from the base recommendation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from advisor.decide.questions import QuestionSet, resolve
from advisor.decide.result import Change, Recommendation, WhatIf


def alternatives(q: Any, current: Any) -> list[Any]:
    """The other answers to try for a question: every other choice, the other yes/no, and
    for a multiple choice each option added or removed."""
    if q.type == "bool":
        return [not current]
    if q.type == "choice":
        return [v for v in q.values if v != current]
    cur = set(current)
    return [[x for x in q.values if (x in cur) != (x == v)] for v in q.values]


def sensitivity(
    questions: QuestionSet,
    answers: Mapping[str, Any],
    base: Recommendation,
    decide: Callable[[dict[str, Any]], tuple[str, tuple[str, str] | None]],
) -> list[WhatIf]:
    """For every question asked (answered, or assumed at its default), in question order,
    the other answers that would change the setup type or the top registry.

    `decide(answers)` gives the setup type and the top registry as (id, mode), or None, for
    a trial set of answers: the engine's fast path, passed in so this module needs no engine.
    """
    out = []
    base_top = (base.top.id, base.top.mode) if base.top is not None else None
    resolved = resolve(questions, answers)
    for qid in resolved.visible:
        q = questions.get(qid)
        current = resolved.values[qid]
        changes = []
        for alt in alternatives(q, current):
            trial = dict(answers)
            trial[qid] = alt
            setup, top = decide(trial)
            what = []
            if setup != base.setup:
                what.append("setup")
            if top != base_top:
                what.append("top")
            if what:
                changes.append(
                    Change(
                        _plain(alt),
                        q.label_of(alt),
                        setup,
                        top[0] if top else None,
                        top[1] if top else None,
                        what,
                    )
                )
        out.append(WhatIf(qid, q.prompt, _plain(current), qid in resolved.answered, changes))
    return out


def _plain(v: Any) -> Any:
    return list(v) if isinstance(v, tuple) else v
