"""What-if: a control for every question shown and every weight, edited in place.

Answers are state, not widgets: each control shows what AdvisorState holds, and a change
is posted as `WhatIfPanel.Changed` for the screen to record and recompute. When the answers
change which questions are shown, rows are inserted or removed where they belong and every
other row stays as it is, so editing a control never moves the view or the focus.

One answer (choice, yes/no): a Select. Several answers: a SelectionList (Space ticks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from advisor.i18n import _
from advisor.tui.widgets.question_card import choice_options

if TYPE_CHECKING:
    from advisor.tui.state import AdvisorState

WEIGHT_CHOICES = [(str(n), n) for n in (0, 0.5, 1, 2, 3, 5)]


class WhatIfPanel(VerticalScroll):
    """Rows of controls for the questions shown now and for the ranking weights."""

    DEFAULT_CSS = """
    WhatIfPanel .whatif-row { height: auto; }
    WhatIfPanel .whatif-row Label { width: 24; padding: 0 1 0 0; }
    WhatIfPanel .whatif-row Select { width: 1fr; }
    WhatIfPanel .whatif-row SelectionList { width: 1fr; height: auto; max-height: 8; }
    WhatIfPanel .wi-summary { height: auto; padding: 0 1; margin-bottom: 1; }
    WhatIfPanel #wi-weights { height: auto; padding: 0 1; color: $text-muted; }
    """

    class Changed(Message):
        """The user changed an answer (kind "answer") or a weight (kind "weight")."""

        def __init__(self, kind: str, key: str, value: Any) -> None:
            super().__init__()
            self.kind = kind
            self.key = key
            self.value = value

    def __init__(self, state: AdvisorState, summary_id: str = "wi-summary", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = state
        self.summary_id = summary_id  # the Static at the top, for the screen's summary
        self._layout: tuple[str, ...] = ()
        self._syncing = 0

    # ------------------------------------------------------------ building

    def _rows_wanted(self) -> tuple[str, ...]:
        questions = tuple(f"q-{q.id}" for q in self.state.visible_questions())
        return questions + tuple(f"w-{name}" for name in self._weights())

    def _weights(self) -> dict[str, float]:
        """Every ranking criterion's weight: as set, else the rules' default."""
        criteria = self.state.rules.criteria if self.state.rules is not None else {}
        return {
            name: float(self.state.weights.get(name, c.default)) for name, c in criteria.items()
        }

    async def sync(self, summary: str = "") -> None:
        """Show the state. Rows for questions no longer shown are removed and rows for
        newly shown ones inserted in place; every other row stays as it is (only its value
        is updated), so the focused control and the scroll position are kept."""
        self._syncing += 1
        try:
            if not self._layout:
                await self._build(summary)
            else:
                await self._reconcile()
                self.set_summary(summary)
            self._update_values()
        finally:
            self.call_after_refresh(self._done_syncing)

    def set_summary(self, text: str) -> None:
        for box in self.query(f"#{self.summary_id}").results(Static):
            box.update(text)

    async def _build(self, summary: str) -> None:
        rows: list[Any] = [Static(summary, id=self.summary_id, classes="wi-summary")]
        answers = self.state.active_answers()
        for q in self.state.visible_questions():
            rows.append(self._question_row(q, answers.get(q.id, q.default)))
        rows.append(Static(_("[b]Weights[/b] (0 ignores a criterion)"), id="wi-weights"))
        for name, value in self._weights().items():
            rows.append(self._weight_row(name, value))
        await self.mount_all(rows)
        self._layout = self._rows_wanted()

    async def _reconcile(self) -> None:
        wanted = self._rows_wanted()
        if wanted == self._layout:
            return
        gone = [row for row in self.query(".whatif-row") if row.id[4:] not in wanted]
        for row in gone:
            await row.remove()
        present = {row.id[4:] for row in self.query(".whatif-row")}
        answers = self.state.active_answers()
        questions = {q.id: q for q in self.state.visible_questions()}
        for i, key in enumerate(wanted):
            if key in present or not key.startswith("q-"):
                continue
            q = questions[key[2:]]
            later = [k for k in wanted[i + 1 :] if k in present]
            before = f"#row-{later[0]}" if later else "#wi-weights"
            await self.mount(self._question_row(q, answers.get(q.id, q.default)), before=before)
            present.add(key)
        self._layout = wanted

    def _done_syncing(self) -> None:
        self._syncing = max(0, self._syncing - 1)

    def _question_row(self, q: Any, current: Any) -> Horizontal:
        label = Label(_short(q.prompt, 60), classes="whatif-label")
        label.tooltip = q.prompt
        if q.type == "multi":
            chosen = set(current or [])
            control: Any = SelectionList[Any](
                *(Selection(text, value, value in chosen) for value, text in choice_options(q)),
                id=f"wi-q-{q.id}",
                compact=True,
            )
        else:
            options = [(text, value) for value, text in choice_options(q)]
            control = Select(
                options, value=current, allow_blank=False, id=f"wi-q-{q.id}", compact=True
            )
        return Horizontal(label, control, classes="whatif-row", id=f"row-q-{q.id}")

    def _weight_row(self, name: str, value: float) -> Horizontal:
        options = list(WEIGHT_CHOICES)
        if value not in dict(WEIGHT_CHOICES).values():
            options.append((f"{value:g}", value))
        select = Select(options, value=value, allow_blank=False, id=f"wi-w-{name}", compact=True)
        label = self.state.rules.criteria[name].label
        return Horizontal(Label(label), select, classes="whatif-row", id=f"row-w-{name}")

    def _update_values(self) -> None:
        answers = self.state.active_answers()
        self._syncing += 1
        try:
            for q in self.state.visible_questions():
                want = answers.get(q.id, q.default)
                for control in self.query(f"#wi-q-{q.id}"):
                    if isinstance(control, SelectionList):
                        if sorted(control.selected) != sorted(want or []):
                            control.deselect_all()
                            for value in want or []:
                                control.select(value)
                    elif isinstance(control, Select) and control.value != want:
                        control.value = want
            for name, value in self._weights().items():
                for control in self.query(f"#wi-w-{name}").results(Select):
                    if control.value != value:
                        control.value = value
        finally:
            self.call_after_refresh(self._done_syncing)

    # ------------------------------------------------------------ changes

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._post(event.select.id, event.value)

    @on(SelectionList.SelectedChanged)
    def _list_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self._post(event.selection_list.id, list(event.selection_list.selected))

    def _post(self, ident: str | None, value: Any) -> None:
        if self._syncing or not ident:
            return
        if ident.startswith("wi-q-"):
            qid = ident.removeprefix("wi-q-")
            question = self.state.questions.get(qid)
            if question is not None and question.type == "multi":
                # In the question's own order, as the engine and answers files keep them.
                value = [v for v in question.values if v in set(value)]
            current = self.state.active_answers().get(
                qid, question.default if question is not None else None
            )
            if current == value:
                return
            self.post_message(self.Changed("answer", qid, value))
        elif ident.startswith("wi-w-"):
            name = ident.removeprefix("wi-w-")
            if self._weights().get(name) == value:
                return
            self.post_message(self.Changed("weight", name, value))


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
