"""The quiz: the shipped bank, validation errors, generated naming questions, the runner."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import eight_word_runs, run_cli, seed_texts

from advisor.errors import DataError, DataErrors, UsageError
from advisor.learn.lessons import file_lessons
from advisor.learn.quiz import (
    NAMING_CASES,
    Question,
    build_quiz,
    load_quiz,
    naming_questions,
    run_quiz,
    score_line,
    select_questions,
)

ROOT = Path(__file__).resolve().parents[2]
BANK = load_quiz()
SLUGS = ["what-is-a-registry", "public-private-insecure"]


def run_advisor(*args: str, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess."""
    return run_cli(*args, input=input)


# --------------------------------------------------------------------------- the shipped bank


def test_bank_is_big_enough_and_covers_every_file_lesson():
    assert len(BANK) >= 30
    per_lesson = {x.slug: 0 for x in file_lessons()}
    for q in BANK:
        per_lesson[q.lesson] += 1
    assert all(n >= 5 for n in per_lesson.values()), per_lesson


def test_every_question_has_exactly_one_correct_answer_and_an_explanation():
    assert len({q.id for q in BANK}) == len(BANK)
    for q in BANK:
        assert 2 <= len(q.choices) <= 6, q.id
        assert 0 <= q.answer < len(q.choices), q.id
        normalised = [" ".join(c.split()).casefold() for c in q.choices]
        assert len(set(normalised)) == len(normalised), q.id
        assert len(q.explanation) >= 40, q.id


def test_right_answers_are_spread_over_positions():
    counts = {i: sum(1 for q in BANK if q.answer == i) for i in range(4)}
    assert min(counts.values()) >= len(BANK) // 8, counts


def test_the_seed_scenarios_are_in_the_bank():
    by_id = {q.id: q for q in BANK}
    for setup in ("insecure", "private", "public"):
        q = by_id[f"seed-when-{setup}"]
        assert q.lesson == "public-private-insecure"
        assert setup in q.correct_choice.lower()


def test_explanations_are_in_our_own_words():
    seed = eight_word_runs(seed_texts())
    for q in BANK:
        assert not seed & eight_word_runs(f"{q.question} {' '.join(q.choices)} {q.explanation}"), (
            q.id
        )


# --------------------------------------------------------------------------- bad files


GOOD = """
schema_version: 1
questions:
  - id: first
    lesson: what-is-a-registry
    question: Q?
    choices: [a, b, c]
    answer: 1
    explanation: Because.
"""


def _load(tmp_path: Path, text: str):
    path = tmp_path / "quiz.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path, load_quiz(path, lesson_slugs=SLUGS)


def test_a_good_file_loads(tmp_path):
    _, questions = _load(tmp_path, GOOD)
    assert questions == [
        Question("first", "what-is-a-registry", "Q?", ("a", "b", "c"), 1, "Because.")
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "key", "message"),
    [
        ("answer: 1", "answer: 3", 7, "questions[0].answer", "out of range"),
        ("answer: 1", "answer: -1", 7, "questions[0].answer", "out of range"),
        ("answer: 1", "answer: true", 7, "questions[0].answer", "0-based position"),
        ("answer: 1", "answer: '1'", 7, "questions[0].answer", "0-based position"),
        ("choices: [a, b, c]", "choices: [a, b, A]", 6, "questions[0].choices[2]", "repeats"),
        ("choices: [a, b, c]", "choices: [a]", 6, "questions[0].choices", "2 to 6 choices"),
        ("explanation: Because.", "explanation: '  '", 8, "questions[0].explanation", "non-empty"),
        (
            "explanation: Because.",
            "explenation: Because.",
            8,
            "questions[0].explenation",
            'did you mean "explanation"',
        ),
        (
            "lesson: what-is-a-registry",
            "lesson: what-is-a-registy",
            4,
            "questions[0].lesson",
            'did you mean "what-is-a-registry"',
        ),
        ("id: first", "id: First One", 3, "questions[0].id", "lowercase"),
        (
            "    explanation: Because.\n",
            "",
            3,
            "questions[0]",
            "missing required key 'explanation'",
        ),
    ],
)
def test_bad_question_names_file_line_and_key(tmp_path, old, new, line, key, message):
    assert old in GOOD
    with pytest.raises(DataError) as info:
        _load(tmp_path, GOOD.replace(old, new))
    err = info.value
    assert not isinstance(err, DataErrors)
    assert err.file == str(tmp_path / "quiz.yaml")
    assert (err.line, err.key) == (line, key)
    assert message in err.message


def test_duplicate_ids_point_at_the_second_one(tmp_path):
    second = GOOD.split("questions:\n")[1]
    with pytest.raises(DataError, match=r"duplicate id 'first' \(first used on line 3\)") as info:
        _load(tmp_path, GOOD + second)
    assert info.value.line == 9


def test_every_problem_is_reported_at_once(tmp_path):
    text = GOOD.replace("answer: 1", "answer: 7").replace("Because.", "''")
    with pytest.raises(DataErrors) as info:
        _load(tmp_path, text)
    assert [p.line for p in info.value.problems] == [7, 8]


