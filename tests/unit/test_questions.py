"""The questions file: the fixed ids and values, help for newcomers, `when` logic, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.decide.answers import load_answers, parse_override, to_yaml, validate_answers
from advisor.decide.questions import load_questions, resolve, visible_questions
from advisor.errors import AdvisorError, DataError, UsageError

FIXED = {
    "reach": ("choice", ("local-network", "anywhere")),
    "audience": ("choice", ("anyone", "restricted")),
    "own_infrastructure": ("bool", ()),
    "offline": ("bool", ()),
    "cloud": ("choice", ("aws", "gcp", "azure", "none")),
    "ci": ("choice", ("github-actions", "gitlab-ci", "jenkins", "other", "none")),
    "artifacts": ("multi", ("images", "helm", "maven", "npm", "pypi", "generic")),
}


def test_fixed_ids_and_values(questions) -> None:
    for qid, (qtype, values) in FIXED.items():
        q = questions.get(qid)
        assert q is not None, qid
        assert q.type == qtype
        assert q.values == values


def test_every_question_explains_itself(questions) -> None:
    assert len(questions) >= len(FIXED) + 3
    for q in questions:
        assert q.prompt.endswith("?"), q.id
        assert len(q.help.split()) >= 25, f"{q.id}: help is too short for a newcomer"
        for c in q.choices:
            assert c.label and c.label != c.value


def test_follow_up_is_asked_only_when_it_applies(questions) -> None:
    ids = lambda answers: [q.id for q in visible_questions(questions, answers)]  # noqa: E731
    assert "tls_certificates" not in ids({"reach": "anywhere", "offline": False})
    assert "tls_certificates" in ids({"reach": "local-network"})
    assert "tls_certificates" in ids({"reach": "anywhere", "offline": True})


def test_resolve_records_defaults_and_ignored_answers(questions) -> None:
    r = resolve(questions, {"reach": "anywhere", "tls_certificates": True})
    assert "tls_certificates" in r.ignored
    assert r.values["tls_certificates"] is False  # the default, not the ignored answer
    assert "audience" in r.assumed and r.values["audience"] == "restricted"
    assert "reach" in r.answered and "reach" not in r.assumed


def test_validate_answers_cleans_values(questions) -> None:
    clean = validate_answers(
        {"offline": "yes", "artifacts": ["helm", "images", "helm"], "reach": " anywhere "},
        questions,
    )
    assert clean == {"offline": True, "artifacts": ["images", "helm"], "reach": "anywhere"}


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ({"reech": "anywhere"}, 'did you mean "reach"'),
        ({"reach": "lan"}, "allowed: local-network, anywhere"),
        ({"offline": "maybe"}, "expected yes or no"),
        ({"reach": 3}, "a number"),
        ({"artifacts": ["images", "rpm"]}, 'did you mean "npm"'),
        ({"artifacts": 5}, "expected a list"),
        ({"audience": None}, "no value given"),
    ],
)
def test_bad_answers(questions, raw, needle) -> None:
    with pytest.raises(DataError) as exc:
        validate_answers(raw, questions, source="a.yaml")
    assert needle in str(exc.value)


def test_all_problems_reported_at_once(questions) -> None:
    with pytest.raises(AdvisorError) as exc:
        validate_answers({"reech": "x", "offline": "maybe"}, questions)
    assert len(exc.value.lines()) == 2


def test_overrides(questions) -> None:
    assert parse_override("offline=no", questions) == ("offline", False)
    assert parse_override("artifacts=helm,images", questions) == ("artifacts", ["images", "helm"])
    assert parse_override("artifacts=", questions) == ("artifacts", [])
    for bad, needle in [
        ("offline", "ID=VALUE"),
        ("ofline=yes", 'did you mean "offline"'),
        ("reach=mars", "allowed"),
    ]:
        with pytest.raises(UsageError, match=needle):
            parse_override(bad, questions)


def test_answers_file_round_trip(questions, tmp_path: Path) -> None:
    answers = {"reach": "local-network", "offline": True, "artifacts": ["images", "helm"]}
    path = tmp_path / "a.yaml"
    path.write_text(to_yaml(answers, questions))
    assert load_answers(path, questions) == answers


def test_examples_are_valid_answers_files(questions) -> None:
    examples = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
    assert len(examples) >= 4
    for path in examples:
        assert path.read_text().startswith("#"), f"{path.name} should open with a comment"
        assert load_answers(path, questions)


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "questions.yaml"
    p.write_text(text)
    return p


GOOD_Q = """\
schema_version: 1
questions:
  - id: first
    prompt: First?
    help: Something.
    type: bool
    default: false
"""


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (
            "  - id: second\n    prompt: Second?\n    help: x\n    type: bool\n    default: no\n"
            "    when: {fact: answer.third, op: is_true}\n"
            "  - id: third\n    prompt: Third?\n    help: x\n    type: bool\n    default: no\n",
            "may only refer to earlier questions",
        ),
        (
            "  - id: second\n    prompt: Second?\n    help: x\n    type: choice\n"
            "    choices: [{value: a, label: A}, {value: b, label: B}]\n    default: c\n",
            "not one of the choices",
        ),
        (
            "  - id: second\n    prompt: Second?\n    halp: x\n    type: bool\n    default: no\n",
            'did you mean "help"',
        ),
        (
            "  - id: second\n    prompt: Second?\n    help: x\n    type: bool\n    default: no\n"
            "    when: {fact: answer.first, op: eq, value: maybe}\n",
            "expected true or false",
        ),
        (
            "  - id: second\n    prompt: Second?\n    help: x\n    type: bool\n    default: no\n"
            "    when: {fact: answer.first, op: is_treu}\n",
            'did you mean "is_true"',
        ),
    ],
)
def test_bad_questions_file(tmp_path: Path, monkeypatch, extra: str, needle: str) -> None:
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    with pytest.raises(AdvisorError) as exc:
        load_questions(_write(tmp_path, GOOD_Q + extra))
    text = "\n".join(getattr(exc.value, "lines", lambda: [str(exc.value)])())
    assert needle in text
    assert "questions.yaml:" in text  # names the file and line


def test_cache_gives_the_same_questions(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = load_questions()  # validates and fills the cache
    second = load_questions()  # from the cache
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    third = load_questions()
    assert list(first) == list(second) == list(third)
