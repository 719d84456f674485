"""The engine: the seed's cases, odd combinations, weights, what-if, an exhaustive sweep of
every combination of the choice and yes/no questions, and property tests on odd answers."""

from __future__ import annotations

import contextlib
import gc
import json
import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.catalog.data import Catalog
from advisor.catalog.load import load_catalog, parse_catalog_file
from advisor.decide.answers import validate_answers
from advisor.decide.engine import decide, fill_in, recommend
from advisor.decide.models import NEGATIVE_CLAIM
from advisor.decide.questions import load_questions
from advisor.decide.rules import SETUP_PHASE, rules_from_json, validate_rules
from advisor.decide.whatif import alternatives
from advisor.errors import AdvisorError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def small():
    """Six varied registries, some facts unknown: independent of the shipped catalog."""
    return parse_catalog_file(FIXTURES / "catalog-small.yaml")


@pytest.fixture(scope="module")
def shipped():
    return load_catalog()


def run(catalog, questions, rules, answers, weights=None, **kw):
    clean = validate_answers(answers, questions)
    return recommend(catalog, questions, rules, clean, weights, **kw).to_json()


# ---------------------------------------------------------------------------------------
# Invariants checked on every result


def trace_index(data):
    out = {}
    for entry in data["trace"]:
        for ev in entry["evaluations"]:
            out[(entry["rule"], ev["registry"], ev.get("mode"))] = (entry, ev)
    return out


def check_invariants(data, catalog):
    assert data["schema_version"] == 2
    setup = data["setup"]
    assert setup in ("public", "private", "insecure")
    index = trace_index(data)
    answers = data["effective_answers"]
    by_id = {r.id: r for r in catalog.registries}

    def traced(reason):
        entry, ev = index[(reason["rule"], reason["registry"], reason.get("mode"))]
        assert ev["applied"], reason
        if reason.get("confirmed", True):
            assert ev["fired"], reason
            registry = by_id.get(reason["registry"])
            assert fill_in(entry["because"], registry) == reason["because"]
        else:
            # Rests on an unconfirmed fact: never a flat negative, never more than a third.
            assert ev["fired"] is None or ev.get("require") is not None, reason
            assert reason["unconfirmed_facts"], reason
            assert not NEGATIVE_CLAIM.search(reason["because"]), reason["because"]
        return entry, ev

    # exactly one setup, decided by rules that fired
    assert data["setup_reasons"], "the setup type always has a reason"
    for r in data["setup_reasons"]:
        entry, _ = traced(r)
        assert entry["phase"] == SETUP_PHASE
    ranked = [r["id"] for r in data["registries"]]
    excluded = [r["id"] for r in data["excluded"]]
    assert sorted(ranked + excluded) == sorted(reg.id for reg in catalog.registries)
    assert not set(ranked) & set(excluded)
    keys = [(-r["score"], r["id"]) for r in data["registries"]]
    assert keys == sorted(keys), "best first, ties broken by id"
    for rank, reg in enumerate(data["registries"], start=1):
        assert reg["rank"] == rank
        assert isinstance(reg["setups"], list) and setup in reg["setups"], reg["id"]
        assert reg["mode"] in reg["hosting"] or reg["hosting"] == "unknown", reg["id"]
        if setup == "insecure" or answers.get("offline"):
            assert reg["mode"] == "self-hosted", reg["id"]
        if not answers.get("own_infrastructure"):
            assert reg["mode"] == "saas", reg["id"]
        total = 0.0
        for reason in reg["reasons"]:
            assert reason["registry"] == reg["id"]
            assert reason["mode"] == reg["mode"]
            entry, _ = traced(reason)
            if not reason.get("confirmed", True) and set(entry["effect"]) & {"boost", "penalise"}:
                third = abs(reason["points"]) * data["weights"][reason["criterion"]]["value"] / 3
                assert abs(reason["weighted"]) <= third + 1e-3, reason
            total += reason["weighted"]
        assert abs(total - reg["score"]) < 1e-3, reg["id"]
        assert len(reg["unconfirmed"]) == len(
            {f for r in reg["reasons"] for f in r.get("unconfirmed_facts", ())}
        )
    for reg in data["excluded"]:
        assert reg["reasons"]
        for reason in reg["reasons"]:
            traced(reason)
    for w in data["warnings"]:
        if w["rule"] is not None:
            _, ev = index[(w["rule"], w["registry"], w.get("mode"))]
            assert ev["fired"] and ev["applied"], w["id"]
            if w["registry"] is not None:
                assert w["registry"] in ranked


