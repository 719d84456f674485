"""The engine's result as typed objects: what `engine.recommend` returns.

Typed records (advisor.decide.record): each class's annotations are its JSON shape, and
`advisor.recommendation.schema` turns them into the published JSON Schema
(data/schemas/recommendation.schema.json). Reasons are in advisor.decide.reason, the
trace's parts in advisor.decide.trace.

They live in `decide` rather than `recommendation` because the engine builds them and the
packages import downwards only (decide sits below recommendation); the view model every
face renders (advisor.recommendation.view) is built from them.
"""

from __future__ import annotations

from typing import Any, Literal

from advisor.decide.reason import CatalogNote, Fact, Mode, Reason, Setup
from advisor.decide.record import Record
from advisor.decide.trace import Evaluation, TraceEntry

#: Raise it when a key is removed or renamed or changes meaning (docs/recommendation-json.md).
SCHEMA_VERSION = 2

Level = Literal["danger", "warning", "info"]
#: An answer: a choice (str), yes/no (bool) or a multiple choice (list of str).
AnswerValue = str | bool | list[str]

__all__ = ["SCHEMA_VERSION", "CatalogNote", "Evaluation", "Fact", "Reason", "TraceEntry"]


class OtherMode(Record):
    """The other mode a ranked registry could also be run in, with its score."""

    __slots__ = ("mode", "score")
    mode: Mode
    score: float
    DOC = {"mode": "saas or self-hosted", "score": "its score in that mode"}

    def __init__(self, mode, score):
        self.mode = mode
        self.score = score

    def to_json(self) -> dict[str, Any]:
        return {"mode": self.mode, "score": self.score}


class Ranked(Record):
    """A registry that can serve the setup, with its place and every reason that scored it."""

    __slots__ = (
        "id",
        "name",
        "mode",
        "display_name",
        "rank",
        "score",
        "criteria",
        "hosting",
        "setups",
        "reasons",
        "unconfirmed",
        "other_mode",
    )
    id: str
    name: str
    mode: Mode
    display_name: str
    rank: int
    score: float
    criteria: dict[str, float]
    hosting: list[str] | str
    setups: list[str] | str
    reasons: list[Reason]
    unconfirmed: list[str]
    other_mode: OtherMode | None
    OPTIONAL = frozenset({"other_mode"})
    DOC = {
        "id": "the registry's catalog id",
        "name": "the registry's name",
        "mode": "the better mode the answers allow: saas (its vendor runs it) or self-hosted",
        "display_name": "the name, followed by the mode when the catalog offers both",
        "rank": "1 for the best",
        "score": "the sum of the reasons' weighted points",
        "criteria": "the score split by criterion",
        "hosting": "the catalog's hosting values (or 'unknown')",
        "setups": "the setup types the catalog says it serves (or 'unknown')",
        "reasons": "for it first, largest first, then against it, largest first",
        "unconfirmed": "the catalog facts some reason rests on without confirmation",
        "other_mode": "present when the other mode could serve too: its mode and score",
    }

    def __init__(
        self,
        id,
        name,
        mode,
        display_name,
        rank,
        score,
        criteria,
        hosting,
        setups,
        reasons,
        unconfirmed,
        other_mode=None,
    ):
        self.id = id
        self.name = name
        self.mode = mode
        self.display_name = display_name
        self.rank = rank
        self.score = score
        self.criteria = criteria
        self.hosting = hosting
        self.setups = setups
        self.reasons = reasons
        self.unconfirmed = unconfirmed
        self.other_mode = other_mode

    @property
    def pros(self) -> list[Reason]:
        return [r for r in self.reasons if r.direction == "for"]

    @property
    def cons(self) -> list[Reason]:
        return [r for r in self.reasons if r.direction != "for"]

    def to_json(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "name": self.name,
            "mode": self.mode,
            "display_name": self.display_name,
            "rank": self.rank,
            "score": self.score,
            "criteria": dict(self.criteria),
            "hosting": self.hosting,
            "setups": self.setups,
            "reasons": [r.to_json() for r in self.reasons],
            "unconfirmed": list(self.unconfirmed),
        }
        if self.other_mode is not None:
            out["other_mode"] = self.other_mode.to_json()
        return out


class Excluded(Record):
    """A registry left out, with every rule that removed it."""

    __slots__ = ("id", "name", "modes", "reasons")
    id: str
    name: str
    modes: list[Mode]
    reasons: list[Reason]
    DOC = {
        "id": "the registry's catalog id",
        "name": "the registry's name",
        "modes": "every mode it was weighed in",
        "reasons": "every rule that removed it, in each mode (each reason carries its mode)",
    }

    def __init__(self, id, name, modes, reasons):
        self.id = id
        self.name = name
        self.modes = modes
        self.reasons = reasons

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "modes": list(self.modes),
            "reasons": [r.to_json() for r in self.reasons],
        }


