"""The questions, declared once in data/questions.yaml.

`load_questions()` validates the file (pydantic, on a cache miss only) and cross-checks
every `when` condition; `visible_questions(questions, answers)` is the follow-up logic the
TUI uses to decide what to ask next; `resolve(questions, answers)` gives the engine the
value of every question (the answer, or the default) and says which defaults were assumed.
The objects here are plain and read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from advisor.decide import conditions as C
from advisor.errors import AdvisorError, DataError
from advisor.frozen import frozen
from advisor.i18n import N_, _
from advisor.io.paths import data_file
from advisor.io.yamlfile import line_of

TYPE_TO_FACT = {"choice": C.CHOICE, "bool": C.BOOL, "multi": C.MULTI}
_HERE = Path(__file__).resolve().parent
# Editing any of these invalidates the cache of validated questions and rules.
MODEL_SOURCES = (
    _HERE / "models.py",
    _HERE / "vocabulary.py",
    _HERE / "conditions.py",
    _HERE / "questions.py",
    _HERE / "rules.py",
    _HERE.parent / "io" / "problems.py",
    _HERE.parent / "io" / "pipeline.py",
)


def shipped_questions_path() -> Path:
    return data_file("questions.yaml")


@frozen
class Choice:
    value: str
    label: str


@frozen
class Question:
    id: str
    prompt: str
    help: str
    type: str  # choice | bool | multi
    choices: tuple[Choice, ...]
    default: Any  # str | bool | tuple[str, ...]
    when: dict[str, Any] | None  # the condition as written, or None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def label_of(self, value: Any) -> str:
        if self.type == "bool":
            return _("yes") if value else _("no")
        if self.type == "multi":
            return ", ".join(self.label_of_choice(v) for v in value) if value else _("none")
        return self.label_of_choice(value)

    def label_of_choice(self, value: Any) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label
        return str(value)

    def fact(self) -> C.FactSpec:
        return C.FactSpec(
            name=f"answer.{self.id}",
            scope=C.ANSWER,
            type=TYPE_TO_FACT[self.type],
            allowed=self.values if self.type != "bool" else None,
            help=self.prompt,
        )


class QuestionSet(tuple):
    """The questions in the order they are asked, with lookups by id."""

    by_id: dict[str, Question]
    when: dict[str, tuple]  # compiled `when` conditions
    path: str
    text: str  # the file's text (the rules cache depends on it)

    def get(self, question_id: str) -> Question | None:
        return self.by_id.get(question_id)

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self]

    @property
    def facts(self) -> dict[str, C.FactSpec]:
        return {f"answer.{q.id}": q.fact() for q in self}


def load_questions(path: str | Path | None = None) -> QuestionSet:
    """Load and check the questions file (the shipped one by default).

    Runs the loader pipeline (`advisor/io/pipeline.py`); the result is cached by the
    file's text and MODEL_SOURCES. Raises DataError (one problem) or DataErrors (several).
    """
    from advisor.io.pipeline import load_texts, only, read_all

    p = Path(path) if path is not None else shipped_questions_path()
    texts = read_all([p])
    name, text = texts[0]
    return load_texts(
        "questions",
        texts,
        validate=_validator(),
        cross_check=lambda docs: _cross_check(docs[0]),
        fingerprints=MODEL_SOURCES,
        key_of=lambda texts: texts[0][1],
        build=lambda datas: questions_from_json(only(datas), name, text),
    )


def translate_questions(items: list[Question], lang: str | None = None) -> list[Question]:
    """The questions with prompt, help and choice labels in the current language.

    Translations come from `data/i18n/<lang>/questions.yaml`, keyed by question id and
    choice value; ids, values, types, defaults and `when` never change, so answers files
    and rules work the same in every language. Anything untranslated stays English
    (tests/data/test_i18n_id_content.py fails on a gap).
    """
    from advisor.frozen import replace
    from advisor.i18n import data_translation

    table = data_translation("questions", lang)
    if not table:
        return items
    out = []
    for q in items:
        entry = table.get(q.id)
        if isinstance(entry, dict):
            labels = entry.get("choices") if isinstance(entry.get("choices"), dict) else {}
            q = replace(
                q,
                prompt=" ".join(str(entry.get("prompt") or q.prompt).split()),
                help=" ".join(str(entry.get("help") or q.help).split()),
                choices=tuple(
                    Choice(c.value, " ".join(str(labels.get(c.value) or c.label).split()))
                    for c in q.choices
                ),
            )
        out.append(q)
    return out


def questions_from_json(
    data: dict[str, Any], name: str = "<questions>", text: str = ""
) -> QuestionSet:
    items = [
        Question(
            id=q["id"],
            prompt=q["prompt"],
            help=q["help"],
            type=q["type"],
            choices=tuple(Choice(c["value"], c["label"]) for c in q.get("choices", ())),
            default=tuple(q["default"]) if isinstance(q["default"], list) else q["default"],
            when=q.get("when"),
        )
        for q in data["questions"]
    ]
    items = translate_questions(items)
    qs = QuestionSet(items)
    qs.by_id = {q.id: q for q in items}
    qs.when = {q.id: C.compile_condition(q.when) for q in items if q.when is not None}
    qs.path = name
    qs.text = text
    return qs


def _validator() -> Any:
    """The pipeline's validate step for a questions file: the QuestionsFile model, its
    errors named by question (pydantic loads on a cache miss only)."""
    from advisor.io.pipeline import model_validator

    def model() -> type:
        from advisor.decide.models import QuestionsFile

        return QuestionsFile

    return model_validator(
        model, expect=N_("a mapping with 'schema_version' and 'questions'"), item_of=_item_of
    )


def _item_of(data: Any, loc: tuple) -> tuple[str | None, tuple]:
    """Name the question a location belongs to, e.g. 'question offline'."""
    raw = data.get("questions") if isinstance(data.get("questions"), list) else []
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        q = raw[loc[1]] if loc[1] < len(raw) else None
        qid = q.get("id") if isinstance(q, dict) else None
        return (f"question {qid}" if isinstance(qid, str) else f"questions[{loc[1]}]", loc[2:])
    return None, loc


def _cross_check(doc: Any) -> list[AdvisorError]:
    """Duplicate ids, and `when` conditions that name unknown or later questions."""
    out, node, file = doc.data, doc.node, doc.file
    problems = []
    facts: dict[str, C.FactSpec] = {}
    later = {f"answer.{q['id']}" for q in out["questions"]}
    for i, q in enumerate(out["questions"]):
        fact_name = f"answer.{q['id']}"
        later.discard(fact_name)
        if fact_name in facts:
            problems.append(
                DataError(
                    f"duplicate question id '{q['id']}'",
                    file=file,
                    line=line_of(node, ("questions", i, "id")),
                    key=f"question {q['id']}",
                )
            )
            continue
        if "when" in q:
            for loc, message in C.check(
                q["when"],
                facts,
                ("questions", i, "when"),
                allowed_scopes=frozenset({C.ANSWER}),
                context=N_("in a question's 'when'"),
            ):
                if _names_a_later_question(q["when"], loc[3:], facts, later):
                    message += " " + _("(a 'when' may only refer to earlier questions)")
                problems.append(
                    DataError(
                        message, file=file, line=line_of(node, loc), key=f"question {q['id']}"
                    )
                )
        facts[fact_name] = questions_from_json({"questions": [q]})[0].fact()
    return problems


def _names_a_later_question(
    when: Any, loc: tuple, facts: Mapping[str, Any], later: set[str]
) -> bool:
    """Whether the problem at `loc` (inside a question's `when`) is a fact that is unknown
    because it is a later question's answer."""
    if not loc or loc[-1] != "fact":
        return False
    node = when
    for part in loc[:-1]:
        node = node[part] if isinstance(node, dict | list) else None
    name = node.get("fact") if isinstance(node, dict) else None
    return name is not None and name not in facts and name in later


@frozen
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
                value = answers[q.id]
                values[q.id] = tuple(value) if isinstance(value, list) else value
                answered.add(q.id)
            else:
                values[q.id] = q.default
                assumed.append(q.id)
        else:
            values[q.id] = q.default
            if q.id in answers:
                ignored.append(q.id)
    return Resolved(values, frozenset(answered), tuple(visible), tuple(assumed), tuple(ignored))


def visible_questions(questions: QuestionSet, answers: Mapping[str, Any]) -> list[Question]:
    """The questions to ask given the answers so far (defaults stand in for the rest)."""
    shown = set(resolve(questions, answers).visible)
    return [q for q in questions if q.id in shown]