# ---------------------------------------------------------------------------------------
# The seed article's three cases


SEED_CASES = [
    # images on a local/on-premise network, reachable by chosen people, offline -> insecure
    (
        {
            "reach": "local-network",
            "own_infrastructure": True,
            "offline": True,
            "audience": "restricted",
        },
        "insecure",
    ),
    # reachable from anywhere, chosen users, no servers of your own -> private
    ({"reach": "anywhere", "audience": "restricted", "own_infrastructure": False}, "private"),
    # reachable from anywhere by anyone, no servers of your own -> public
    ({"reach": "anywhere", "audience": "anyone", "own_infrastructure": False}, "public"),
]


@pytest.mark.parametrize(("answers", "setup"), SEED_CASES, ids=[c[1] for c in SEED_CASES])
def test_seed_cases(small, questions, rules, answers, setup) -> None:
    data = run(small, questions, rules, answers)
    assert data["setup"] == setup
    check_invariants(data, small)
    assert data["registries"]


@pytest.mark.parametrize(("answers", "setup"), SEED_CASES, ids=[c[1] for c in SEED_CASES])
def test_seed_cases_on_the_shipped_catalog(shipped, questions, rules, answers, setup) -> None:
    data = run(shipped, questions, rules, answers)
    assert data["setup"] == setup
    check_invariants(data, shipped)
    assert len(data["registries"]) >= 2


def test_insecure_case_keeps_only_self_hosted(small, questions, rules) -> None:
    data = run(small, questions, rules, SEED_CASES[0][0])
    assert {r["id"] for r in data["registries"]} == {"harbor", "distribution", "nexus"}
    why = {r["id"]: {x["rule"] for x in r["reasons"]} for r in data["excluded"]}
    assert "air-gapped-needs-self-hosting" in why["dockerhub"]
    titles = {w["rule"] for w in data["warnings"]}
    assert {"plain-http-risks", "plain-http-no-login", "air-gapped-transfer"} <= titles


def test_public_case_warns_about_gotchas_with_links(small, questions, rules) -> None:
    data = run(small, questions, rules, SEED_CASES[2][0] | {"pull_volume": "heavy"})
    gotchas = [w for w in data["warnings"] if w["kind"] == "gotcha"]
    assert gotchas and all(w["sources"][0].startswith("https://") for w in gotchas)
    top3 = {r["id"] for r in data["registries"][:3]}
    assert {w["registry"] for w in gotchas} <= top3
    assert any(w["rule"] == "heavy-anonymous-pulls" for w in data["warnings"])


# ---------------------------------------------------------------------------------------
# Odd combinations


def test_anywhere_with_own_servers_is_private_and_favours_self_hosting(
    small, questions, rules
) -> None:
    data = run(
        small,
        questions,
        rules,
        {"reach": "anywhere", "audience": "restricted", "own_infrastructure": True},
    )
    assert data["setup"] == "private"
    harbor = next(r for r in data["registries"] if r["id"] == "harbor")
    assert any(x["rule"] == "own-servers-favour-self-hosting" for x in harbor["reasons"])
    without = run(
        small,
        questions,
        rules,
        {"reach": "anywhere", "audience": "restricted", "own_infrastructure": False},
    )
    assert "harbor" in {r["id"] for r in without["excluded"]}


def test_offline_and_anywhere_is_a_contradiction(small, questions, rules) -> None:
    data = run(
        small, questions, rules, {"offline": True, "reach": "anywhere", "own_infrastructure": True}
    )
    assert data["setup"] == "insecure"
    warning = next(w for w in data["warnings"] if w["rule"] == "contradiction-offline-anywhere")
    assert warning["level"] == "danger"
    assert data["warnings"][0]["level"] == "danger"


def test_offline_without_servers_warns(small, questions, rules) -> None:
    data = run(small, questions, rules, {"offline": True, "own_infrastructure": False})
    assert any(w["rule"] == "contradiction-offline-no-servers" for w in data["warnings"])
    # Issue #10: no answer set without servers ranks a self-hosted mode, and no air-gapped
    # one ranks a hosted mode, so nothing is ranked; the danger note names both answers.
    assert data["registries"] == []
    note = next(w for w in data["warnings"] if w["rule"] == "contradiction-offline-no-servers")
    assert note["level"] == "danger"
    assert "offline = yes" in note["title"] and "own_infrastructure = no" in note["title"]


