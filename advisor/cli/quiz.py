"""`registry-advisor quiz`: multiple-choice questions on the lessons, in the terminal."""

from __future__ import annotations

import argparse

from advisor.cli.options import whole_number
from advisor.i18n import _

# Same as advisor.learn.quiz.DEFAULT_COUNT (a test checks); not imported, so --help stays light.
DEFAULT_COUNT = 10


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "quiz",
        help=_("test yourself with multiple-choice questions on the lessons"),
        description=(
            _(
                "Ask multiple-choice questions on the lessons, one at a time. Type the number "
                "of your choice and Enter; q stops early. Each answer is followed by an "
                "explanation, and the score comes at the end. Answers can be piped in."
            )
        ),
        epilog=(
            _(
                "With --json, questions and feedback go to stderr and stdout gets one JSON "
                'document for a trainer to collect: {"schema_version": 1, "tool", "timestamp", '
                '"seed", "lesson", "score", "total", "selected", "finished", "stopped", '
                '"answers": [{"id", "lesson", "generated", "chosen", "chosen_text", "answer", '
                '"correct"}]}. In it, "chosen" and "answer" are 0-based positions in the '
                "question's choices, while the quiz numbers choices from 1: typing 2 is recorded "
                'as "chosen": 1. The same --seed gives the same questions in the same order.'
            )
        ),
    )
    parser.add_argument(
        "--count",
        type=whole_number(1),
        default=DEFAULT_COUNT,
        metavar="N",
        help=_("how many questions to ask (default {count})").format(count=DEFAULT_COUNT),
    )
    parser.add_argument(
        "--seed",
        type=whole_number(0),
        metavar="N",
        help=_("pick and order questions reproducibly (default: random)"),
    )
    parser.add_argument(
        "--lesson",
        metavar="TOPIC",
        help=_("only questions on this lesson (number or name, as in 'learn')"),
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help=_(
            "print the results as one JSON document on stdout (shape below); prompts go to stderr"
        ),
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from advisor.learn.quiz import build_quiz, new_seed, run_quiz

    lesson = None
    if args.lesson is not None:
        from advisor.learn.lessons import find_lesson, list_lessons

        lesson = find_lesson(args.lesson, list_lessons()).slug
    seed = args.seed if args.seed is not None else new_seed()
    questions = build_quiz(count=args.count, seed=seed, lesson=lesson)

    out = sys.stderr if args.json else sys.stdout
    echo = not sys.stdin.isatty()

    def say(text: str) -> None:
        print(text, file=out, flush=True)

    def ask(prompt: str) -> str:
        out.write(prompt)
        out.flush()
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        if echo:  # piped answers: show them, so the transcript reads like a session
            out.write(line if line.endswith("\n") else line + "\n")
        return line

    if not args.json:
        from advisor.i18n import ngettext

        say(
            ngettext(
                "{count} question (seed {seed}). Type a number and Enter; q stops.",
                "{count} questions (seed {seed}). Type a number and Enter; q stops.",
                len(questions),
            ).format(count=len(questions), seed=seed)
        )
        say("")
    result = run_quiz(questions, ask, say, seed=seed, lesson=lesson)
    if args.json:
        import json

        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    return 0
