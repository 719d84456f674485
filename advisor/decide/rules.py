"""The rules, declared as data in data/rules.yaml: loading, cross-checking, compiling.

A rule is `when` (a condition tree) + `then` (exactly one effect) + `because` (one sentence)
+ `sources`. Every fact, operator, value, setup type and criterion a rule names is checked
at load time; a typo is an error naming the rule id, with "did you mean". Nothing is ever
evaluated as code. The check runs on a cache miss only; a file that passed once is
compiled straight from the cache, without pydantic.

Rules run in four phases, inferred from the effect and the facts the rule names:

- `setup`: `decide_setup` / `vote_setup`; may read only answers.
- `global`: `warn` on answers and the decided `setup`.
- `registry`: `exclude`, `require`, `boost`, `penalise`; run once per registry.
- `post`: `warn` naming registry facts, and `show_gotchas`; applied to the top-ranked
  registries only (`top`, default 3).
"""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

from advisor.decide import conditions as C
from advisor.decide.questions import MODEL_SOURCES, QuestionSet
from advisor.decide.vocabulary import (  # noqa: F401  (re-exported)
    EFFECT_KINDS,
    GLOBAL_PHASE,
    PHASES,
    POST_PHASE,
    REGISTRY_PHASE,
    SETUP_PHASE,
    SETUP_TYPES,
)
from advisor.errors import AdvisorError, DataError, did_you_mean
from advisor.frozen import field, frozen
from advisor.i18n import N_, _
from advisor.io.paths import data_file
from advisor.io.problems import kind_of, problems_from, raise_all
from advisor.io.yamlfile import line_of

#: `{registry.<attribute>}` in a reason is replaced by that attribute's value.
PLACEHOLDER = re.compile(r"\{(registry\.[a-z_]+)\}")


def shipped_rules_path() -> Path:
    return data_file("rules.yaml")


def registry_facts() -> dict[str, C.FactSpec]:
    """`registry.<attribute>` for every catalog attribute, typed from the catalog models."""
    from advisor.catalog.models import Attributes

    out = {
        "registry.id": C.FactSpec(
            "registry.id", C.REGISTRY_ID, C.TEXT, None, "the registry's id in the catalog"
        )
    }
    for name, info in Attributes.model_fields.items():
        fact_cls = next(
            a
            for a in (info.annotation, *typing.get_args(info.annotation))
            if hasattr(a, "__pydantic_generic_metadata__")
        )
        (value_type,) = fact_cls.__pydantic_generic_metadata__["args"]
        out[f"registry.{name}"] = C.FactSpec(
            f"registry.{name}", C.REGISTRY, *_fact_type(value_type)
        )
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
    """Every fact a rule may name: the answers, the setup, and the registry attributes."""
    facts = dict(questions.facts)
    facts["setup"] = C.FactSpec(
        "setup", C.SETUP, C.CHOICE, SETUP_TYPES, "the setup type, once decided"
    )
    facts["mode"] = C.FactSpec(
        "mode", C.MODE, C.CHOICE, C.MODES, "how the candidate runs: saas or self-hosted"
    )
    facts.update(registry_facts())
    return facts


@frozen
class Criterion:
    name: str
    label: str
    help: str
    default: float


@frozen
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
    unconfirmed: str | None = None
    setup: str | None = None
    weight: float = 0.0
    criterion: str | None = None
    points: float = 0.0  # signed: penalties are negative
    level: str = "warning"
    title: str = ""
    top: int = 3
    test: Any = field(default=None, compare=False, repr=False)  # compiled `when`
    require_test: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "test", C.make_test(self.when))
        if self.require is not None:
            object.__setattr__(self, "require_test", C.make_test(self.require))


