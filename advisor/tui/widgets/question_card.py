"""One question: its prompt and the right input for its type (choice, bool, multi)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from advisor.i18n import _


def choice_options(question: Any) -> list[tuple[Any, str]]:
    """(value, label) pairs for any question type; bools become yes/no."""
    if question.type == "bool":
        return [(True, _("Yes")), (False, _("No"))]
    return [(c.value, c.label) for c in question.choices]


class ChoicesList(SelectionList[Any]):
    """A SelectionList where Enter means what it means on every other question: keep the
    answer and go on. Space (or a click) ticks and unticks."""

    BINDINGS = [Binding("enter", "done", "Next", show=False)]

    class Done(Message):
        """Enter was pressed: the ticked items are the answer."""

    def action_done(self) -> None:
        self.post_message(self.Done())


class QuestionCard(Vertical):
    """Shows one question; posts Answered when the user picks a value.

    Single answers use an OptionList (long labels wrap, Enter picks and moves on);
    several answers use a ChoicesList (Space ticks, Enter or n moves on).
    """

    class Answered(Message):
        def __init__(self, qid: str, value: Any, *, done: bool = False) -> None:
            super().__init__()
            self.qid = qid
            self.value = value
            self.done = done  # the user picked with Enter/click: move on

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
                # Unanswered: start from the default, which is what skipping would use.
                start = self.current if self.current is not None else q.default
                chosen = set(start if isinstance(start, (list, tuple)) else [])
                yield ChoicesList(
                    *(Selection(label, value, value in chosen) for value, label in self.options),
                    id="q-multi",
                )
            else:
                yield OptionList(
                    *(
                        Option(self._label(value, label), id=str(i))
                        for i, (value, label) in enumerate(self.options)
                    ),
                    id="q-choice",
                )
        default = _default_text(q, self.options)
        how = (
            _("Space ticks or unticks; Enter keeps the ticked ones and goes on.")
            if q.type == "multi"
            else _("Arrows to move, Enter to choose and go on.")
        )
        skip = _("Skip uses the default: {default}").format(default=default)
        yield Static(f"{how} {skip}", classes="hint")

    def _label(self, value: Any, label: str) -> str:
        mark = "●" if self.current is not None and value == self.current else "○"
        return f"{mark} {label}"

    def on_mount(self) -> None:
        # The inputs are mounted after this card; place the cursor once they are there.
        self.call_after_refresh(self._place_cursor)

    def _place_cursor(self) -> None:
        if self.question.type != "multi":
            # The cursor starts on the current answer, or else on the default.
            target = self.current if self.current is not None else self.question.default
            for options in self.query("#q-choice").results(OptionList):
                for i, (value, _label) in enumerate(self.options):
                    if value == target:
                        options.highlighted = i
        self.focus_input()

    def focus_input(self) -> None:
        for widget in self.query("#q-multi, #q-choice"):
            widget.focus()
            break

    def value(self) -> tuple[bool, Any]:
        """(has_value, value) from the widgets."""
        if self.question.type == "multi":
            return True, list(self.query_one("#q-multi", SelectionList).selected)
        if self.current is None:
            return False, None
        return True, self.current

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        value = self.options[event.option_index][0]
        self.current = value
        options = self.query_one("#q-choice", OptionList)
        for i, (v, label) in enumerate(self.options):
            options.replace_option_prompt_at_index(i, self._label(v, label))
        self.post_message(self.Answered(self.question.id, value, done=True))

    def on_choices_list_done(self, event: ChoicesList.Done) -> None:
        event.stop()
        self.post_message(self.Answered(self.question.id, self.value()[1], done=True))

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self.post_message(self.Answered(self.question.id, self.value()[1]))


def _default_text(question: Any, options: list[tuple[Any, str]]) -> str:
    default = question.default
    if isinstance(default, (list, tuple)):
        labels = [label for value, label in options if value in default]
        return ", ".join(labels) if labels else _("(none)")
    for value, label in options:
        if value == default:
            return label
    return str(default)
