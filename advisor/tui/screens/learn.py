"""Learn: the lessons, the image-name explainer, and the quiz, in three tabs."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Header,
    Input,
    MarkdownViewer,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from advisor.i18n import N_, _
from advisor.tui.screens.base import AdvisorScreen
from advisor.tui.widgets.fields import TextField
from advisor.tui.widgets.footer import KeysFooter

EXPLAIN_START = "ubuntu"


class LearnScreen(AdvisorScreen):
    TITLE_TEXT = N_("learn")
    HELP = N_("""\
## Learn

Three tabs (switch with **l**, **n** and **z**, or click):

- **Lessons**: pick a lesson on the left; it opens on the right. **t** shows or hides
  the lesson's table of contents.
- **Names**: type an image reference (`ubuntu`, `localhost:5000/app`, `ghcr.io/acme/api:1.2`)
  and see how Docker reads it: registry, repository, tag, digest, in plain words.
  **Esc** leaves the field, so **l**, **n**, **z** switch tabs again; **Enter** in the
  field does the same.
- **Quiz**: multiple-choice questions with an explanation after each answer and a score
  at the end. Choose with the arrows and Enter; **Next** (or Tab then Enter) moves on.
""")
    BINDINGS = [
        Binding("l", "tab('lessons')", N_("Lessons"), id="learn-lessons"),
        Binding("n", "tab('names')", N_("Names"), id="learn-names"),
        Binding("z", "tab('quiz')", N_("Quiz"), id="learn-quiz"),
        Binding("t", "toggle_toc", N_("Contents"), id="learn-toc"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.quiz: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="l-tabs", initial="lessons"):
            with TabPane(_("Lessons"), id="lessons"), Horizontal(id="l-lessons"):
                yield OptionList(id="l-list")
                yield MarkdownViewer("", show_table_of_contents=False, id="l-viewer")
            with TabPane(_("Names"), id="names"):
                yield TextField(
                    value=EXPLAIN_START, placeholder=_("an image reference"), id="x-input"
                )
                yield VerticalScroll(Static("", id="x-text"), id="x-result")
            with TabPane(_("Quiz"), id="quiz"), Vertical():
                yield Static("", id="quiz-question")
                yield OptionList(id="quiz-choices")
                yield Static("", id="quiz-feedback")
                with Horizontal(id="quiz-buttons"):
                    yield Button(_("Next"), id="quiz-next", variant="primary", compact=True)
                    yield Button(_("Start again"), id="quiz-restart", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        from advisor.learn.lessons import list_lessons

        self.lessons = list_lessons(self.state.catalog_files)
        options = self.query_one("#l-list", OptionList)
        for lesson in self.lessons:
            options.add_option(Option(f"{lesson.number}. {lesson.title}", id=str(lesson.number)))
        options.highlighted = 0
        self._show_lesson(0)
        self._explain(EXPLAIN_START)
        self._start_quiz()
        options.focus()

    # ------------------------------------------------------------ lessons

    @on(OptionList.OptionHighlighted, "#l-list")
    def _lesson_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_lesson(event.option_index)

    def _show_lesson(self, index: int) -> None:
        if 0 <= index < len(self.lessons):
            viewer = self.query_one("#l-viewer", MarkdownViewer)
            viewer.document.update(self.lessons[index].markdown)
            viewer.scroll_home(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The table of contents belongs to the Lessons tab; elsewhere t would do nothing.
        if action == "toggle_toc":
            tabs = self.query("#l-tabs").results(TabbedContent)
            return all(t.active == "lessons" for t in tabs)
        return True

    @on(TabbedContent.TabActivated, "#l-tabs")
    def _tab_activated(self) -> None:
        self.refresh_bindings()

    def action_toggle_toc(self) -> None:
        viewer = self.query_one("#l-viewer", MarkdownViewer)
        viewer.show_table_of_contents = not viewer.show_table_of_contents

    def action_tab(self, tab: str) -> None:
        self.query_one("#l-tabs", TabbedContent).active = tab
        focus = {"lessons": "#l-list", "names": "#x-input", "quiz": "#quiz-choices"}[tab]
        self.query_one(focus).focus()

    # ------------------------------------------------------------ names

    def leave_field(self, field: Input) -> None:
        """Esc in the Names field: focus the explanation, where the screen's keys work."""
        self.query_one("#x-result", VerticalScroll).focus()

    @on(Input.Submitted, "#x-input")
    def _ref_submitted(self, event: Input.Submitted) -> None:
        self.leave_field(event.input)

    @on(Input.Changed, "#x-input")
    def _ref_changed(self, event: Input.Changed) -> None:
        self._explain(event.value)

    def _explain(self, ref: str) -> None:
        from rich.markup import escape

        from advisor.learn.reference import explain

        box = self.query_one("#x-text", Static)
        if not ref.strip():
            box.update(_("Type an image reference above, e.g. ubuntu or localhost:5000/app:1.0"))
            return
        res = explain(ref.strip())
        lines = []
        if res["valid"]:
            labels = [
                (_("canonical"), "canonical"),
                (_("familiar"), "familiar"),
                (_("registry"), "domain"),
                (_("repository"), "path"),
                (_("tag"), "tag"),
                (_("digest"), "digest"),
            ]
            pad = max(11, *(len(label) + 2 for label, _key in labels))
            for label, key in labels:
                value = res.get(key) or _("(none)")
                lines.append(f"[b]{label:<{pad}}[/b]{escape(str(value))}")
        else:
            invalid = _("invalid")
            lines.append(f"[b red]{invalid}[/b red]: {escape(str(res['error']))}")
        notes = res.get("notes") or []
        if notes:
            lines.append("")
            from advisor.i18n.said import local

            lines += [f"• {escape(str(local(n)))}" for n in notes]
        box.update("\n".join(lines))

    # ------------------------------------------------------------ quiz

    def _start_quiz(self) -> None:
        from advisor.learn.quiz import QuizSession

        self.quiz = QuizSession.for_tui(count=10)
        self._show_question()

    def _show_question(self) -> None:
        question = self.quiz.current
        choices = self.query_one("#quiz-choices", OptionList)
        choices.clear_options()
        feedback = self.query_one("#quiz-feedback", Static)
        if question is None:
            self.query_one("#quiz-question", Static).update(
                _("Done: {score} of {total} right.").format(
                    score=self.quiz.score, total=self.quiz.total
                )
            )
            feedback.update(_("Press Start again for a new set of questions."))
            return
        self.query_one("#quiz-question", Static).update(
            _("Question {number} of {total}").format(
                number=self.quiz.position, total=self.quiz.total
            )
            + f"\n\n{question.question}"
        )
        choices.add_options(
            Option(f"{'ABCDEFGH'[i]}. {choice}") for i, choice in enumerate(question.choices)
        )
        choices.highlighted = 0
        feedback.update(_("Choose with the arrow keys and Enter."))

    @on(OptionList.OptionSelected, "#quiz-choices")
    def _answer(self, event: OptionList.OptionSelected) -> None:
        if self.quiz.current is None or self.quiz.answered:
            return
        right, explanation = self.quiz.answer(event.option_index)
        verdict = (
            "[b green]" + _("Right.") + "[/b green]"
            if right
            else "[b red]" + _("Not quite.") + "[/b red]"
        )
        from rich.markup import escape

        self.query_one("#quiz-feedback", Static).update(f"{verdict} {escape(explanation)}")
        self.query_one("#quiz-next", Button).focus()

    @on(Button.Pressed, "#quiz-next")
    def _next(self) -> None:
        if self.quiz.current is not None and not self.quiz.answered:
            self.notify(_("Answer this one first, or press Start again."))
            return
        self.quiz.next()
        self._show_question()
        self.query_one("#quiz-choices", OptionList).focus()

    @on(Button.Pressed, "#quiz-restart")
    def _restart(self) -> None:
        self._start_quiz()
