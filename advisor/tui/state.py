"""What the TUI knows: loaded data, the answers so far, weights, and the last recommendation.

No Textual here: screens read and change this object, and every recommendation comes from
the same engine call the CLI makes.

Answers are state, not widgets: `answers` keeps every answer the user gave, including
those to follow-up questions that are hidden for now (their condition does not hold), so
an answer comes back when its question does. Only the answers of visible questions
(`active_answers`) reach the engine or a saved file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class AdvisorState:
    def __init__(self, *, catalog_files: Sequence[str] = (), weights: Sequence[str] = ()) -> None:
        self.catalog_files = list(catalog_files)
        self.weight_args = list(weights)
        self.catalog: Any = None
        self.questions: Any = None
        self.rules: Any = None
        self.answers: dict[str, Any] = {}
        self.weights: dict[str, float] = {}
        self.recommendation: dict[str, Any] | None = None
        # Answers changed since they were loaded or last saved (quitting then asks first).
        self.unsaved = False

    # ------------------------------------------------------------ loading

    def load(self) -> None:
        from advisor.decide.session import load_context, parse_weights

        self.catalog, self.questions, self.rules = load_context(self.catalog_files)
        self.weights = parse_weights(self.weight_args, list(self.rules.criteria))

    @property
    def loaded(self) -> bool:
        return self.catalog is not None

    def load_answers_file(self, path: str) -> None:
        from advisor.decide.answers import load_answers

        self.answers = load_answers(path, self.questions)
        self.unsaved = False

    # ------------------------------------------------------------ questions

    def visible_questions(self) -> list[Any]:
        from advisor.decide.questions import visible_questions

        return list(visible_questions(self.questions, self.answers))

    def set_answer(self, qid: str, value: Any) -> None:
        """Record an answer. Answers to questions this hides are kept, not dropped."""
        if self.answers.get(qid, _MISSING) != value:
            self.answers[qid] = value
            self.unsaved = True

    def skip(self, qid: str) -> None:
        """Forget one answer: the question's default stands in for it."""
        if qid in self.answers:
            del self.answers[qid]
            self.unsaved = True

    def active_answers(self) -> dict[str, Any]:
        """The answers to the questions shown now, in question order."""
        visible = {q.id for q in self.visible_questions()}
        return {
            q.id: self.answers[q.id]
            for q in self.questions
            if q.id in visible and q.id in self.answers
        }

    def hidden_answers(self) -> dict[str, Any]:
        """Answers kept for questions hidden now; they apply again when shown."""
        active = self.active_answers()
        return {k: v for k, v in self.answers.items() if k not in active}

    # ------------------------------------------------------------ recommendation

    def recompute(self) -> dict[str, Any]:
        from advisor.decide.engine import recommend

        rec = recommend(
            self.catalog, self.questions, self.rules, self.active_answers(), self.weights
        )
        self.recommendation = rec.to_json()
        return self.recommendation

    def set_weight(self, name: str, value: float) -> None:
        self.weights[name] = value

    def answers_yaml(self) -> str:
        from advisor.decide.answers import to_yaml

        return to_yaml(self.active_answers(), self.questions)

    def answers_saved(self) -> None:
        """The answers were written to a file: quitting needs no question now."""
        self.unsaved = False


_MISSING = object()
