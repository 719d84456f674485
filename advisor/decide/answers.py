"""Answers: a YAML mapping of question id to value, plus `--answer ID=VALUE` overrides.

Every value is checked against its question: an unknown id gets "did you mean", a value
outside the choices lists the allowed ones, a wrong type says what was expected.
Validated answers map each id to a str (choice), a bool (bool) or a list of str (multi,
in the order of the question's choices).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.errors import AdvisorError, DataError, UsageError, did_you_mean
from advisor.i18n import _
from advisor.io.problems import kind_of, raise_all
from advisor.io.yamlfile import line_of, load_yaml

if TYPE_CHECKING:
    import yaml

    from advisor.decide.models import Question
    from advisor.decide.questions import QuestionSet

TRUE_WORDS = {"yes", "y", "true", "on", "1"}
FALSE_WORDS = {"no", "n", "false", "off", "0"}


def load_answers(path: str | Path, questions: QuestionSet | None = None) -> dict[str, Any]:
    """Read an answers file. With `questions`, validate it too (errors carry line numbers).

    With `questions`, the file goes through the loader pipeline (`advisor/io/pipeline.py`):
    read safely, parse, check every answer (`_check_document`), report every problem at
    once. Valid files are cached with the questions they were checked against, so a repeat
    run does not parse YAML; a file with problems is parsed every time, for its line
    numbers. Raises DataError (one problem) or DataErrors (several).
    """
    if questions is None:
        data, _node = _parse(path)
        return dict(data)
    from advisor.io.pipeline import load_checked, only

    def check(data: Any, node: Any, name: str) -> dict[str, Any]:
        return _check_document(data, node, name, questions)

    return load_checked(
        "answers",
        [path],
        validate=check,
        fingerprints=[Path(__file__)],
        key_of=lambda texts: f"{questions.text}\0{texts[0][1]}",
        build=lambda datas: _still_clean(only(datas), questions),
    )


def _still_clean(data: Any, questions: QuestionSet) -> dict[str, Any]:
    """Validated answers pass `clean_value` unchanged; a cached entry that does not is
    refused (ValueError), so the cache can never change what a file answers."""
    if not isinstance(data, dict):
        raise ValueError("answers are a mapping")
    for key, value in data.items():
        q = questions.get(key) if isinstance(key, str) else None
        if q is None or clean_value(q, value) != value:
            raise ValueError(f"answer {key!r} is not clean")
    return data


def _parse(path: str | Path) -> tuple[dict[Any, Any], Any]:
    data, node = load_yaml(path)
    _check_mapping(data, node, str(path))
    return data, node


def _check_document(data: Any, node: Any, name: str, questions: QuestionSet) -> dict[str, Any]:
    """The pipeline's validate step for an answers file: a mapping, every answer clean."""
    _check_mapping(data, node, name)
    return validate_answers(data, questions, source=name, node=node)


def _check_mapping(data: Any, node: Any, name: str) -> None:
    if not isinstance(data, dict):
        raise DataError(
            _(
                "expected a mapping of question id to answer (like 'reach: anywhere'), got a {kind}"
            ).format(kind=kind_of(data)),
            file=name,
            line=line_of(node, ()),
        )


def validate_answers(
    raw: Mapping[Any, Any],
    questions: QuestionSet,
    *,
    source: str | None = None,
    node: yaml.Node | None = None,
    from_cli: bool = False,
) -> dict[str, Any]:
    """Check every answer; report all problems at once. Returns {id: clean value}."""
    out: dict[str, Any] = {}
    problems: list[AdvisorError] = []
    error_cls = UsageError if from_cli else DataError
    for key, value in raw.items():
        line = line_of(node, (str(key),)) if node is not None else None
        if not isinstance(key, str):
            problems.append(
                error_cls(
                    _("question ids are text, got {key}").format(key=repr(key)),
                    file=source,
                    line=line,
                )
            )
            continue
        q = questions.get(key)
        if q is None:
            problems.append(
                error_cls(
                    _("unknown question {id}").format(id=_quoted(key))
                    + did_you_mean(key, questions.ids),
                    file=source,
                    line=line,
                )
            )
            continue
        try:
            out[key] = clean_value(q, value, from_cli=from_cli)
        except ValueError as exc:
            problems.append(error_cls(str(exc), file=source, line=line, key=key))
    raise_all(problems)
    return out


