"""The questionnaire: one question at a time, its help beside it, back/next/skip."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Label, ProgressBar, Static

from advisor.i18n import N_, _
from advisor.tui.screens.base import AdvisorScreen
from advisor.tui.widgets.footer import KeysFooter
from advisor.tui.widgets.question_card import QuestionCard


class QuestionnaireScreen(AdvisorScreen):
    TITLE_TEXT = N_("questions")
    HELP = N_("""\
## Questions

One question at a time; the panel on the right says what it means and why it matters.

- **Enter** keeps the answer and goes on, on every question. One answer: move with the
  **arrow keys** to it first (or click it). Several answers: **Space** ticks or unticks
  each, then **Enter**.
- **n** or **Next** keeps the current answer and goes on; **b** or **Back** returns.
- **s** skips: the default is used, and the results list it as an assumption.
- Follow-up questions appear when an earlier answer makes them matter.
- **Ctrl+S** saves the answers to a YAML file you can reopen with
  `registry-advisor --answers FILE`.

After the last question the results open; press **2** later to change answers.
""")
    BINDINGS = [
        Binding("n", "next", N_("Next"), id="q-next"),
        Binding("b", "back", N_("Back"), id="q-back"),
        Binding("s", "skip", N_("Skip"), id="q-skip"),
        Binding("ctrl+s", "save", N_("Save answers"), id="q-save"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index = 0
        self._resumed_once = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="q-progress-row"):
            yield Label("", id="q-progress-label")
            yield ProgressBar(id="q-progress", show_eta=False, show_percentage=False)
        with Horizontal(id="q-body"):
            yield VerticalScroll(id="q-card")
            yield VerticalScroll(Static("", id="q-help-text"), id="q-help")
        with Horizontal(id="q-buttons"):
            yield Button(_("Back"), id="q-back-button", compact=True)
            yield Button(_("Skip"), id="q-skip-button", compact=True)
            yield Button(_("Next"), id="q-next-button", variant="primary", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#q-help", VerticalScroll).border_title = _("why it matters")
        self.show_question()

    # ------------------------------------------------------------ display

    @property
    def visible(self) -> list[Any]:
        return self.state.visible_questions()

    @property
    def question(self) -> Any:
        return self.visible[self.index]

    def show_question(self) -> None:
        if not self.query_one("#q-card").is_attached:
            return  # the app is closing (quit from a dialog above this screen)
        visible = self.visible
        self.index = max(0, min(self.index, len(visible) - 1))
        q = visible[self.index]
        self.query_one("#q-progress-label", Label).update(
            _("Question {number} of {total}").format(number=self.index + 1, total=len(visible))
        )
        bar = self.query_one("#q-progress", ProgressBar)
        bar.update(total=len(visible), progress=self.index)
        self.query_one("#q-help-text", Static).update(" ".join(q.help.split()))
        container = self.query_one("#q-card", VerticalScroll)
        container.remove_children()
        container.mount(QuestionCard(q, self.state.answers.get(q.id)))
        self.query_one("#q-back-button", Button).disabled = self.index == 0
        last = self.index == len(visible) - 1
        button = self.query_one("#q-next-button", Button)
        button.label = _("See results") if last else _("Next")
        # A new label does not re-measure the button by itself: without this the last
        # question's button shows "See".
        button.refresh(layout=True)

    @on(QuestionCard.Answered)
    def _answered(self, event: QuestionCard.Answered) -> None:
        self.state.set_answer(event.qid, event.value)
        if event.done:
            self._advance()
            return
        # Follow-ups may appear or vanish; keep the count honest.
        visible = self.visible
        self.query_one("#q-progress-label", Label).update(
            _("Question {number} of {total}").format(number=self.index + 1, total=len(visible))
        )

    # ------------------------------------------------------------ actions

    def action_next(self) -> None:
        card = self.query(QuestionCard).first()
        has, value = card.value()
        if has:
            self.state.set_answer(card.question.id, value)
        elif card.question.id not in self.state.answers:
            self.notify(_("Choose an answer, or press s to skip and use the default."))
            return
        self._advance()

    def action_skip(self) -> None:
        self.state.skip(self.question.id)
        self._advance()

    def _advance(self) -> None:
        if self.index + 1 >= len(self.visible):
            self.finish()
            return
        self.index += 1
        self.show_question()

    def action_back(self) -> None:
        if self.index > 0:
            self.index -= 1
            self.show_question()

    def finish(self) -> None:
        from advisor.errors import AdvisorError

        try:
            self.state.recompute()
        except AdvisorError as exc:
            self.notify(str(exc), severity="error")
            return
        self.app.refresh_bindings()
        self.advisor.switch_mode("results")

    def action_save(self) -> None:
        from advisor.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.state, initial_format="answers"))

    @on(Button.Pressed, "#q-next-button")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#q-back-button")
    def _back_pressed(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#q-skip-button")
    def _skip_pressed(self) -> None:
        self.action_skip()

    def on_screen_resume(self) -> None:
        # The first resume follows on_mount, which already showed the question.
        if self._resumed_once:
            self.show_question()
        self._resumed_once = True
