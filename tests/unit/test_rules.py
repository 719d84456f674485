"""The rules file: what ships loads and is well-formed; every kind of typo is caught by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from advisor.decide import conditions as C
from advisor.decide.rules import (
    POST_PHASE,
    REGISTRY_PHASE,
    SETUP_PHASE,
    load_rules,
    shipped_rules_path,
)
from advisor.errors import AdvisorError

SHIPPED = shipped_rules_path().read_text()


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")


def test_shipped_rules_load(rules) -> None:
    assert len(rules.rules) >= 60
    phases = {r.phase for r in rules.rules}
    assert {SETUP_PHASE, REGISTRY_PHASE, POST_PHASE} <= phases
    assert set(rules.criteria) >= {"cost", "lock_in", "ops_effort", "security", "ecosystem"}
    assert any(r.kind == "decide_setup" and r.when == C.ALWAYS for r in rules.rules)


# Warnings about the answers themselves (contradictions), which rest on no outside fact.
LOGICAL_WARNINGS = {
    "contradiction-offline-anywhere",
    "contradiction-offline-no-servers",
    "contradiction-public-offline",
    "local-network-without-servers",
}


def test_every_rule_has_one_sentence_and_warnings_have_sources(rules) -> None:
    for r in rules.rules:
        assert r.because.endswith("."), r.id
        assert "\n" not in r.because
        # A warning that quotes a catalog fact ({registry.x}) cites that fact's source.
        if r.kind == "warn" and r.id not in LOGICAL_WARNINGS and "{registry." not in r.because:
            assert r.sources, f"{r.id}: a warning rests on facts; cite them"
        for s in r.sources:
            assert s.startswith("https://")


def test_setup_rules_follow_the_seed(rules) -> None:
    decided = {r.setup for r in rules.rules if r.kind == "decide_setup"}
    assert decided == {"public", "private", "insecure"}


def _load_edited(tmp_path: Path, questions, old: str, new: str, count: int = 1):
    assert old in SHIPPED, old
    text = SHIPPED.replace(old, new, count)
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    with pytest.raises(AdvisorError) as exc:
        load_rules(questions, path)
    lines = getattr(exc.value, "lines", lambda: [str(exc.value)])()
    return lines


TYPOS = [
    # an unknown answer fact
    (
        "- id: anyone-may-pull\n    when: {fact: answer.audience,",
        "- id: anyone-may-pull\n    when: {fact: answer.audeince,",
        "rule anyone-may-pull",
        "unknown fact 'answer.audeince' (did you mean \"answer.audience\"?)",
    ),
    # an unknown registry fact
    (
        "when: {fact: registry.open_source, op: is_true}",
        "when: {fact: registry.open_sourse, op: is_true}",
        "rule open-source-freedom",
        'did you mean "registry.open_source"',
    ),
    # an unknown operator
    (
        "when: {fact: registry.open_source, op: is_true}",
        "when: {fact: registry.open_source, op: is_ture}",
        "rule open-source-freedom",
        'did you mean "is_true"',
    ),
    # an operator that does not fit the fact's type
    (
        "when: {fact: registry.open_source, op: is_true}",
        "when: {fact: registry.open_source, op: contains, value: x}",
        "rule open-source-freedom",
        "does not apply to bool fact",
    ),
    # a value outside a question's choices
    (
        "when: {fact: answer.audience, op: eq, value: anyone}",
        "when: {fact: answer.audience, op: eq, value: anyon}",
        "rule anyone-may-pull",
        'did you mean "anyone"',
    ),
    # a value outside a catalog attribute's closed list
    (
        "{fact: registry.formats, op: not_contains, value: oci-images}",
        "{fact: registry.formats, op: not_contains, value: oci-image}",
        "rule stores-images",
        'did you mean "oci-images"',
    ),
    # an unknown setup type
    (
        "then: {decide_setup: public}",
        "then: {decide_setup: publik}",
        "rule anyone-may-pull",
        "public",
    ),
    # an unknown criterion
    (
        "then: {boost: {criterion: lock_in, points: 1}}",
        "then: {boost: {criterion: lockin, points: 1}}",
        "rule open-source-freedom",
        'did you mean "lock_in"',
    ),
    # a misspelt key
    (
        "    because: It is open source, so you can run",
        "    becuase: It is open source, so you can run",
        "rule open-source-freedom",
        'did you mean "because"',
    ),
    # two effects at once
    (
        "then: {boost: {criterion: lock_in, points: 1}}",
        "then: {boost: {criterion: lock_in, points: 1}, exclude: true}",
        "rule open-source-freedom",
        "exactly one effect",
    ),
    # a string expression instead of a tree: refused, never evaluated
    (
        "when: {fact: registry.open_source, op: is_true}",
        'when: "registry.open_source == True"',
        "rule open-source-freedom",
        "when",
    ),
    # a setup rule may not read registry facts
    (
        "- id: anyone-may-pull\n    when: {fact: answer.audience, op: eq, value: anyone}",
        "- id: anyone-may-pull\n    when: {fact: registry.anonymous_pull, op: is_true}",
        "rule anyone-may-pull",
        "cannot be used in a rule that decides the setup",
    ),
    # an operator without its value
    (
        "when: {fact: answer.audience, op: eq, value: anyone}",
        "when: {fact: answer.audience, op: eq}",
        "rule anyone-may-pull",
        "needs a value",
    ),
]


@pytest.mark.parametrize(("old", "new", "rule", "needle"), TYPOS, ids=[t[3][:40] for t in TYPOS])
def test_typos_are_errors_naming_the_rule(tmp_path, questions, old, new, rule, needle) -> None:
    lines = _load_edited(tmp_path, questions, old, new)
    assert len(lines) == 1, lines
    assert rule in lines[0] and needle in lines[0], lines[0]
    assert re.match(r".*rules\.yaml:\d+", lines[0]), "the line number is given"


def test_missing_fallback_is_an_error(tmp_path, questions) -> None:
    lines = _load_edited(
        tmp_path,
        questions,
        "  - id: fallback-private\n    when: {all: []}",
        "  - id: fallback-private\n    when: {fact: answer.offline, op: is_true}",
    )
    assert any("no fallback" in ln for ln in lines)


def test_duplicate_rule_id(tmp_path, questions) -> None:
    lines = _load_edited(tmp_path, questions, "- id: chosen-users-only", "- id: anyone-may-pull")
    assert any("duplicate rule id" in ln and "anyone-may-pull" in ln for ln in lines)


def test_operators_cover_each_fact_type() -> None:
    for t in (C.CHOICE, C.BOOL, C.MULTI, C.TEXT):
        assert any(t in op.types for op in C.OPERATORS.values())


def test_unknown_values_are_neither_true_nor_false() -> None:
    """Three-valued logic (issue #10): only is_unknown/is_known answer on an unknown fact."""
    for name, op in C.OPERATORS.items():
        if name in ("answered",):
            continue
        value = ("x",) if op.value == "list" else "x"
        expected = {"is_unknown": True, "is_known": False}.get(name)
        assert C._apply(name, C.UNKNOWN, value) is expected, name


class _Fact:
    def __init__(self, value):
        self.value = value
        self.source = None


class _Registry:
    id = "r"

    def __init__(self, **attrs):
        self.attributes = type("A", (), {k: _Fact(v) for k, v in attrs.items()})()


SSO = {"fact": "registry.sso", "op": "is_true"}
AUDIT_YES = {"fact": "registry.audit_logs", "op": "is_true"}
AUDIT_NO = {"fact": "registry.audit_logs", "op": "is_false"}


@pytest.mark.parametrize(
    ("cond", "expected"),
    [
        ({"fact": "registry.sso", "op": "is_true"}, None),
        ({"not": {"fact": "registry.sso", "op": "is_true"}}, None),  # not unknown is unknown
        (
            {
                "all": [
                    {"fact": "registry.sso", "op": "is_true"},
                    {"fact": "registry.audit_logs", "op": "is_false"},
                ]
            },
            False,
        ),
        (
            {
                "any": [
                    {"fact": "registry.sso", "op": "is_true"},
                    {"fact": "registry.audit_logs", "op": "is_true"},
                ]
            },
            True,
        ),
        (
            {
                "any": [
                    {"fact": "registry.sso", "op": "is_true"},
                    {"fact": "registry.audit_logs", "op": "is_false"},
                ]
            },
            None,
        ),
        ({"fact": "registry.sso", "op": "is_unknown"}, True),
        ({"fact": "registry.retention_policies", "op": "is_true"}, None),  # absent = unknown
    ],
)
def test_kleene_logic_same_in_every_evaluator(cond, expected) -> None:
    reg = _Registry(sso=C.UNKNOWN, audit_logs=True)
    ctx = C.Context({}, frozenset(), registry=reg, mode="saas")
    node = C.compile_condition(cond)
    assert C.evaluate(node, ctx) is expected
    assert C.make_test(node)(ctx) is expected
    assert C.trace(node, ctx)["result"] is expected


def test_rules_cache_round_trip(tmp_path, questions, monkeypatch) -> None:
    monkeypatch.delenv("ADVISOR_NO_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = load_rules(questions)
    second = load_rules(questions)
    assert first.rules == second.rules
    assert list((tmp_path / "registry-advisor").glob("rules-*.json"))
