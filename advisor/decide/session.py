"""Loading everything a recommendation needs, once, for the CLI, the TUI and the reports.

`build_recommendation(...)` returns the documented JSON dict (docs/recommendation-json.md).
`load_context(...)` returns the loaded catalog, questions and rules so that a caller (the
TUI) can call `engine.recommend` repeatedly without reloading anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advisor.errors import UsageError, did_you_mean
from advisor.frozen import frozen
from advisor.i18n import _


@frozen
class Context:
    catalog: Any  # advisor.catalog.data.Catalog
    questions: Any  # advisor.decide.questions.QuestionSet
    rules: Any  # advisor.decide.rules.RuleSet

    def __iter__(self):  # so that `catalog, questions, rules = load_context(...)` works
        return iter((self.catalog, self.questions, self.rules))


def load_context(
    catalog_files: Sequence[str | Path] = (),
    *,
    rules_file: str | Path | None = None,
    questions_file: str | Path | None = None,
) -> Context:
    """The catalog (shipped + overlays), the questions and the rules, loaded and checked."""
    from advisor.catalog.load import load_catalog
    from advisor.decide.questions import load_questions
    from advisor.decide.rules import load_rules

    questions = load_questions(questions_file)
    rules = load_rules(questions, rules_file)
    return Context(load_catalog(catalog_files), questions, rules)


def parse_weights(items: Sequence[str], criteria: Sequence[str] | None = None) -> dict[str, float]:
    """`--weight NAME=N` values; names are checked against `criteria` when given."""
    out: dict[str, float] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(
                _("--weight expects NAME=N (for example cost=2), got '{item}'").format(item=item)
            )
        if criteria is not None and name not in criteria:
            raise UsageError(
                _("--weight: unknown criterion '{name}'").format(name=name)
                + did_you_mean(name, criteria)
                + "; "
                + _("criteria: {names}").format(names=", ".join(criteria))
            )
        try:
            value = float(raw)
        except ValueError:
            raise UsageError(
                _("--weight {name}: expected a number, got {value}").format(
                    name=name, value=f"'{raw}'"
                )
            ) from None
        out[name] = value
    return out


def gather_answers(
    answers_file: str | Path | None, overrides: Sequence[str], questions: Any
) -> dict[str, Any]:
    """The answers file (if any) with the `--answer ID=VALUE` overrides on top, validated."""
    from advisor.decide.answers import load_answers, parse_override

    answers = load_answers(answers_file, questions) if answers_file is not None else {}
    for item in overrides:
        key, value = parse_override(item, questions)
        answers[key] = value
    return answers


def build_recommendation(
    answers_file: str | None,
    overrides: Sequence[str] = (),
    catalog_files: Sequence[str] = (),
    weights: Sequence[str] = (),
    *,
    rules_file: str | None = None,
    full_trace: bool = False,
    strict_unknowns: bool = False,
) -> dict[str, Any]:
    """Everything loaded once; the recommendation as the documented JSON dict."""
    rec, _context = recommend_in_context(
        answers_file,
        overrides,
        catalog_files,
        weights,
        rules_file=rules_file,
        full_trace=full_trace,
        strict_unknowns=strict_unknowns,
    )
    return rec.to_json()


def recommend_in_context(
    answers_file: str | None,
    overrides: Sequence[str] = (),
    catalog_files: Sequence[str] = (),
    weights: Sequence[str] = (),
    *,
    rules_file: str | None = None,
    full_trace: bool = False,
    strict_unknowns: bool = False,
) -> tuple[Any, Context]:
    """The typed recommendation (advisor.decide.result) and what it was computed from
    (reports cite the catalog)."""
    from advisor.catalog.load import load_catalog
    from advisor.decide.engine import recommend
    from advisor.decide.questions import load_questions
    from advisor.decide.rules import load_rules

    # Cheapest checks first, so a typo in the answers is reported before any heavy loading.
    questions = load_questions()
    answers = gather_answers(answers_file, overrides, questions)
    rules = load_rules(questions, rules_file)
    parsed_weights = parse_weights(weights, list(rules.criteria))
    catalog = load_catalog(catalog_files)
    rec = recommend(
        catalog,
        questions,
        rules,
        answers,
        parsed_weights,
        full_trace=full_trace,
        strict_unknowns=strict_unknowns,
    )
    return rec, Context(catalog, questions, rules)


def render_json(data: dict[str, Any]) -> str:
    from advisor.io.jsontext import pretty

    return pretty(data) + "\n"