class Caveat(Record):
    """One of the JSON's `warnings`: a contradiction in the answers, a risk of the setup,
    or a gotcha of a top choice."""

    __slots__ = (
        "id",
        "rule",
        "kind",
        "level",
        "registry",
        "mode",
        "title",
        "message",
        "sources",
        "verified",
    )
    id: str
    rule: str | None
    kind: Literal["rule", "gotcha", "engine"]
    level: Level
    registry: str | None
    mode: Mode | None
    title: str
    message: str
    sources: list[str]
    verified: str | None
    OPTIONAL = frozenset({"mode", "verified"})
    DOC = {
        "id": "stable: the rule id, rule:registry, rule:registry:n for a gotcha, or no-candidates",
        "rule": "the rule that raised it (null only for no-candidates)",
        "kind": "rule (a rule's warning), gotcha (from the catalog), engine (no-candidates)",
        "level": "how serious: danger, warning or info",
        "registry": "the registry it concerns, or null",
        "mode": "present for a warning about a registry: the mode it was ranked in",
        "title": "a short title",
        "message": "the explanation: the rule's because, or the gotcha's detail",
        "sources": "links",
        "verified": "gotchas only: the date (YYYY-MM-DD) the source was read",
    }

    def __init__(
        self, id, rule, kind, level, registry, title, message, sources, verified=None, mode=None
    ):
        self.id = id
        self.rule = rule
        self.kind = kind
        self.level = level
        self.registry = registry
        self.mode = mode
        self.title = title
        self.message = message
        self.sources = sources
        self.verified = verified

    def to_json(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "rule": self.rule,
            "kind": self.kind,
            "level": self.level,
            "registry": self.registry,
        }
        # A gotcha names its mode beside the registry; a rule's warning after its sources.
        if self.mode is not None and self.kind == "gotcha":
            out["mode"] = self.mode
        out["title"] = self.title
        out["message"] = self.message
        out["sources"] = list(self.sources)
        if self.verified is not None:
            out["verified"] = self.verified
        if self.mode is not None and self.kind != "gotcha":
            out["mode"] = self.mode
        return out


class Assumption(Record):
    """A question asked but not answered (its default was used), or an answer not used."""

    __slots__ = ("question", "prompt", "kind", "value", "label", "ignored_answer")
    question: str
    prompt: str
    kind: Literal["default", "not-asked"]
    value: AnswerValue
    label: str
    ignored_answer: AnswerValue | None
    OPTIONAL = frozenset({"ignored_answer"})
    DOC = {
        "question": "the question id",
        "prompt": "the question as asked",
        "kind": "default: not answered; not-asked: answered, but the question does not apply",
        "value": "the value used (the question's default)",
        "label": "the value used, as the question words it",
        "ignored_answer": "not-asked only: the answer given and not used",
    }

    def __init__(self, question, prompt, kind, value, label, ignored_answer=None):
        self.question = question
        self.prompt = prompt
        self.kind = kind
        self.value = value
        self.label = label
        self.ignored_answer = ignored_answer

    def to_json(self) -> dict[str, Any]:
        out = {
            "question": self.question,
            "prompt": self.prompt,
            "kind": self.kind,
            "value": self.value,
            "label": self.label,
        }
        if self.kind != "default":
            out["ignored_answer"] = self.ignored_answer
        return out


class Change(Record):
    """One other answer to a question, and what it would change."""

    __slots__ = ("value", "label", "setup", "top", "top_mode", "changes")
    value: AnswerValue
    label: str
    setup: Setup
    top: str | None
    top_mode: Mode | None
    changes: list[Literal["setup", "top"]]
    DOC = {
        "value": "the other answer",
        "label": "the other answer, as the question words it",
        "setup": "the setup type it would give",
        "top": "the top registry it would give (null if none remains)",
        "top_mode": "the mode of that top registry",
        "changes": "what would change: setup, top or both",
    }

    def __init__(self, value, label, setup, top, top_mode, changes):
        self.value = value
        self.label = label
        self.setup = setup
        self.top = top
        self.top_mode = top_mode
        self.changes = changes

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "label": self.label,
            "setup": self.setup,
            "top": self.top,
            "top_mode": self.top_mode,
            "changes": list(self.changes),
        }


class WhatIf(Record):
    """For one question asked, the other answers that would change the outcome."""

    __slots__ = ("question", "prompt", "current", "answered", "changes")
    question: str
    prompt: str
    current: AnswerValue
    answered: bool
    changes: list[Change]
    DOC = {
        "question": "the question id",
        "prompt": "the question as asked",
        "current": "the value used now",
        "answered": "false when the value is the default",
        "changes": "only the other answers that change the setup or the top registry",
    }

    def __init__(self, question, prompt, current, answered, changes):
        self.question = question
        self.prompt = prompt
        self.current = current
        self.answered = answered
        self.changes = changes

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "prompt": self.prompt,
            "current": self.current,
            "answered": self.answered,
            "changes": [c.to_json() for c in self.changes],
        }


