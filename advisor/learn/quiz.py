"""The quiz: a checked question bank, naming questions (from `naming_quiz`), and a runner.

Nothing here reads the terminal directly: `run_quiz` takes `ask` and `say` functions, so the
same code serves the CLI, the tests and any other front end. Only the standard library,
PyYAML (through advisor.io.yamlfile) and the lessons index are imported.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.errors import AdvisorError, DataError, DataErrors, UsageError, did_you_mean
from advisor.i18n import _
from advisor.io.paths import data_file
from advisor.io.yamlfile import line_of, load_yaml

# Re-exported: callers and tests know the quiz's question and naming questions by this module.
from advisor.learn.naming_quiz import NAMING_CASES, NAMING_LESSON, naming_questions  # noqa: F401
from advisor.learn.question import Question

RESULT_SCHEMA_VERSION = 1
QUIZ_SCHEMA_VERSION = 1
DEFAULT_COUNT = 10
MIN_CHOICES, MAX_CHOICES = 2, 6
QUESTION_KEYS = ("id", "lesson", "question", "choices", "answer", "explanation", "source")
REQUIRED_KEYS = ("id", "lesson", "question", "choices", "answer", "explanation")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def quiz_path() -> Path:
    return data_file("quiz.yaml")


# --------------------------------------------------------------------------- loading


def _lesson_slugs() -> list[str]:
    from advisor.learn.lessons import list_lessons

    return [lesson.slug for lesson in list_lessons()]


def check_quiz(
    data: Any, node: Any, name: str, lesson_slugs: Sequence[str] | None = None
) -> tuple[list[Question], list[AdvisorError]]:
    """Validate parsed quiz data; return the questions and every problem found."""
    problems: list[AdvisorError] = []

    def problem(message: str, path: tuple[str | int, ...], key: str | None) -> None:
        problems.append(DataError(message, file=name, line=line_of(node, path), key=key))

    if not isinstance(data, dict):
        problem("expected a mapping with 'schema_version' and 'questions'", (), None)
        return [], problems
    for key in data:
        if key not in ("schema_version", "questions"):
            hint = did_you_mean(str(key), ["schema_version", "questions"])
            problem(f"unknown key '{key}'{hint}", (str(key),), str(key))
    version = data.get("schema_version")
    if version != QUIZ_SCHEMA_VERSION:
        problem(
            f"schema_version must be {QUIZ_SCHEMA_VERSION}, got {version!r}",
            ("schema_version",),
            "schema_version",
        )
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        problem("'questions' must be a non-empty list", ("questions",), "questions")
        return [], problems

    questions: list[Question] = []
    first_line: dict[str, int | None] = {}
    for i, item in enumerate(items):
        where = f"questions[{i}]"
        base: tuple[str | int, ...] = ("questions", i)
        if not isinstance(item, dict):
            problem("each question must be a mapping", base, where)
            continue
        before = len(problems)
        misspelt: set[str] = set()  # required keys a typo stands for: report the typo only
        for key in item:
            if key not in QUESTION_KEYS:
                hint = did_you_mean(str(key), QUESTION_KEYS)
                if hint:
                    misspelt.add(hint.split('"')[1])
                problem(f"unknown key '{key}'{hint}", (*base, str(key)), f"{where}.{key}")
        for key in REQUIRED_KEYS:
            if key not in item and key not in misspelt:
                problem(f"missing required key '{key}'", base, where)
        qid = item.get("id")
        if "id" in item:
            if not isinstance(qid, str) or not ID_PATTERN.match(qid):
                problem(
                    f"id must be lowercase words joined by '-', got {qid!r}",
                    (*base, "id"),
                    f"{where}.id",
                )
            elif qid in first_line:
                problem(
                    f"duplicate id '{qid}' (first used on line {first_line[qid]})",
                    (*base, "id"),
                    f"{where}.id",
                )
            else:
                first_line[qid] = line_of(node, (*base, "id"))
        for key in ("question", "explanation", "lesson"):
            if key in item and (not isinstance(item[key], str) or not item[key].strip()):
                problem("must be a non-empty string", (*base, key), f"{where}.{key}")
        lesson = item.get("lesson")
        if (
            isinstance(lesson, str)
            and lesson.strip()
            and lesson_slugs is not None
            and lesson not in lesson_slugs
        ):
            problem(
                f"no lesson '{lesson}'{did_you_mean(lesson, list(lesson_slugs))}; "
                f"lessons: {', '.join(lesson_slugs)}",
                (*base, "lesson"),
                f"{where}.lesson",
            )
        source = item.get("source")
        if source is not None and (
            not isinstance(source, str) or not source.startswith("https://")
        ):
            problem("source must be an https:// URL", (*base, "source"), f"{where}.source")
        choices = item.get("choices")
        choices_ok = False
        if "choices" in item:
            if not isinstance(choices, list):
                problem("choices must be a list", (*base, "choices"), f"{where}.choices")
            elif not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
                problem(
                    f"needs {MIN_CHOICES} to {MAX_CHOICES} choices, got {len(choices)}",
                    (*base, "choices"),
                    f"{where}.choices",
                )
            else:
                choices_ok = True
                seen: dict[str, int] = {}
                for j, choice in enumerate(choices):
                    if not isinstance(choice, str) or not choice.strip():
                        problem(
                            "each choice must be a non-empty string",
                            (*base, "choices", j),
                            f"{where}.choices[{j}]",
                        )
                        choices_ok = False
                        continue
                    norm = " ".join(choice.split()).casefold()
                    if norm in seen:
                        problem(
                            f"choice repeats choice {seen[norm]}, so more than one "
                            "answer would be right",
                            (*base, "choices", j),
                            f"{where}.choices[{j}]",
                        )
                        choices_ok = False
                    seen[norm] = j
        answer = item.get("answer")
        if "answer" in item:
            if isinstance(answer, bool) or not isinstance(answer, int):
                problem(
                    "answer must be the 0-based position of the one correct choice, "
                    f"got {answer!r}",
                    (*base, "answer"),
                    f"{where}.answer",
                )
            elif choices_ok and not 0 <= answer < len(choices):
                problem(
                    f"answer {answer} is out of range: choices are numbered 0 to "
                    f"{len(choices) - 1}",
                    (*base, "answer"),
                    f"{where}.answer",
                )
        if len(problems) == before:
            questions.append(
                Question(
                    id=qid,
                    lesson=lesson,
                    question=" ".join(item["question"].split()),
                    choices=tuple(" ".join(c.split()) for c in choices),
                    answer=answer,
                    explanation=" ".join(item["explanation"].split()),
                    source=source,
                )
            )
    return questions, problems


def load_quiz(
    path: str | Path | None = None, *, lesson_slugs: Sequence[str] | None = None
) -> list[Question]:
    """Load and validate the quiz bank, raising DataError (or DataErrors) on any problem.

    Each question's `lesson` is checked against the lessons that exist unless
    `lesson_slugs` is given.
    """
    file = Path(path) if path is not None else quiz_path()
    data, node = load_yaml(file)
    slugs = list(lesson_slugs) if lesson_slugs is not None else _lesson_slugs()
    questions, problems = check_quiz(data, node, str(file), slugs)
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise problems[0] if len(problems) == 1 else DataErrors(problems)
    return translate_questions(questions)


def translate_questions(questions: Sequence[Question], lang: str | None = None) -> list[Question]:
    """The questions with their text in the current language (`data/i18n/<lang>/quiz.yaml`).

    Only the question, the choices and the explanation change: the id, the lesson, the
    answer key and the source always come from the English bank, so the right answer is
    the same in every language. A question without a translation, or whose translation has
    a different number of choices, stays in English (tests/unit/test_i18n.py fails on
    either, so this is only a guard).
    """
    from dataclasses import replace

    from advisor.i18n import data_translation

    table = data_translation("quiz", lang)
    if not table:
        return list(questions)
    out: list[Question] = []
    for q in questions:
        entry = table.get(q.id)
        if (
            isinstance(entry, dict)
            and isinstance(entry.get("choices"), list)
            and len(entry["choices"]) == len(q.choices)
        ):
            q = replace(
                q,
                question=" ".join(str(entry["question"]).split()),
                choices=tuple(" ".join(str(c).split()) for c in entry["choices"]),
                english_choices=q.choices,
                explanation=" ".join(str(entry["explanation"]).split()),
            )
        out.append(q)
    return out


# --------------------------------------------------------------------------- selecting


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31)


def select_questions(
    questions: Sequence[Question],
    *,
    count: int | None = DEFAULT_COUNT,
    seed: int = 0,
    lesson: str | None = None,
) -> list[Question]:
    """Pick `count` questions (all if None) in a random order fixed by `seed`.

    `lesson` is a lesson slug; only its questions are kept.
    """
    if count is not None and count < 1:
        raise UsageError(f"--count must be at least 1, got {count}", key="--count")
    pool = [q for q in questions if lesson is None or q.lesson == lesson]
    if not pool:
        having = sorted({q.lesson for q in questions})
        raise UsageError(
            f"there are no quiz questions for lesson '{lesson}'; lessons with questions: "
            f"{', '.join(having)}",
            key="--lesson",
        )
    rng = random.Random(seed)
    n = len(pool) if count is None else min(count, len(pool))
    return rng.sample(pool, k=n)


def build_quiz(
    *,
    count: int | None = DEFAULT_COUNT,
    seed: int = 0,
    lesson: str | None = None,
    path: str | Path | None = None,
) -> list[Question]:
    """The bank plus generated naming questions, then a selection fixed by the seed."""
    bank = load_quiz(path)
    generated = naming_questions(random.Random(seed))
    known = {q.id for q in bank}
    pool = bank + [q for q in generated if q.id not in known]
    return select_questions(pool, count=count, seed=seed, lesson=lesson)


# --------------------------------------------------------------------------- running


@dataclass
class Answer:
    question: Question
    chosen: int  # 0-based index into question.choices

    @property
    def correct(self) -> bool:
        return self.chosen == self.question.answer


@dataclass
class QuizResult:
    questions: list[Question]
    answers: list[Answer] = field(default_factory=list)
    stopped: str | None = None  # None (finished), "quit" or "eof"
    seed: int | None = None
    lesson: str | None = None
    timestamp: str = ""

    @property
    def score(self) -> int:
        return sum(1 for a in self.answers if a.correct)

    @property
    def total(self) -> int:
        return len(self.answers)

    def to_json(self) -> dict[str, Any]:
        from advisor import __version__

        return {
            "schema_version": RESULT_SCHEMA_VERSION,
            "tool": f"registry-advisor {__version__}",
            "timestamp": self.timestamp,
            "seed": self.seed,
            "lesson": self.lesson,
            "score": self.score,
            "total": self.total,
            "selected": len(self.questions),
            "finished": self.stopped is None,
            "stopped": self.stopped,
            "answers": [
                {
                    "id": a.question.id,
                    "lesson": a.question.lesson,
                    "generated": a.question.generated,
                    "chosen": a.chosen,
                    "chosen_text": (a.question.english_choices or a.question.choices)[a.chosen],
                    "answer": a.question.answer,
                    "correct": a.correct,
                }
                for a in self.answers
            ],
        }


def score_line(result: QuizResult) -> str:
    if result.total == 0:
        return _("Score: 0 (no questions answered)")
    pct = round(100 * result.score / result.total)
    line = _("Score: {score}/{total} ({pct}%)").format(
        score=result.score, total=result.total, pct=pct
    )
    if result.stopped is not None:
        line += _(", stopped after {answered} of {asked} questions").format(
            answered=result.total, asked=len(result.questions)
        )
    return line


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def run_quiz(
    questions: Sequence[Question],
    ask: Callable[[str], str],
    say: Callable[[str], None],
    *,
    seed: int | None = None,
    lesson: str | None = None,
    now: Callable[[], str] = _now,
) -> QuizResult:
    """Ask each question through `ask(prompt) -> line` and report through `say(text)`.

    Answers are choice numbers (1-based). `q` stops early; anything else is asked again.
    `ask` raising EOFError ends the quiz with the score so far.
    """
    result = QuizResult(questions=list(questions), seed=seed, lesson=lesson, timestamp=now())
    total = len(questions)
    for number, q in enumerate(questions, start=1):
        say(
            _("Question {number} of {total} ({lesson})").format(
                number=number, total=total, lesson=q.lesson
            )
        )
        say(q.question)
        for i, choice in enumerate(q.choices, start=1):
            say(f"  {i}) {choice}")
        prompt = _("Your answer (1-{n}, q to stop): ").format(n=len(q.choices))
        chosen: int | None = None
        while chosen is None:
            try:
                reply = ask(prompt).strip().lower()
            except EOFError:
                result.stopped = "eof"
                say("")
                say(_("No more input: stopping here."))
                say(score_line(result))
                return result
            if reply in ("q", "quit", "exit"):
                result.stopped = "quit"
                say(score_line(result))
                return result
            if reply.isdigit() and 1 <= int(reply) <= len(q.choices):
                chosen = int(reply) - 1
            else:
                say(_("Please type a number from 1 to {n}, or q to stop.").format(n=len(q.choices)))
        answer = Answer(q, chosen)
        result.answers.append(answer)
        if answer.correct:
            say(_("Correct."))
        else:
            say(
                _("Not quite. The answer is {number}) {choice}").format(
                    number=q.answer + 1, choice=q.correct_choice
                )
            )
        say(q.explanation)
        if q.source:
            say(_("Source: {url}").format(url=q.source))
        say("")
    say(score_line(result))
    return result


class QuizSession:
    """A quiz taken one question at a time, for interactive fronts such as the TUI."""

    def __init__(self, questions: Sequence[Question]) -> None:
        self.questions = list(questions)
        self.index = 0
        self.answers: list[Answer] = []

    @classmethod
    def for_tui(cls, *, count: int = DEFAULT_COUNT, seed: int | None = None) -> QuizSession:
        return cls(build_quiz(count=count, seed=new_seed() if seed is None else seed))

    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if self.index < len(self.questions) else None

    @property
    def position(self) -> int:
        return self.index + 1

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def answered(self) -> bool:
        return len(self.answers) > self.index

    @property
    def score(self) -> int:
        return sum(1 for a in self.answers if a.correct)

    def answer(self, chosen: int) -> tuple[bool, str]:
        """Record the answer to the current question; return (right, explanation)."""
        question = self.current
        if question is None or self.answered:
            raise ValueError("no open question to answer")
        if not 0 <= chosen < len(question.choices):
            raise ValueError(f"choice {chosen} is out of range")
        record = Answer(question=question, chosen=chosen)
        self.answers.append(record)
        right = record.correct
        lead = (
            "" if right else _("The answer is: {choice}. ").format(choice=question.correct_choice)
        )
        return right, lead + question.explanation

    def next(self) -> None:
        if self.current is not None:
            self.index += 1
