"""The rules, declared as data in data/rules.yaml: loading, cross-checking, compiling.

A rule is `when` (a condition tree) + `then` (exactly one effect) + `because` (one sentence)
+ `sources`. Every fact, operator, value, setup type and criterion a rule names is checked
at load time; a typo is an error naming the rule id, with "did you mean". Nothing is ever
evaluated as code.

Rules run in four phases, inferred from the effect and the facts the rule names:

- `setup`: `decide_setup` / `vote_setup`; may read only answers.
- `global`: `warn` on answers and the decided `setup`.
- `registry`: `exclude`, `require`, `boost`, `penalise`; run once per registry.
- `post`: `warn` naming registry facts, and `show_gotchas`; applied to the top-ranked
  registries only (`top`, default 3).
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor import conditions as C
from advisor.errors import DataError, did_you_mean
from advisor.paths import data_file
from advisor.validation import kind_of, problems_from, raise_all
from advisor.yamlio import line_of, load_yaml

if TYPE_CHECKING:
    import yaml

    from advisor.questions import QuestionSet
    from advisor.rules_models import Criterion, Rule

SETUP_PHASE, GLOBAL_PHASE, REGISTRY_PHASE, POST_PHASE = "setup", "global", "registry", "post"


def shipped_rules_path() -> Path:
    return data_file("rules.yaml")


def registry_facts() -> dict[str, C.FactSpec]:
    """`registry.<attribute>` for every catalog attribute, typed from the catalog models."""
    from advisor.catalog_models import Attributes

    out = {"registry.id": C.FactSpec("registry.id", C.REGISTRY_ID, C.TEXT, None,
                                     "the registry's id in the catalog")}
    for name, info in Attributes.model_fields.items():
        fact_cls = next(
            a for a in (info.annotation, *typing.get_args(info.annotation))
            if hasattr(a, "__pydantic_generic_metadata__")
        )
        (value_type,) = fact_cls.__pydantic_generic_metadata__["args"]
        out[f"registry.{name}"] = C.FactSpec(f"registry.{name}", C.REGISTRY,
                                             *_fact_type(value_type))
    return out


def _fact_type(t: Any) -> tuple[str, tuple[Any, ...] | None]:
    if t is bool:
        return C.BOOL, None
    origin = typing.get_origin(t)
    if origin is list:
        (item,) = typing.get_args(t)
        return C.MULTI, tuple(typing.get_args(item)) or None
    if origin is typing.Literal:
        return C.CHOICE, tuple(typing.get_args(t))
    return C.TEXT, None


def declared_facts(questions: QuestionSet) -> dict[str, C.FactSpec]:
    facts = dict(questions.facts)
    facts["setup"] = C.FactSpec("setup", C.SETUP, C.CHOICE, ("public", "private", "insecure"),
                                "the setup type, once decided")
    facts.update(registry_facts())
    return facts


@dataclass(frozen=True, slots=True)
class CompiledRule:
    index: int
    id: str
    kind: str  # the effect
    phase: str
    when: tuple
    require: tuple | None
    effect: dict[str, Any]  # the effect as written, for the trace
    because: str
    sources: tuple[str, ...]
    setup: str | None = None
    weight: float = 0.0
    criterion: str | None = None
    points: float = 0.0  # signed: penalties are negative
    level: str = "warning"
    title: str = ""
    top: int = 3


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[CompiledRule, ...]
    criteria: dict[str, Criterion]
    tie_order: tuple[str, ...]
    facts: dict[str, C.FactSpec]
    path: str

    def phase(self, name: str) -> list[CompiledRule]:
        return [r for r in self.rules if r.phase == name]

    def get(self, rule_id: str) -> CompiledRule | None:
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    @property
    def default_weights(self) -> dict[str, float]:
        return {name: c.default for name, c in self.criteria.items()}


def load_rules(questions: QuestionSet, path: str | Path | None = None) -> RuleSet:
    p = Path(path) if path is not None else shipped_rules_path()
    data, node = load_yaml(p)
    return parse_rules(data, node, str(p), questions)


def parse_rules(data: Any, node: yaml.Node | None, file: str, questions: QuestionSet) -> RuleSet:
    from pydantic import ValidationError

    from advisor.rules_models import RulesFile

    if not isinstance(data, dict):
        raise DataError(
            f"expected a mapping with 'schema_version', 'criteria' and 'rules', "
            f"got a {kind_of(data)}",
            file=file,
            line=line_of(node, ()),
        )
    raw = data.get("rules") if isinstance(data.get("rules"), list) else []

    def item_of(loc: tuple) -> tuple[str | None, tuple]:
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            r = raw[loc[1]] if loc[1] < len(raw) else None
            rid = r.get("id") if isinstance(r, dict) else None
            return (f"rule {rid}" if isinstance(rid, str) else f"rules[{loc[1]}]", loc[2:])
        return None, loc

    try:
        parsed = RulesFile.model_validate(data)
    except ValidationError as exc:
        raise_all(problems_from(exc, node, file, RulesFile, item_of))
        raise  # pragma: no cover

    facts = declared_facts(questions)
    problems: list[DataError] = []

    def add(rule_id: str, loc: tuple, message: str) -> None:
        problems.append(DataError(message, file=file, line=line_of(node, loc),
                                  key=f"rule {rule_id}"))

    compiled: list[CompiledRule] = []
    seen: dict[str, int] = {}
    has_fallback = False
    for i, rule in enumerate(parsed.rules):
        base = ("rules", i)
        if rule.id in seen:
            add(rule.id, (*base, "id"), f"duplicate rule id (first on line "
                f"{line_of(node, ('rules', seen[rule.id], 'id'))})")
            continue
        seen[rule.id] = i
        kind = rule.then.kind
        phase = _phase(rule, facts)
        allowed = {
            SETUP_PHASE: (frozenset({C.ANSWER}), "in a rule that decides the setup"),
            GLOBAL_PHASE: (frozenset({C.ANSWER, C.SETUP}), ""),
        }.get(phase, (None, ""))
        found = C.check(rule.when, facts, (*base, "when"), allowed_scopes=allowed[0],
                        context=allowed[1])
        if rule.then.require is not None:
            found += C.check(rule.then.require, facts, (*base, "then", "require"))
        for loc, message in found:
            add(rule.id, loc, message)
        points = rule.then.boost or rule.then.penalise
        if points is not None and points.criterion not in parsed.criteria:
            add(rule.id, (*base, "then", kind, "criterion"),
                f"unknown criterion '{points.criterion}'"
                f"{did_you_mean(points.criterion, parsed.criteria)}; "
                f"criteria: {', '.join(parsed.criteria)}")
        if kind == "decide_setup" and rule.when.all == []:
            has_fallback = True
        if found or problems:
            continue
        compiled.append(_compile(i, rule, phase, facts))
    if not has_fallback and not problems:
        problems.append(DataError(
            "no fallback: add a last rule with `when: {all: []}` and `then: {decide_setup: ...}` "
            "so that every set of answers gets a setup type",
            file=file, line=line_of(node, ("rules",))))
    raise_all(problems)
    return RuleSet(
        rules=tuple(compiled),
        criteria=dict(parsed.criteria),
        tie_order=tuple(dict.fromkeys([*parsed.setup_tie_order, "private", "public",
                                       "insecure"])),
        facts=facts,
        path=file,
    )


def _phase(rule: Rule, facts: dict[str, C.FactSpec]) -> str:
    kind = rule.then.kind
    if kind in ("decide_setup", "vote_setup"):
        return SETUP_PHASE
    if kind == "show_gotchas":
        return POST_PHASE
    if kind == "warn":
        scopes = C.scopes_of(rule.when, facts)
        return POST_PHASE if scopes & {C.REGISTRY, C.REGISTRY_ID} else GLOBAL_PHASE
    return REGISTRY_PHASE


def _compile(index: int, rule: Rule, phase: str, facts: dict[str, C.FactSpec]) -> CompiledRule:
    then = rule.then
    kind = then.kind
    effect = then.model_dump(mode="json", by_alias=True, exclude_none=True)
    extra: dict[str, Any] = {}
    if then.decide_setup is not None:
        extra["setup"] = then.decide_setup
    elif then.vote_setup is not None:
        extra.update(setup=then.vote_setup.setup, weight=float(then.vote_setup.weight))
    elif then.boost is not None:
        extra.update(criterion=then.boost.criterion, points=float(then.boost.points))
    elif then.penalise is not None:
        extra.update(criterion=then.penalise.criterion, points=-float(then.penalise.points))
    elif then.warn is not None:
        extra.update(level=then.warn.level, title=then.warn.title, top=then.warn.top)
    elif then.show_gotchas is not None:
        extra.update(top=then.show_gotchas.top)
    if kind == "require":
        effect = {"require": True}  # the condition itself is traced separately
    return CompiledRule(
        index=index,
        id=rule.id,
        kind=kind,
        phase=phase,
        when=C.compile_condition(rule.when, facts),
        require=C.compile_condition(then.require, facts) if then.require is not None else None,
        effect=effect,
        because=rule.because.strip(),
        sources=tuple(rule.sources),
        **extra,
    )