@frozen
class RuleSet:
    rules: tuple[CompiledRule, ...]
    criteria: dict[str, Criterion]
    tie_order: tuple[str, ...]
    path: str

    def __post_init__(self) -> None:
        by_phase: dict[str, list[CompiledRule]] = {p: [] for p in PHASES}
        for r in self.rules:
            by_phase[r.phase].append(r)
        object.__setattr__(self, "_by_phase", by_phase)
        object.__setattr__(self, "_by_id", {r.id: r for r in self.rules})

    def phase(self, name: str) -> list[CompiledRule]:
        return self._by_phase[name]  # type: ignore[attr-defined]

    def get(self, rule_id: str) -> CompiledRule | None:
        return self._by_id.get(rule_id)  # type: ignore[attr-defined]

    @property
    def default_weights(self) -> dict[str, float]:
        return {name: c.default for name, c in self.criteria.items()}


def load_rules(questions: QuestionSet, path: str | Path | None = None) -> RuleSet:
    """Load, check and compile the rules file (the shipped one by default).

    Runs the loader pipeline (`advisor/io/pipeline.py`): the model (`_check_document`),
    then the cross-check against the questions, the catalog's attributes and the criteria
    (`_cross_check`). Cached by the file's text, the questions' text and the model sources.
    Raises DataError (one problem) or DataErrors (several).
    """
    from advisor.io.pipeline import load_checked, only

    p = Path(path) if path is not None else shipped_rules_path()
    name = str(p)
    models = (*MODEL_SOURCES, Path(__file__).resolve().parent.parent / "catalog" / "models.py")
    return load_checked(
        "rules",
        [p],
        validate=_check_document,
        cross_check=lambda docs: _cross_check(docs[0], questions),
        fingerprints=models,
        key_of=lambda texts: f"{texts[0][1]}\0questions\0{questions.text}",
        build=lambda datas: rules_from_json(only(datas), name),
    )


def validate_rules(text: str, file: str, questions: QuestionSet) -> dict[str, Any]:
    """The full check of a rules file's text (steps 2 to 5 of the pipeline, no cache);
    returns the validated data as JSON."""
    from advisor.io.pipeline import check_texts

    (out,) = check_texts(
        [(file, text)], _check_document, lambda docs: _cross_check(docs[0], questions)
    )
    return out


