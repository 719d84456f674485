"""One quiz question, shared by the checked bank (`quiz`) and the generated naming
questions (`naming_quiz`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    id: str
    lesson: str
    question: str
    choices: tuple[str, ...]
    answer: int
    explanation: str
    source: str | None = None
    generated: bool = False
    # The English choices when `choices` are a translation: `quiz --json` reports the
    # chosen text in English in every language, like the rest of the machine interfaces.
    english_choices: tuple[str, ...] = ()

    @property
    def correct_choice(self) -> str:
        return self.choices[self.answer]
