"""A reason in the recommendation: a rule that fired, with the facts it read.

Typed records (advisor.decide.record); the rest of the recommendation is in
advisor.decide.result.
"""

from __future__ import annotations

from typing import Any, Literal

from advisor.decide.record import Record

Direction = Literal["for", "against"]
Setup = Literal["public", "private", "insecure"]
#: How a registry is run: by its vendor (saas) or by you (self-hosted).
Mode = Literal["saas", "self-hosted"]


class Fact(Record):
    """One leaf of a rule's condition, as the engine saw it."""

    __slots__ = ("fact", "actual", "result", "source", "assumed")
    fact: str
    actual: Any
    result: bool | None
    source: str | None
    assumed: bool | None
    OPTIONAL = frozenset({"source", "assumed"})
    DOC = {
        "fact": "what was read: answer.<question id>, setup, registry.<attribute> or registry.id",
        "actual": "the value seen; a catalog value may be the string 'unknown'",
        "result": "whether the leaf held",
        "source": "catalog facts only: the fact's source URL",
        "assumed": "present (true) when the answer was the question's default",
    }

    def __init__(self, fact, actual, result, source=None, assumed=None):
        self.fact = fact
        self.actual = actual
        self.result = result
        self.source = source
        self.assumed = assumed

    def to_json(self) -> dict[str, Any]:
        out = {"fact": self.fact, "actual": self.actual, "result": self.result}
        if self.source is not None:
            out["source"] = self.source
        if self.assumed:
            out["assumed"] = True
        return out


class CatalogNote(Record):
    """The catalog's note on a fact it could not confirm."""

    __slots__ = ("fact", "note")
    fact: str
    note: str
    DOC = {"fact": "registry.<attribute>", "note": "what the catalog says about it"}

    def __init__(self, fact, note):
        self.fact = fact
        self.note = note

    def to_json(self) -> dict[str, Any]:
        return {"fact": self.fact, "note": self.note}


class Reason(Record):
    """A rule that fired: why the setup was chosen, or a registry scored or was left out."""

    __slots__ = (
        "rule",
        "registry",
        "mode",
        "because",
        "facts",
        "sources",
        "confirmed",
        "unconfirmed_facts",
        "notes",
        "direction",
        "criterion",
        "points",
        "weighted",
        "setup",
        "weight",
    )
    rule: str
    registry: str | None
    mode: Mode | None
    because: str
    facts: list[Fact]
    sources: list[str]
    confirmed: Literal[False] | None
    unconfirmed_facts: list[str] | None
    notes: list[CatalogNote] | None
    direction: Direction | None
    criterion: str | None
    points: float | None
    weighted: float | None
    setup: Setup | None
    weight: float | None
    OPTIONAL = frozenset(
        {
            "confirmed",
            "unconfirmed_facts",
            "notes",
            "direction",
            "criterion",
            "points",
            "weighted",
            "setup",
            "weight",
        }
    )
    DOC = {
        "rule": "the rule id in data/rules.yaml",
        "registry": "the registry the rule was evaluated for, or null for the setup",
        "mode": "the mode the registry was weighed in (saas or self-hosted), or null",
        "because": "the rule's one-sentence explanation (or its unconfirmed sentence)",
        "facts": "the leaves of the rule's condition (and of its require condition)",
        "sources": "the rule's own sources, then the catalog sources of the facts it read",
        "confirmed": "present (false) when the outcome rests on facts the catalog could not "
        "confirm",
        "unconfirmed_facts": "unconfirmed reasons only: the facts that could not be confirmed",
        "notes": "unconfirmed reasons only: the catalog's notes on those facts",
        "direction": "for or against (ranked registries and setup votes)",
        "criterion": "ranked registries only: the criterion the points count towards",
        "points": "ranked registries only: the rule's points (negative for a penalty)",
        "weighted": "ranked registries only: points times the criterion's weight",
        "setup": "setup votes only: the setup type voted for",
        "weight": "setup votes only: the vote's weight",
    }

    def __init__(
        self,
        rule,
        registry,
        mode,
        because,
        facts,
        sources,
        confirmed=None,
        unconfirmed_facts=None,
        notes=None,
        direction=None,
        criterion=None,
        points=None,
        weighted=None,
        setup=None,
        weight=None,
    ):
        self.rule = rule
        self.registry = registry
        self.mode = mode
        self.because = because
        self.facts = facts
        self.sources = sources
        self.confirmed = confirmed
        self.unconfirmed_facts = unconfirmed_facts
        self.notes = notes
        self.direction = direction
        self.criterion = criterion
        self.points = points
        self.weighted = weighted
        self.setup = setup
        self.weight = weight

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed is not False

    @property
    def is_for(self) -> bool:
        return self.direction != "against"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "registry": self.registry,
            "mode": self.mode,
            "because": self.because,
            "facts": [f.to_json() for f in self.facts],
            "sources": list(self.sources),
        }
        if self.confirmed is False:
            out["confirmed"] = False
            out["unconfirmed_facts"] = list(self.unconfirmed_facts or ())
            out["notes"] = [n.to_json() for n in self.notes or ()]
        if self.direction is not None:
            out["direction"] = self.direction
        if self.criterion is not None:
            out["criterion"] = self.criterion
            out["points"] = self.points
            out["weighted"] = self.weighted
        if self.setup is not None:
            out["setup"] = self.setup
            out["weight"] = self.weight
        return out
