"""The published JSON Schemas: committed copies match the generators, the recommendation
JSON of every example and of a sample of the answer sweep follows its schema, and the
answers schema accepts exactly what the answers loader accepts."""

from __future__ import annotations

import json
from functools import cache

import pytest
from conftest import ROOT, assert_one_error_line, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from advisor.decide.answers import load_answers, validate_answers
from advisor.decide.engine import recommend
from advisor.decide.result import Recommendation
from advisor.decide.session import load_context
from advisor.errors import AdvisorError
from advisor.present import render_report
from advisor.recommendation.schema import SCHEMA_NAMES, schema_text

SCHEMAS = ROOT / "data" / "schemas"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.fixture(scope="module")
def context():
    return load_context()


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_committed_schema_matches_the_generator(name: str) -> None:
    committed = (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), (
        f"data/schemas/{name}.schema.json is stale: run 'registry-advisor schema {name} "
        f"--output data/schemas/{name}.schema.json --force'"
    )


def test_schema_command_prints_the_committed_schema() -> None:
    from advisor.cli.schema import NAMES

    assert NAMES == SCHEMA_NAMES
    proc = run_cli("schema", "recommendation")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (SCHEMAS / "recommendation.schema.json").read_text(encoding="utf-8")
    assert_one_error_line(run_cli("schema", "recomendation"), "recomendation")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_follows_the_schemas(example, context) -> None:
    answers_file = json.loads(json.dumps(__import__("yaml").safe_load(example.read_text())))
    validator("answers").validate(answers_file)
    answers = load_answers(example, context.questions)
    rec = recommend(context.catalog, context.questions, context.rules, answers)
    data = json.loads(
        render_report("json", rec, catalog=context.catalog, questions=context.questions)
    )
    validator("recommendation").validate(data)  # with the report block
    # the typed objects read their own JSON back unchanged
    assert Recommendation.from_json(rec.to_json()).to_json() == rec.to_json()


def test_the_cli_json_follows_the_schema() -> None:
    proc = run_cli("recommend", "--answers", str(EXAMPLES[0]), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    validator("recommendation").validate(json.loads(proc.stdout))


def test_a_sample_of_the_sweep_follows_the_schema(context) -> None:
    """A sample checked with the reference validator (jsonschema), what-if included: every
    150th combination without its trace, every 4500th whole, every 600th with its what-if.
    The exhaustive sweep in tests/unit/test_engine.py validates all 13,440 whole documents
    with jsonschema-rs."""
    from test_engine import sweep_answers

    v = validator("recommendation")
    checked = 0
    for i, answers in enumerate(sweep_answers(context.questions)):
        if i % 150:
            continue
        data = recommend(
            context.catalog, context.questions, context.rules, answers, sensitivity=i % 600 == 0
        ).to_json()
        if i % 4500:
            data["trace"] = []
        v.validate(data)
        checked += 1
    assert checked > 85


def test_a_wrong_shape_fails(context) -> None:
    answers = load_answers(EXAMPLES[0], context.questions)
    data = recommend(context.catalog, context.questions, context.rules, answers).to_json()
    v = validator("recommendation")
    for broken in (
        {**data, "setup": "open"},
        {**data, "extra": 1},
        {**data, "registries": [{**data["registries"][0], "score": "high"}]},
        {k: val for k, val in data.items() if k != "warnings"},
    ):
        assert not v.is_valid(broken)


# ---------------------------------------------------------------- answers: schema == loader

ANSWER_VALUES = (
    st.booleans()
    | st.none()
    | st.integers(-1, 2)
    | st.sampled_from(
        [
            "yes",
            "No",
            " TRUE ",
            "off",
            "1",
            "y",
            "maybe",
            "anywhere",
            " local-network ",
            "aws",
            "images, helm",
            ",helm,",
            "",
            "images helm",
            "scanning",
            "Images",
        ]
    )
    | st.lists(st.sampled_from(["images", "helm", " npm ", "nope", ""]), max_size=3)
)


@settings(max_examples=300, deadline=None)
@given(
    raw=st.dictionaries(
        st.sampled_from(["reach", "offline", "artifacts", "must_have", "cloud", "reech"]),
        ANSWER_VALUES,
        max_size=4,
    )
)
def test_answers_schema_accepts_what_the_loader_accepts(raw, questions) -> None:
    try:
        validate_answers(raw, questions)
        loader_ok = True
    except AdvisorError:
        loader_ok = False
    assert validator("answers").is_valid(raw) == loader_ok, raw
