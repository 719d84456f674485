"""Expert cases (issue #10): situations written from vendor docs and the field notes, each
with the setup, the registries that must and must not lead, and the warnings that must
appear. They run against the shipped catalog, questions and rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.catalog.load import load_catalog
from advisor.decide.answers import validate_answers
from advisor.decide.engine import recommend

CASES = yaml.safe_load((Path(__file__).with_name("expert_cases.yaml")).read_text())["cases"]
KEYS = {
    "id", "why", "answers", "setup", "first_one_of", "top3_any", "not_first", "not_ranked",
    "modes", "first_mode", "warnings", "no_warnings", "no_reasons", "nothing_ranked",
}  # fmt: skip


def test_the_table_is_big_enough_and_well_formed() -> None:
    assert len(CASES) >= 20
    assert len({c["id"] for c in CASES}) == len(CASES)
    for case in CASES:
        assert set(case) <= KEYS, (case["id"], set(case) - KEYS)
        assert case["why"].strip() and case["setup"] in ("public", "private", "insecure")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_expert_case(case: dict[str, Any], catalog, questions, rules) -> None:
    answers = validate_answers(case["answers"], questions)
    data = recommend(catalog, questions, rules, answers, sensitivity=False).to_json()
    ranked = data["registries"]
    ids = [r["id"] for r in ranked]
    assert data["setup"] == case["setup"]
    if case.get("nothing_ranked"):
        assert ids == []
    else:
        assert ids, "something must be ranked"
    if "first_one_of" in case:
        assert ids[0] in case["first_one_of"], ids[:3]
    if "top3_any" in case:
        assert set(ids[:3]) & set(case["top3_any"]), ids[:3]
    for rid in case.get("not_first", ()):
        assert not ids or ids[0] != rid, ids[:3]
    for rid in case.get("not_ranked", ()):
        assert rid not in ids
    if "modes" in case:
        assert {r["mode"] for r in ranked} <= {case["modes"]}, [
            (r["id"], r["mode"]) for r in ranked
        ]
    if "first_mode" in case:
        assert ranked[0]["mode"] == case["first_mode"], (ids[0], ranked[0]["mode"])
    warned = {w["rule"] for w in data["warnings"]}
    for rule in case.get("warnings", ()):
        assert rule in warned, sorted(warned)
    for rule in case.get("no_warnings", ()):
        assert rule not in warned
    reasons = {x["rule"] for r in ranked for x in r["reasons"]}
    for rule in case.get("no_reasons", ()):
        assert rule not in reasons
