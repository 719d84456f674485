"""What the TUI knows: loaded data, the answers so far, weights, and the last recommendation.

No Textual here: screens read and change this object, and every recommendation comes from
the same engine call the CLI makes.
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

    # ------------------------------------------------------------ questions

    def visible_questions(self) -> list[Any]:
        from advisor.decide.questions import visible_questions

        return list(visible_questions(self.questions, self.answers))

    def set_answer(self, qid: str, value: Any) -> None:
        self.answers[qid] = value
        self._drop_hidden()

    def skip(self, qid: str) -> None:
        self.answers.pop(qid, None)
        self._drop_hidden()

    def _drop_hidden(self) -> None:
        """Forget answers to follow-up questions whose condition no longer holds."""
        visible = {q.id for q in self.visible_questions()}
        for qid in list(self.answers):
            if qid not in visible:
                del self.answers[qid]

    # ------------------------------------------------------------ recommendation

    def recompute(self) -> dict[str, Any]:
        from advisor.decide.engine import recommend

        rec = recommend(self.catalog, self.questions, self.rules, self.answers, self.weights)
        self.recommendation = rec.to_json()
        return self.recommendation

    def set_weight(self, name: str, value: float) -> None:
        self.weights[name] = value

    def answers_yaml(self) -> str:
        from advisor.decide.answers import to_yaml

        return to_yaml(self.answers, self.questions)
