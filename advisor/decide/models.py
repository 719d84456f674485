"""Pydantic models of data/questions.yaml and data/rules.yaml.

These check the shape of the files; `advisor.decide.questions` and `advisor.decide.rules`
then cross-check every fact, operator, question and choice they name, and compile them for
the engine.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from advisor.decide.vocabulary import EFFECT_KINDS

SCHEMA_VERSION = 1

SetupType = Literal["public", "private", "insecure"]
SETUP_TYPES: tuple[str, ...] = ("public", "private", "insecure")
QuestionType = Literal["choice", "bool", "multi"]

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,62}$")]
QuestionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,62}$")]
ChoiceValue = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,62}$")]
Line = Annotated[str, Field(min_length=1, max_length=300)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
HttpsUrl = Annotated[str, Field(pattern=r"^https://[^\s/$.?#][^\s]*$", max_length=2000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Condition(_Strict):
    """One node: exactly one of `all`, `any`, `not`, or a leaf `fact` + `op` (+ `value`)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)

    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")
    fact: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    op: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    value: Any = None

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        forms = [k for k in ("all", "any", "not_", "fact") if getattr(self, k) is not None]
        if len(forms) != 1:
            raise ValueError(
                "a condition needs exactly one of 'all', 'any', 'not' or a 'fact' leaf"
                + (f" (got {', '.join(f.rstrip('_') for f in forms)})" if forms else "")
            )
        if self.fact is not None and self.op is None:
            raise ValueError(f"leaf on '{self.fact}' needs an 'op'")
        if self.fact is None and (self.op is not None or "value" in self.model_fields_set):
            raise ValueError("'op' and 'value' belong in a leaf next to 'fact'")
        return self


class Choice(_Strict):
    value: ChoiceValue
    label: Line


class Question(_Strict):
    id: QuestionId
    prompt: Line
    help: Text
    type: QuestionType
    choices: list[Choice] = []
    default: Any
    when: Condition | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        values = [c.value for c in self.choices]
        if len(set(values)) != len(values):
            raise ValueError("choice values must be unique")
        if self.type == "bool":
            if self.choices:
                raise ValueError("a bool question has no choices")
            if not isinstance(self.default, bool):
                raise ValueError(
                    f"default of a bool question must be true or false, got {self.default!r}"
                )
        elif len(self.choices) < 2:
            raise ValueError(f"a {self.type} question needs at least two choices")
        elif self.type == "choice" and self.default not in values:
            raise ValueError(
                f"default {self.default!r} is not one of the choices: {', '.join(values)}"
            )
        elif self.type == "multi" and (
            not isinstance(self.default, list) or any(d not in values for d in self.default)
        ):
            raise ValueError(
                f"default of a multi question must be a list of choices "
                f"({', '.join(values)}), got {self.default!r}"
            )
        return self


class QuestionsFile(_Strict):
    schema_version: Literal[1]
    questions: list[Question]


class Vote(_Strict):
    setup: SetupType
    weight: Annotated[float, Field(gt=0, le=100, strict=False)]


class Points(_Strict):
    criterion: Id
    points: Annotated[float, Field(gt=0, le=100, strict=False)]


class Warn(_Strict):
    title: Line
    level: Literal["info", "warning", "danger"] = "warning"
    # For a rule that names registry facts: warn only when that registry ranks this high.
    top: Annotated[int, Field(ge=1, le=50)] = 3


class ShowGotchas(_Strict):
    top: Annotated[int, Field(ge=1, le=50)] = 3


class Effect(_Strict):
    """Exactly one effect per rule."""

    decide_setup: SetupType | None = None
    vote_setup: Vote | None = None
    exclude: Literal[True] | None = None
    require: Condition | None = None
    boost: Points | None = None
    penalise: Points | None = None
    warn: Warn | None = None
    show_gotchas: ShowGotchas | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Effect:
        set_ = [k for k in EFFECT_KINDS if getattr(self, k) is not None]
        if len(set_) != 1:
            raise ValueError(
                f"'then' needs exactly one effect, one of: {', '.join(EFFECT_KINDS)}"
                + (f" (got {', '.join(set_)})" if set_ else "")
            )
        return self

    @property
    def kind(self) -> str:
        for k in EFFECT_KINDS:
            if getattr(self, k) is not None:
                return k
        raise AssertionError("validated")  # pragma: no cover


#: Words that state a feature is missing: never right for an unconfirmed fact.
NEGATIVE_CLAIM = re.compile(
    r"\b(does not|doesn't|do not|don't|lacks?|cannot|can't|no longer)\b", re.I
)


class Rule(_Strict):
    id: Id
    when: Condition
    then: Effect
    because: Annotated[str, Field(min_length=10, max_length=400)]
    # Said instead of `because` when the rule's outcome rests on a fact nobody could
    # confirm; it must not claim the feature is missing.
    unconfirmed: Annotated[str, Field(min_length=10, max_length=400)] | None = None
    sources: list[HttpsUrl] = []

    @model_validator(mode="after")
    def _one_sentence(self) -> Rule:
        for name in ("because", "unconfirmed"):
            text = (getattr(self, name) or "x.").strip()
            if not text.endswith((".", "!", "?")):
                raise ValueError(f"'{name}' must be one sentence ending with a full stop")
            if "\n" in text:
                raise ValueError(f"'{name}' must be one sentence on one line")
        if self.unconfirmed and NEGATIVE_CLAIM.search(self.unconfirmed):
            raise ValueError(
                "'unconfirmed' must not say the feature is missing ('does not', 'lacks'): "
                "the fact is not confirmed either way"
            )
        return self


class Criterion(_Strict):
    label: Line
    help: Text
    default: Annotated[float, Field(ge=0, le=10, strict=False)]


class RulesFile(_Strict):
    schema_version: Literal[1]
    # When votes tie and no rule decided, the first of these wins.
    setup_tie_order: list[SetupType] = ["private", "public", "insecure"]
    criteria: dict[Id, Criterion]
    rules: list[Rule]