def test_tls_turns_on_premise_into_private(small, questions, rules) -> None:
    answers = {"reach": "local-network", "own_infrastructure": True, "tls_certificates": True}
    data = run(small, questions, rules, answers)
    assert data["setup"] == "private"
    assert any(w["rule"] == "internal-ca-trust" for w in data["warnings"])
    assert not any(w["rule"] == "plain-http-risks" for w in data["warnings"])


def test_unanswered_questions_are_assumptions(small, questions, rules) -> None:
    data = run(small, questions, rules, {"reach": "anywhere"})
    assumed = {a["question"]: a for a in data["assumptions"]}
    assert assumed["audience"]["value"] == "restricted" and assumed["audience"]["kind"] == "default"
    assert "reach" not in assumed and "tls_certificates" not in assumed
    data = run(small, questions, rules, {"reach": "anywhere", "tls_certificates": True})
    ignored = next(a for a in data["assumptions"] if a["question"] == "tls_certificates")
    assert ignored["kind"] == "not-asked" and ignored["ignored_answer"] is True


def test_must_haves_exclude_or_lower(small, questions, rules) -> None:
    data = run(small, questions, rules, {"must_have": ["scanning"], "own_infrastructure": True})
    excl = {r["id"]: [x["rule"] for x in r["reasons"]] for r in data["excluded"]}
    assert "must-scan" in excl["distribution"]
    ghcr = next(r for r in data["registries"] if r["id"] == "ghcr")
    # An unconfirmed must-have lowers the registry instead of excluding it, says "not
    # confirmed", and weighs a small fixed penalty (issue #10).
    unconfirmed = [x for x in ghcr["reasons"] if x["rule"] == "must-scan"]
    assert unconfirmed and unconfirmed[0]["confirmed"] is False
    assert unconfirmed[0]["weighted"] == -1
    assert "registry.vulnerability_scanning" in ghcr["unconfirmed"]


def test_no_candidates_is_a_warning_not_a_crash(small, questions, rules) -> None:
    data = run(
        small,
        questions,
        rules,
        {
            "must_have": [
                "scanning",
                "signing",
                "sso",
                "audit_logs",
                "immutable_tags",
                "retention",
                "replication",
                "pull_through_cache",
            ],
            "offline": True,
            "own_infrastructure": True,
            "reach": "local-network",
        },
    )
    if not data["registries"]:
        assert data["warnings"][0]["id"] == "no-candidates"
    check_invariants(data, small)


# ---------------------------------------------------------------------------------------
# Weights


def test_weights_change_the_ranking_and_its_explanation(small, questions, rules) -> None:
    answers = {
        "reach": "anywhere",
        "audience": "restricted",
        "own_infrastructure": True,
        "cloud": "aws",
    }
    heavy = run(small, questions, rules, answers, {"ecosystem": 10})
    light = run(small, questions, rules, answers, {"ecosystem": 0})
    assert heavy["registries"][0]["id"] == "ecr"
    assert light["registries"][0]["id"] != "ecr"
    ecr = next(r for r in heavy["registries"] if r["id"] == "ecr")
    native = next(x for x in ecr["reasons"] if x["rule"] == "native-to-aws")
    assert native["weighted"] == 30 and native["points"] == 3
    assert heavy["weights"]["ecosystem"] == {"value": 10, "default": 1, "label": "Ecosystem"}
    check_invariants(heavy, small)


@pytest.mark.parametrize("bad", [{"cots": 1}, {"cost": -1}, {"cost": 11}, {"cost": "x"}])
def test_bad_weights(small, questions, rules, bad) -> None:
    with pytest.raises(AdvisorError):
        recommend(small, questions, rules, {}, bad)


# ---------------------------------------------------------------------------------------
# What-if