def _check_document(data: Any, node: Any, file: str) -> dict[str, Any]:
    """The pipeline's validate step for a rules file: a mapping, then the RulesFile model,
    its errors named by rule."""
    from pydantic import ValidationError

    from advisor.decide.models import RulesFile

    if not isinstance(data, dict):
        raise DataError(
            _(
                "expected a mapping with 'schema_version', 'criteria' and 'rules', got a {kind}"
            ).format(kind=kind_of(data)),
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
    return parsed.model_dump(mode="json", by_alias=True, exclude_none=True)


def _cross_check(doc: Any, questions: QuestionSet) -> list[AdvisorError]:
    """What the model cannot see: every fact, placeholder and criterion a rule names exists
    (with "did you mean"), rule ids are unique, and a fallback rule decides the setup."""
    out, node, file = doc.data, doc.node, doc.file
    facts = declared_facts(questions)
    criteria = out["criteria"]
    problems: list[AdvisorError] = []

    def add(rule_id: str, loc: tuple, message: str) -> None:
        problems.append(
            DataError(message, file=file, line=line_of(node, loc), key=f"rule {rule_id}")
        )

    first: dict[str, int] = {}
    has_fallback = False
    for i, rule in enumerate(out["rules"]):
        base = ("rules", i)
        rid = rule["id"]
        if rid in first:
            add(
                rid,
                (*base, "id"),
                f"duplicate rule id (first on line {line_of(node, ('rules', first[rid], 'id'))})",
            )
            continue
        first[rid] = i
        kind = _kind(rule)
        phase = _phase(rule)
        allowed, context = {
            SETUP_PHASE: (frozenset({C.ANSWER}), N_("in a rule that decides the setup")),
            GLOBAL_PHASE: (frozenset({C.ANSWER, C.SETUP}), ""),
        }.get(phase, (None, ""))
        found = C.check(
            rule["when"], facts, (*base, "when"), allowed_scopes=allowed, context=context
        )
        if kind == "require":
            found += C.check(rule["then"]["require"], facts, (*base, "then", "require"))
        for loc, message in found:
            add(rid, loc, message)
        for text_key in ("because", "unconfirmed"):
            for token in PLACEHOLDER.findall(rule.get(text_key) or ""):
                if token not in facts or facts[token].scope != C.REGISTRY:
                    add(rid, (*base, text_key), f"'{{{token}}}' is not a registry attribute")
                elif phase not in (REGISTRY_PHASE, POST_PHASE):
                    add(rid, (*base, text_key), f"'{{{token}}}' needs a rule about a registry")
        if kind in ("boost", "penalise"):
            crit = rule["then"][kind]["criterion"]
            if crit not in criteria:
                add(
                    rid,
                    (*base, "then", kind, "criterion"),
                    f"unknown criterion '{crit}'{did_you_mean(crit, criteria)}; "
                    f"criteria: {', '.join(criteria)}",
                )
        if kind == "decide_setup" and rule["when"] == {"all": []}:
            has_fallback = True
    if not has_fallback:
        problems.append(
            DataError(
                _(
                    "no fallback rule: add a last rule with `when: {{all: []}}` and "
                    "`then: {{decide_setup: ...}}` so that every set of answers gets a setup type"
                ).format(),
                file=file,
                line=line_of(node, ("rules",)),
            )
        )
    return problems


def _kind(rule: dict[str, Any]) -> str:
    return next(k for k in EFFECT_KINDS if k in rule["then"])


def _phase(rule: dict[str, Any]) -> str:
    kind = _kind(rule)
    if kind in ("decide_setup", "vote_setup"):
        return SETUP_PHASE
    if kind == "show_gotchas":
        return POST_PHASE
    if kind == "warn":
        scopes = {C.fact_scope(n) for n in C.fact_names(rule["when"])}
        return POST_PHASE if scopes & {C.REGISTRY, C.REGISTRY_ID, C.MODE} else GLOBAL_PHASE
    return REGISTRY_PHASE


def rules_from_json(data: dict[str, Any], name: str = "<rules>") -> RuleSet:
    """Compile validated rules (as JSON) for the engine."""
    compiled = []
    for index, rule in enumerate(data["rules"]):
        then = rule["then"]
        kind = _kind(rule)
        extra: dict[str, Any] = {}
        effect = dict(then)
        if kind == "decide_setup":
            extra["setup"] = then[kind]
        elif kind == "vote_setup":
            extra.update(setup=then[kind]["setup"], weight=float(then[kind]["weight"]))
        elif kind in ("boost", "penalise"):
            sign = 1.0 if kind == "boost" else -1.0
            extra.update(
                criterion=then[kind]["criterion"], points=sign * float(then[kind]["points"])
            )
        elif kind == "warn":
            extra.update(
                level=then[kind].get("level", "warning"),
                title=then[kind]["title"],
                top=then[kind].get("top", 3),
            )
        elif kind == "show_gotchas":
            extra.update(top=then[kind].get("top", 3))
        elif kind == "require":
            effect = {"require": True}  # the condition itself is traced on its own
        compiled.append(
            CompiledRule(
                index=index,
                id=rule["id"],
                kind=kind,
                phase=_phase(rule),
                when=C.compile_condition(rule["when"]),
                require=C.compile_condition(then["require"]) if kind == "require" else None,
                effect=effect,
                because=" ".join(rule["because"].split()),
                unconfirmed=" ".join(rule["unconfirmed"].split())
                if "unconfirmed" in rule
                else None,
                sources=tuple(rule.get("sources", ())),
                **extra,
            )
        )
    criteria = {
        n: Criterion(n, c["label"], c["help"], float(c["default"]))
        for n, c in data["criteria"].items()
    }
    tie = tuple(dict.fromkeys([*data.get("setup_tie_order", ()), "private", "public", "insecure"]))
    return RuleSet(rules=tuple(compiled), criteria=criteria, tie_order=tie, path=name)
