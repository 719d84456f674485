"""One question: its prompt and the right input for its type (choice, bool, multi)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import RadioButton, RadioSet, SelectionList, Static
from textual.widgets.selection_list import Selection


def choice_options(question: Any) -> list[tuple[Any, str]]:
    """(value, label) pairs for any question type; bools become yes/no."""
    if question.type == "bool":
        return [(True, "Yes"), (False, "No")]
    return [(c.value, c.label) for c in question.choices]


class QuestionCard(Vertical):
    """Shows one question; posts Answered when the user picks a value."""

    class Answered(Message):
        def __init__(self, qid: str, value: Any) -> None:
            super().__init__()
            self.qid = qid
            self.value = value

    def __init__(self, question: Any, current: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.question = question
        self.current = current
        self.options = choice_options(question)

    def compose(self) -> ComposeResult:
        q = self.question
        yield Static(q.prompt, id="q-prompt")
        with Vertical(id="q-input"):
            if q.type == "multi":
                chosen = set(self.current if isinstance(self.current, list) else [])
                yield SelectionList[Any](
                    *(Selection(label, value, value in chosen) for value, label in self.options),
                    id="q-multi",
                )
            else:
                with RadioSet(id="q-choice"):
                    for value, label in self.options:
                        yield RadioButton(label, value=(value == self.current))
        default = _default_text(q, self.options)
        yield Static(f"Skip uses the default: {default}", classes="hint")

    def focus_input(self) -> None:
        widget = self.query("#q-multi, #q-choice").first()
        widget.focus()

    def value(self) -> tuple[bool, Any]:
        """(has_value, value) from the widgets."""
        if self.question.type == "multi":
            return True, list(self.query_one("#q-multi", SelectionList).selected)
        index = self.query_one("#q-choice", RadioSet).pressed_index
        if index < 0:
            return False, None
        return True, self.options[index][0]

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        has, value = self.value()
        if has:
            self.post_message(self.Answered(self.question.id, value))

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self.post_message(self.Answered(self.question.id, self.value()[1]))


def _default_text(question: Any, options: list[tuple[Any, str]]) -> str:
    default = question.default
    if isinstance(default, list):
        labels = [label for value, label in options if value in default]
        return ", ".join(labels) if labels else "(none)"
    for value, label in options:
        if value == default:
            return label
    return str(default)