def test_what_if_names_the_answers_that_change_the_outcome(small, questions, rules) -> None:
    answers = SEED_CASES[0][0]
    data = run(small, questions, rules, answers)
    sens = {s["question"]: s for s in data["sensitivity"]}
    assert set(sens) == {q.id for q in questions if q.id in data["effective_answers"]}
    tls = sens["tls_certificates"]
    assert tls["answered"] is False
    assert {
        "value": True,
        "label": "yes",
        "setup": "private",
        "top": tls["changes"][0]["top"],
        "top_mode": tls["changes"][0]["top_mode"],
        "changes": tls["changes"][0]["changes"],
    } == tls["changes"][0]
    # every change it reports is real
    clean = validate_answers(answers, questions)
    for s in data["sensitivity"]:
        for c in s["changes"]:
            setup, ranked = decide(small, questions, rules, {**clean, s["question"]: c["value"]})
            want = f"{c['top']}@{c['top_mode']}" if c["top"] else None
            assert setup == c["setup"] and (ranked[0] if ranked else None) == want
            assert ("setup" in c["changes"]) == (setup != data["setup"])


def test_alternatives(questions) -> None:
    assert alternatives(questions.get("offline"), True) == [False]
    assert alternatives(questions.get("reach"), "anywhere") == ["local-network"]
    alts = alternatives(questions.get("artifacts"), ("images",))
    assert [] in alts and ["images", "helm"] in alts and len(alts) == 6


# ---------------------------------------------------------------------------------------
# Votes (the shipped rules decide; the vocabulary also votes)


VOTING = """\
schema_version: 1
setup_tie_order: [insecure, private, public]
criteria:
  fit: {label: Fit, help: Fit., default: 1}
rules:
  - id: offline-votes-insecure
    when: {fact: answer.offline, op: is_true}
    then: {vote_setup: {setup: insecure, weight: 2}}
    because: Offline networks favour a registry inside them.
  - id: anyone-votes-public
    when: {fact: answer.audience, op: eq, value: anyone}
    then: {vote_setup: {setup: public, weight: 2}}
    because: Public images favour a public registry.
  - id: fallback
    when: {all: []}
    then: {decide_setup: private}
    because: Nothing else decided.
"""


def test_votes_and_tie_order(small, questions) -> None:
    rules = rules_from_json(validate_rules(VOTING, "voting.yaml", questions))
    assert decide(small, questions, rules, {"offline": True})[0] == "insecure"
    assert decide(small, questions, rules, {"audience": "anyone"})[0] == "public"
    # a tie goes to the first of setup_tie_order
    tie = recommend(
        small, questions, rules, {"offline": True, "audience": "anyone"}, sensitivity=False
    ).to_json()
    assert tie["setup"] == "insecure"
    assert {r["direction"] for r in tie["setup_reasons"]} == {"for", "against"}
    assert decide(small, questions, rules, {})[0] == "private"  # the fallback


# ---------------------------------------------------------------------------------------
# Determinism and purity


def test_deterministic_and_independent_of_catalog_order(small, questions, rules) -> None:
    answers = validate_answers(
        {
            "reach": "anywhere",
            "audience": "anyone",
            "ci": "github-actions",
            "artifacts": ["images", "npm"],
        },
        questions,
    )
    before = dict(answers)
    first = json.dumps(recommend(small, questions, rules, answers).to_json())
    regs = list(small.registries)
    random.Random(7).shuffle(regs)
    shuffled = Catalog(schema_version=1, registries=tuple(regs))
    second = json.dumps(recommend(shuffled, questions, rules, answers).to_json())
    assert first == second
    assert answers == before, "the engine must not change its input"


# ---------------------------------------------------------------------------------------
# The exhaustive sweep


def sweep_answers(questions):
    """Every combination of the choice and yes/no questions that can be asked together
    (a follow-up is only varied when its `when` holds); multi-choice questions stay at
    their defaults."""
    from advisor.decide.questions import resolve

    swept = [q for q in questions if q.type in ("choice", "bool")]

    def options(q):
        return [False, True] if q.type == "bool" else list(q.values)

    def walk(i, answers):
        if i == len(swept):
            yield dict(answers)
            return
        q = swept[i]
        if q.id not in resolve(questions, answers).visible:
            yield from walk(i + 1, answers)
            return
        for v in options(q):
            answers[q.id] = v
            yield from walk(i + 1, answers)
            del answers[q.id]

    return walk(0, {})


@pytest.fixture(scope="module")
def sweep(questions):
    """The whole sweep, walked once per module and shared by the tests below."""
    return list(sweep_answers(questions))


