"""The questions, declared once in data/questions.yaml.

`load_questions()` validates the file and cross-checks every `when` condition;
`visible_questions(questions, answers)` is the follow-up logic the TUI uses to decide what
to ask next; `resolve(questions, answers)` gives the engine the value of every question
(the answer, or the default) and says which defaults were assumed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor import conditions as C
from advisor.errors import DataError
from advisor.paths import data_file
from advisor.validation import kind_of, problems_from, raise_all
from advisor.yamlio import line_of, load_yaml

if TYPE_CHECKING:
    import yaml

    from advisor.rules_models import Question

TYPE_TO_FACT = {"choice": C.CHOICE, "bool": C.BOOL, "multi": C.MULTI}


def shipped_questions_path() -> Path:
    return data_file("questions.yaml")


class QuestionSet(tuple):
    """The questions in the order they are asked, with lookups by id."""

    by_id: dict[str, Question]
    facts: dict[str, C.FactSpec]
    when: dict[str, tuple]  # compiled `when` conditions
    path: str

    def get(self, question_id: str) -> Question | None:
        return self.by_id.get(question_id)

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self]


def answer_fact(q: Question) -> C.FactSpec:
    return C.FactSpec(
        name=f"answer.{q.id}",
        scope=C.ANSWER,
        type=TYPE_TO_FACT[q.type],
        allowed=q.values if q.type != "bool" else None,
        help=q.prompt,
    )


def load_questions(path: str | Path | None = None) -> QuestionSet:
    """Load and check the questions file (the shipped one by default)."""
    p = Path(path) if path is not None else shipped_questions_path()
    data, node = load_yaml(p)
    return parse_questions(data, node, str(p))


def parse_questions(data: Any, node: yaml.Node | None, file: str) -> QuestionSet:
    from pydantic import ValidationError

    from advisor.rules_models import QuestionsFile

    if not isinstance(data, dict):
        raise DataError(
            f"expected a mapping with 'schema_version' and 'questions', got a {kind_of(data)}",
            file=file,
            line=line_of(node, ()),
        )
    raw = data.get("questions") if isinstance(data.get("questions"), list) else []

    def item_of(loc: tuple) -> tuple[str | None, tuple]:
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            q = raw[loc[1]] if loc[1] < len(raw) else None
            qid = q.get("id") if isinstance(q, dict) else None
            return (f"question {qid}" if isinstance(qid, str) else f"questions[{loc[1]}]",
                    loc[2:])
        return None, loc

    try:
        parsed = QuestionsFile.model_validate(data)
    except ValidationError as exc:
        raise_all(problems_from(exc, node, file, QuestionsFile, item_of))
        raise  # pragma: no cover - raise_all always raises here

    problems = []
    facts: dict[str, C.FactSpec] = {}
    later = {f"answer.{q.id}" for q in parsed.questions}
    for i, q in enumerate(parsed.questions):
        later.discard(f"answer.{q.id}")
        if f"answer.{q.id}" in facts:
            problems.append(
                DataError(f"duplicate question id '{q.id}'", file=file,
                          line=line_of(node, ("questions", i, "id")), key=f"question {q.id}")
            )
            continue
        if q.when is not None:
            for loc, message in C.check(q.when, facts, ("questions", i, "when"),
                                        allowed_scopes=frozenset({C.ANSWER}),
                                        context="in a question's 'when'"):
                if message.startswith("unknown fact") and _fact_in(q.when, later):
                    message += " (a 'when' may only refer to earlier questions)"
                problems.append(DataError(message, file=file, line=line_of(node, loc),
                                          key=f"question {q.id}"))
        facts[f"answer.{q.id}"] = answer_fact(q)
    raise_all(problems)

    qs = QuestionSet(parsed.questions)
    qs.by_id = {q.id: q for q in parsed.questions}
    qs.facts = facts
    qs.when = {q.id: C.compile_condition(q.when, facts) for q in parsed.questions if q.when}
    qs.path = file
    return qs


def _fact_in(cond: Any, names: set[str]) -> bool:
    stack = [cond]
    while stack:
        c = stack.pop()
        if c.fact in names:
            return True
        stack.extend(c.all or [])
        stack.extend(c.any or [])
        if c.not_ is not None:
            stack.append(c.not_)
    return False


@dataclass(frozen=True)
class Resolved:
    """Every question's value for the engine, and how it was arrived at."""

    values: dict[str, Any]  # every question id -> value used
    answered: frozenset[str]  # answered by the user and asked
    visible: tuple[str, ...]  # asked, in order
    assumed: tuple[str, ...]  # asked but not answered: the default was used
    ignored: tuple[str, ...]  # answered but not asked (its `when` does not hold)


def resolve(questions: QuestionSet, answers: Mapping[str, Any]) -> Resolved:
    """Walk the questions in order, applying `when`; a question not asked takes its default."""
    values: dict[str, Any] = {}
    visible: list[str] = []
    assumed: list[str] = []
    ignored: list[str] = []
    answered: set[str] = set()
    for q in questions:
        when = questions.when.get(q.id)
        shown = when is None or C.evaluate(when, C.Context(values, frozenset(answered)))
        if shown:
            visible.append(q.id)
            if q.id in answers:
                values[q.id] = answers[q.id]
                answered.add(q.id)
            else:
                values[q.id] = _copy(q.default)
                assumed.append(q.id)
        else:
            values[q.id] = _copy(q.default)
            if q.id in answers:
                ignored.append(q.id)
    return Resolved(values, frozenset(answered), tuple(visible), tuple(assumed), tuple(ignored))


def _copy(v: Any) -> Any:
    return tuple(v) if isinstance(v, list) else v


def visible_questions(questions: QuestionSet, answers: Mapping[str, Any]) -> list[Question]:
    """The questions to ask given the answers so far (defaults stand in for the rest)."""
    shown = set(resolve(questions, answers).visible)
    return [q for q in questions if q.id in shown]