def test_yaml_syntax_error_has_a_line(tmp_path):
    with pytest.raises(DataError, match="YAML syntax error") as info:
        _load(tmp_path, GOOD.replace("choices: [a, b, c]", "choices: [a, b"))
    assert info.value.line is not None


def test_wrong_top_level_is_reported(tmp_path):
    with pytest.raises(DataError, match="schema_version must be 1"):
        _load(tmp_path, GOOD.replace("schema_version: 1", "schema_version: 2"))
    with pytest.raises(DataError, match="non-empty list"):
        _load(tmp_path, "schema_version: 1\nquestions: []\n")


# --------------------------------------------------------------------------- naming questions


def _unquote(choice: str) -> str:
    return choice.strip("`")


def test_naming_questions_answer_with_the_explainers_canonical():
    reference = pytest.importorskip("advisor.learn.reference")
    generated = naming_questions(random.Random(3))
    assert len(generated) == len(NAMING_CASES)
    assert len({q.id for q in generated}) == len(generated)
    for (text, _), q in zip(NAMING_CASES, generated, strict=True):
        right = reference.parse(text).canonical
        assert f"`{text}`" in q.question
        assert _unquote(q.correct_choice) == right
        assert reference.explain(text)["canonical"] == right
        # Exactly one choice names the same image: no wrong answer is a synonym.
        same = [c for c in q.choices if reference.parse(_unquote(c)).canonical == right]
        assert same == [q.correct_choice], q.id
        assert len(set(q.choices)) == len(q.choices) >= 3
        assert q.lesson == "repositories-tags-digests-naming" and q.generated


def test_naming_questions_take_the_answer_from_the_parser_they_are_given():
    # A fake explainer whose answers differ from Docker's: the questions must follow it.
    def fake_parse(text: str) -> SimpleNamespace:
        return SimpleNamespace(
            domain="example.org",
            path=f"x/{text}",
            tag="t",
            digest=None,
            canonical=f"example.org/x/{text}:t",
            familiar=text,
        )

    cases = [("one", ("a/one:1", "b/one:2")), ("two", ("c/two:3",))]
    generated = naming_questions(random.Random(1), parse=fake_parse, cases=cases)
    assert [_unquote(q.correct_choice) for q in generated] == [
        "example.org/x/one:t",
        "example.org/x/two:t",
    ]


def test_naming_questions_vary_with_the_seed_but_repeat_with_it():
    pytest.importorskip("advisor.learn.reference")
    a = naming_questions(random.Random(1))
    assert a == naming_questions(random.Random(1))
    assert [q.choices for q in a] != [q.choices for q in naming_questions(random.Random(2))]


# --------------------------------------------------------------------------- selecting


def test_selection_is_reproducible_and_filtered():
    first = build_quiz(count=8, seed=42)
    assert first == build_quiz(count=8, seed=42)
    assert len(first) == 8 and len({q.id for q in first}) == 8
    assert first != build_quiz(count=8, seed=43)
    only = build_quiz(count=None, seed=1, lesson="public-private-insecure")
    assert only and all(q.lesson == "public-private-insecure" for q in only)
    assert len(build_quiz(count=1000, seed=1)) == len(build_quiz(count=None, seed=1))


def test_selection_errors():
    with pytest.raises(UsageError, match="at least 1"):
        select_questions(BANK, count=0)
    with pytest.raises(UsageError, match="no quiz questions for lesson 'nope'"):
        select_questions(BANK, lesson="nope")


# --------------------------------------------------------------------------- running


QUESTIONS = [
    Question("q1", "l", "One?", ("a", "b", "c"), 1, "B is right."),
    Question("q2", "l", "Two?", ("a", "b"), 0, "A is right.", source="https://example.com"),
    Question("q3", "l", "Three?", ("a", "b", "c", "d"), 3, "D is right."),
]


def scripted(*lines: str):
    replies = iter(lines)
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        try:
            return next(replies)
        except StopIteration:
            raise EOFError from None

    return ask, prompts


def test_run_scores_and_explains():
    ask, prompts = scripted("2", "oops", "9", "", "2", "4")
    said: list[str] = []
    result = run_quiz(QUESTIONS, ask, said.append, seed=5, now=lambda: "T")
    assert result.score == 2 and result.total == 3 and result.stopped is None
    assert [a.chosen for a in result.answers] == [1, 1, 3]
    assert [a.correct for a in result.answers] == [True, False, True]
    text = "\n".join(said)
    assert text.count("Please type a number from 1 to 2, or q to stop.") == 3
    assert "Not quite. The answer is 1) a" in text
    assert "B is right." in text and "A is right." in text and "D is right." in text
    assert "Source: https://example.com" in text
    assert said[-1] == "Score: 2/3 (67%)"
    assert prompts[0] == "Your answer (1-3, q to stop): "