#: The sweep runs in this many slices (combination i goes to slice i % SLICES), so that
#: pytest-xdist spreads it over the workers; together they cover every combination.
SLICES = 4


def test_sweep_size(sweep) -> None:
    # 2 reach x 2 audience x 2 own_infrastructure x 2 offline, tls_certificates asked in 3 of
    # the 4 reach/offline cases, x 4 clouds x 5 CI x 4 platforms x 2 pull volumes x 3 budgets
    assert len(sweep) == 7 * 2 * 2 * 4 * 5 * 4 * 2 * 3
    assert len({json.dumps(a, sort_keys=True) for a in sweep}) == len(sweep)


@pytest.mark.parametrize("part", range(SLICES))
def test_exhaustive_sweep(questions, rules, sweep, part) -> None:
    """Every combination the questionnaire can produce (this slice of them): the invariants
    hold, and every JSON document, whole trace included, validates against the published
    schema (`registry-advisor schema recommendation`; jsonschema-rs keeps that to seconds)."""
    import jsonschema_rs

    schema = json.loads((ROOT / "data" / "schemas" / "recommendation.schema.json").read_text())
    follows_schema = jsonschema_rs.validator_for(schema)
    catalog = load_catalog()
    start = time.perf_counter()
    with no_gc():
        checked = _sweep_slice(questions, rules, sweep, part, catalog, follows_schema)
    elapsed = time.perf_counter() - start
    print(f"\nsweep slice {part}: {checked} combinations in {elapsed:.1f}s")
    assert checked == len(range(part, len(sweep), SLICES))


@contextlib.contextmanager
def no_gc():
    """The cyclic collector paused: the sweep's results hold no cycles (reference counting
    frees them), and its passes over a test process's large heap cost a fifth of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _sweep_slice(questions, rules, sweep, part, catalog, follows_schema) -> int:
    checked = 0
    for count in range(part, len(sweep), SLICES):
        answers = sweep[count]
        rec = recommend(catalog, questions, rules, answers, sensitivity=False)
        data = rec.to_json()
        check_invariants(data, catalog)
        if not follows_schema.is_valid(data):
            follows_schema.validate(data)  # raises with the first violation
        if count % 5 == 0:  # the fast path (used by what-if) agrees with the traced one
            assert decide(catalog, questions, rules, answers) == (
                data["setup"],
                [f"{r['id']}@{r['mode']}" for r in data["registries"]],
            )
        if count % 997 == 0:  # deterministic, whatever the catalog order
            regs = list(catalog.registries)
            random.Random(count).shuffle(regs)
            again = recommend(
                Catalog(1, tuple(regs)), questions, rules, answers, sensitivity=False
            ).to_json()
            assert json.dumps(again) == json.dumps(data)
        checked += 1
    return checked


def test_the_sweep_reaches_every_setup_type_and_setup_rule(questions, rules, sweep) -> None:
    """Across the whole sweep, all three setup types come out and every deciding rule but
    the fallback decides some combination. Setup rules read only answers (the rules loader
    refuses anything else), so the engine's setup phase alone gives the same decision as a
    whole run; test_exhaustive_sweep checks each whole run's setup against its reasons."""
    from advisor.decide.engine import _Run

    setups = set()
    deciding_fired = set()
    weights = rules.default_weights
    for answers in sweep:
        run = _Run((), questions, rules, answers, weights, traced=False)
        run._setup_phase()
        setups.add(run.setup)
        if run.setup_rule is not None:
            deciding_fired.add(run.setup_rule.id)
    assert setups == {"public", "private", "insecure"}
    deciding = {r.id for r in rules.phase(SETUP_PHASE) if r.kind == "decide_setup"}
    assert deciding - deciding_fired == {"fallback-private"}, "every setup rule can decide"


# ---------------------------------------------------------------------------------------
# Properties on partial and odd answer sets


def answer_strategy(questions):
    """Partial answers, including answers to questions that will not be asked, and
    multi-choice lists with repeats in any order."""
    parts = {}
    for q in questions:
        if q.type == "bool":
            value = st.booleans() | st.sampled_from(["yes", "no", "true", "false", "YES"])
        elif q.type == "choice":
            value = st.sampled_from(list(q.values))
        else:
            value = st.lists(st.sampled_from(list(q.values)), max_size=8) | st.just("")
        parts[q.id] = value
    return st.fixed_dictionaries({}, optional=parts)