def clean_value(q: Question, value: Any, *, from_cli: bool = False) -> Any:
    """The answer in its clean form, or ValueError saying what is wrong."""
    if value is None:
        raise ValueError(_("no value given; {expected}").format(expected=expected(q)))
    if q.type == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return value.strip().lower() in TRUE_WORDS
        raise ValueError(
            _("expected yes or no (true/false), got {value}").format(value=_shown(value))
        )
    if q.type == "choice":
        if not isinstance(value, str):
            raise ValueError(
                _("expected one of: {choices}; got {value} (a {kind})").format(
                    choices=", ".join(q.values), value=_shown(value), kind=kind_of(value)
                )
            )
        v = value.strip()
        if v not in q.values:
            raise ValueError(
                _("{value} is not a choice").format(value=_quoted(v))
                + did_you_mean(v, q.values)
                + "; "
                + expected(q)
            )
        return v
    # multi
    if isinstance(value, str):
        items: list[Any] = [s for s in (p.strip() for p in value.split(",")) if s]
    elif isinstance(value, list):
        items = value
    else:
        raise ValueError(
            _("expected a list of: {choices}; got {value}").format(
                choices=", ".join(q.values), value=_shown(value)
            )
        )
    chosen = set()
    for item in items:
        if not isinstance(item, str):
            raise ValueError(
                _("expected a list of: {choices}; got {value} in the list").format(
                    choices=", ".join(q.values), value=_shown(item)
                )
            )
        v = item.strip()
        if v not in q.values:
            raise ValueError(
                _("{value} is not a choice").format(value=_quoted(v))
                + did_you_mean(v, q.values)
                + "; "
                + _("allowed: {choices}").format(choices=", ".join(q.values))
            )
        chosen.add(v)
    return [v for v in q.values if v in chosen]


def expected(q: Question) -> str:
    if q.type == "bool":
        return _("expected yes or no")
    if q.type == "choice":
        return _("allowed: {choices}").format(choices=", ".join(q.values))
    return _("expected a list of: {choices}").format(choices=", ".join(q.values))


def _quoted(text: str) -> str:
    """'text' in quotes, or its repr when it holds a newline or other unprintable."""
    shown = f"'{text}'" if text.isprintable() else repr(text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _shown(value: Any) -> str:
    s = repr(value)
    return s if len(s) <= 60 else s[:57] + "..."


def parse_override(text: str, questions: QuestionSet) -> tuple[str, Any]:
    """`--answer ID=VALUE`: bools take yes/no/true/false, multi takes a comma-separated list."""
    if "=" not in text:
        raise UsageError(_("--answer expects ID=VALUE, got {text}").format(text=_quoted(text)))
    key, _sep, value = text.partition("=")
    key = key.strip()
    q = questions.get(key)
    if q is None:
        raise UsageError(
            "--answer: "
            + _("unknown question {id}").format(id=_quoted(key))
            + did_you_mean(key, questions.ids)
        )
    try:
        return key, clean_value(q, value, from_cli=True)
    except ValueError as exc:
        raise UsageError(f"--answer {key}: {exc}") from None


def to_yaml(answers: Mapping[str, Any], questions: QuestionSet) -> str:
    """An answers file for these answers, in question order, with each prompt as a comment.

    Every file written here loads back with `load_answers`: with no answers at all (every
    question skipped, so every default applies) it holds an empty mapping, `{}`.
    """
    import yaml

    if not any(q.id in answers for q in questions):
        return (
            "# No answers given: every question uses its default.\n"
            "# Add lines like 'reach: anywhere' (see data/questions.yaml).\n{}\n"
        )
    lines = []
    for q in questions:
        if q.id not in answers:
            continue
        lines.append(f"# {q.prompt}")
        value = answers[q.id]
        value = list(value) if isinstance(value, tuple) else value
        dumped = yaml.safe_dump({q.id: value}, default_flow_style=True, sort_keys=False)
        lines.append(dumped.strip().removeprefix("{").removesuffix("}"))
    return "\n".join(lines) + "\n"