class Weight(Record):
    """A ranking criterion's weight, as used."""

    __slots__ = ("value", "default", "label")
    value: float
    default: float
    label: str
    DOC = {"value": "the weight used", "default": "the rules' default", "label": "its name"}

    def __init__(self, value, default, label):
        self.value = value
        self.default = default
        self.label = label

    @property
    def changed(self) -> bool:
        return self.value != self.default

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "default": self.default, "label": self.label}


class CatalogInfo(Record):
    """How much of the catalog was weighed, and how fresh it is."""

    __slots__ = ("registries", "newest_verified")
    registries: int
    newest_verified: str | None
    DOC = {
        "registries": "how many registries were weighed",
        "newest_verified": "the newest verified date (YYYY-MM-DD) of any fact",
    }

    def __init__(self, registries, newest_verified):
        self.registries = registries
        self.newest_verified = newest_verified

    def to_json(self) -> dict[str, Any]:
        return {"registries": self.registries, "newest_verified": self.newest_verified}


class Recommendation(Record):
    """The engine's result. `to_json()` is the documented, versioned JSON."""

    __slots__ = (
        "schema_version",
        "setup",
        "setup_reasons",
        "registries",
        "excluded",
        "warnings",
        "assumptions",
        "sensitivity",
        "weights",
        "answers",
        "effective_answers",
        "catalog",
        "trace",
    )
    schema_version: Literal[2]
    setup: Setup
    setup_reasons: list[Reason]
    registries: list[Ranked]
    excluded: list[Excluded]
    warnings: list[Caveat]
    assumptions: list[Assumption]
    sensitivity: list[WhatIf]
    weights: dict[str, Weight]
    answers: dict[str, AnswerValue]
    effective_answers: dict[str, AnswerValue]
    catalog: CatalogInfo
    trace: list[TraceEntry]
    DOC = {
        "schema_version": "the version of this shape (docs/recommendation-json.md)",
        "setup": "the setup type",
        "setup_reasons": "the rule that decided the setup, or every vote when votes decided",
        "registries": "the registries that can serve the setup, best first",
        "excluded": "the registries left out, in id order",
        "warnings": "contradictions, risks of the setup and gotchas of the top choices; "
        "most serious first",
        "assumptions": "defaults used for unanswered questions, and answers not used",
        "sensitivity": "for each question asked, the other answers that change the outcome",
        "weights": "the weight of each ranking criterion, as used",
        "answers": "the answers given, validated: a valid answers file",
        "effective_answers": "the value used for every question asked, defaults included",
        "catalog": "how many registries were weighed and how fresh their facts are",
        "trace": "every rule, with its condition tree and the value seen at every leaf",
    }

    def __init__(
        self,
        setup,
        setup_reasons,
        registries,
        excluded,
        warnings,
        assumptions,
        sensitivity,
        weights,
        answers,
        effective_answers,
        catalog,
        trace,
        schema_version=SCHEMA_VERSION,
    ):
        self.schema_version = schema_version
        self.setup = setup
        self.setup_reasons = setup_reasons
        self.registries = registries
        self.excluded = excluded
        self.warnings = warnings
        self.assumptions = assumptions
        self.sensitivity = sensitivity
        self.weights = weights
        self.answers = answers
        self.effective_answers = effective_answers
        self.catalog = catalog
        self.trace = trace

    @property
    def top(self) -> Ranked | None:
        """The best registry, or None when every one was excluded."""
        return self.registries[0] if self.registries else None

    def to_json(self) -> dict[str, Any]:
        """The documented JSON (docs/recommendation-json.md), as plain dicts and lists."""
        import gc

        # Tens of thousands of small dicts on a large catalog: the cyclic collector's passes
        # over them made the time grow faster than the catalog (as in engine._no_gc). The
        # result is acyclic, so reference counting frees it all; the collector resumes after.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._json()
        finally:
            if was_enabled:
                gc.enable()

    def _json(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "setup": self.setup,
            "setup_reasons": [r.to_json() for r in self.setup_reasons],
            "registries": [r.to_json() for r in self.registries],
            "excluded": [r.to_json() for r in self.excluded],
            "warnings": [w.to_json() for w in self.warnings],
            "assumptions": [a.to_json() for a in self.assumptions],
            "sensitivity": [s.to_json() for s in self.sensitivity],
            "weights": {k: w.to_json() for k, w in self.weights.items()},
            "answers": dict(self.answers),
            "effective_answers": dict(self.effective_answers),
            "catalog": self.catalog.to_json(),
            "trace": [t.to_json() for t in self.trace],
        }


#: Every record class, for the JSON Schema and for reading JSON back.
RECORDS: tuple[type[Record], ...] = (
    Fact,
    CatalogNote,
    Reason,
    OtherMode,
    Ranked,
    Excluded,
    Caveat,
    Assumption,
    Change,
    WhatIf,
    Weight,
    Evaluation,
    TraceEntry,
    CatalogInfo,
    Recommendation,
)