def test_q_stops_early_with_the_score_so_far():
    ask, _ = scripted("1", "Q")
    said: list[str] = []
    result = run_quiz(QUESTIONS, ask, said.append)
    assert (result.score, result.total, result.stopped) == (0, 1, "quit")
    assert said[-1] == "Score: 0/1 (0%), stopped after 1 of 3 questions"


def test_end_of_input_stops_cleanly():
    ask, _ = scripted("2", "1")
    result = run_quiz(QUESTIONS, ask, lambda _: None)
    assert (result.score, result.total, result.stopped) == (2, 2, "eof")
    ask, _ = scripted()
    empty = run_quiz(QUESTIONS, ask, lambda _: None)
    assert empty.total == 0 and score_line(empty) == "Score: 0 (no questions answered)"


def test_json_result_shape():
    ask, _ = scripted("2", "2")
    result = run_quiz(QUESTIONS, ask, lambda _: None, seed=9, lesson="l", now=lambda: "NOW")
    data = json.loads(json.dumps(result.to_json()))
    assert data["schema_version"] == 1
    assert {k: data[k] for k in ("score", "total", "selected", "seed", "lesson")} == {
        "score": 1,
        "total": 2,
        "selected": 3,
        "seed": 9,
        "lesson": "l",
    }
    assert data["timestamp"] == "NOW"
    assert data["finished"] is False and data["stopped"] == "eof"
    assert data["answers"][1] == {
        "id": "q2",
        "lesson": "l",
        "generated": False,
        "chosen": 1,
        "chosen_text": "b",
        "answer": 0,
        "correct": False,
    }


# --------------------------------------------------------------------------- the command


def test_quiz_command_with_piped_answers_and_json():
    expected = build_quiz(count=5, seed=11)
    replies = ["1", "2", "3", "1", "2"]
    proc = run_advisor(
        "quiz", "--count", "5", "--seed", "11", "--json", input="\n".join(replies) + "\n"
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)  # stdout holds only the JSON object
    assert [a["id"] for a in data["answers"]] == [q.id for q in expected]
    assert [a["chosen"] for a in data["answers"]] == [int(r) - 1 for r in replies]
    right = sum(int(r) - 1 == q.answer for r, q in zip(replies, expected, strict=True))
    assert (data["score"], data["total"], data["seed"]) == (right, 5, 11)
    assert data["finished"] is True
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["timestamp"])
    assert "Question 1 of 5" in proc.stderr and "Score:" in proc.stderr


def test_quiz_command_stops_at_end_of_input():
    proc = run_advisor("quiz", "--count", "3", "--seed", "2", input="1\n")
    assert proc.returncode == 0, proc.stderr
    assert "No more input: stopping here." in proc.stdout
    assert re.search(r"Score: \d/1 \(\d+%\), stopped after 1 of 3 questions", proc.stdout)


def test_quiz_command_lesson_filter_and_errors():
    proc = run_advisor("quiz", "--lesson", "2", "--count", "50", "--seed", "1", "--json", input="")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["lesson"] == "public-private-insecure" and data["selected"] >= 5

    proc = run_advisor("quiz", "--lesson", "runing")
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1
    assert 'did you mean "running-your-own-registry"' in proc.stderr

    proc = run_advisor("quiz", "--count", "0")
    assert proc.returncode == 2
    assert proc.stderr.startswith("registry-advisor: error: argument --count")


def test_registering_the_commands_stays_light():
    """`register` only declares arguments: no YAML, pydantic, Textual or rich on --help."""
    from advisor.cli import quiz as quiz_command
    from advisor.learn.quiz import DEFAULT_COUNT

    assert quiz_command.DEFAULT_COUNT == DEFAULT_COUNT
    code = (
        "import argparse, sys\n"
        "from advisor.cli import learn, quiz\n"
        "sub = argparse.ArgumentParser().add_subparsers()\n"
        "learn.register(sub); quiz.register(sub)\n"
        "bad = [m for m in ('yaml', 'pydantic', 'textual', 'rich') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr


def _keys_in(shape: str) -> list[str]:
    return re.findall(r'"([a-z_]+)"', shape)


def test_quiz_json_is_documented_with_its_shape_and_its_0_based_indexes():
    """The README and --help list every key quiz --json prints, and say that `chosen` and
    `answer` are 0-based while the interactive quiz takes 1-based numbers."""
    proc = run_advisor("quiz", "--count", "1", "--seed", "3", "--json", input="2\n")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    (answer,) = data["answers"]
    assert answer["chosen"] == 1  # typed 2: the second choice, position 1
    assert "2) " + answer["chosen_text"] in proc.stderr

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `quiz --json` |"))
    help_text = " ".join(run_advisor("quiz", "--help").stdout.split())
    for shape in (row, help_text):
        keys = _keys_in(shape)
        assert set(data) | set(answer) <= set(keys), sorted(set(data) | set(answer) - set(keys))
    note = " ".join(readme.split("In `quiz --json`", 1)[1].split("\n\n", 1)[0].split())
    for text in (note, help_text):
        assert "0-based" in text and "from 1" in text