@pytest.fixture(scope="module")
def strategy(questions):
    return answer_strategy(questions)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_property_partial_answers(data, questions, rules, small, strategy) -> None:
    raw = data.draw(strategy)
    clean = validate_answers(raw, questions)
    assert validate_answers(clean, questions) == clean  # idempotent
    rec = recommend(small, questions, rules, clean)
    out = rec.to_json()
    check_invariants(out, small)
    assert set(out["answers"]) == set(clean)
    json.dumps(out)  # plain JSON
    assumed = {a["question"] for a in out["assumptions"] if a["kind"] == "default"}
    assert assumed.isdisjoint(clean)
    assert json.dumps(out) == json.dumps(recommend(small, questions, rules, clean).to_json())


JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(
    raw=st.dictionaries(
        st.sampled_from(["reach", "audience", "offline", "artifacts", "must_have", "reech"])
        | st.text(max_size=6)
        | st.integers(),
        JUNK,
        max_size=5,
    )
)
def test_property_junk_answers_fail_cleanly(raw) -> None:
    questions = load_questions()
    try:
        validate_answers(raw, questions)
    except AdvisorError as exc:
        assert str(exc)  # one clear message per problem
        lines = exc.lines() if hasattr(exc, "lines") else [str(exc)]
        for line in lines:
            assert "\n" not in line


def test_strict_unknowns_treat_unconfirmed_as_missing(small, questions, rules) -> None:
    answers = validate_answers({"must_have": ["scanning"], "own_infrastructure": True}, questions)
    lenient = recommend(small, questions, rules, answers, sensitivity=False).to_json()
    strict = recommend(
        small, questions, rules, answers, sensitivity=False, strict_unknowns=True
    ).to_json()
    assert "ghcr" in [r["id"] for r in lenient["registries"]]
    excluded = {r["id"]: [x["rule"] for x in r["reasons"]] for r in strict["excluded"]}
    assert "must-scan" in excluded["ghcr"]
    for reg in strict["registries"]:  # no benefit of the doubt
        assert all(x["weighted"] <= 0 for x in reg["reasons"] if x.get("confirmed") is False)


def test_modes_follow_the_answers(small, questions, rules) -> None:
    """No servers: vendor-hosted only; air-gapped or plain HTTP: self-hosted only."""
    no_servers = run(small, questions, rules, {"own_infrastructure": False})
    assert {r["mode"] for r in no_servers["registries"]} == {"saas"}
    offline = run(small, questions, rules, {"offline": True, "own_infrastructure": True})
    assert {r["mode"] for r in offline["registries"]} == {"self-hosted"}
    both = run(small, questions, rules, {"own_infrastructure": True, "reach": "anywhere"})
    dual = [r for r in both["registries"] if len(r["hosting"]) == 2]
    assert dual and all(r["display_name"].startswith(r["name"] + ", ") for r in dual)
    assert any("other_mode" in r for r in dual)


def test_gotchas_follow_the_mode(questions, rules) -> None:
    """A pitfall of running it yourself is not shown for the vendor's service (and back)."""
    catalog = load_catalog()
    hosted = run(catalog, questions, rules, {"own_infrastructure": False, "ci": "gitlab-ci"})
    titles = {w["title"] for w in hosted["warnings"] if w["registry"] == "gitlab"}
    assert titles and not any("Self-Managed" in t and "renamed" in t for t in titles)
    onprem = run(
        catalog,
        questions,
        rules,
        {"own_infrastructure": True, "ci": "gitlab-ci", "reach": "local-network"},
    )
    assert onprem["registries"][0]["id"] == "gitlab"
    assert onprem["registries"][0]["mode"] == "self-hosted"
    titles = {w["title"] for w in onprem["warnings"] if w["registry"] == "gitlab"}
    assert any("renamed" in t for t in titles)


def test_strict_unknowns_say_so(small, questions, rules) -> None:
    answers = validate_answers({"own_infrastructure": True}, questions)
    data = recommend(
        small, questions, rules, answers, sensitivity=False, strict_unknowns=True
    ).to_json()
    unconfirmed = [
        x for r in data["registries"] for x in r["reasons"] if x.get("confirmed") is False
    ]
    assert unconfirmed
    assert all(
        "--strict-unknowns" in x["because"] and "third" not in x["because"] for x in unconfirmed
    )
