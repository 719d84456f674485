"""The Textual app: a welcome screen, then modes for each part of the job.

The catalog, questions and rules are loaded in a thread after the first frame, so the
welcome screen paints as fast as a bare app; actions that need the data stay hidden until
it is there (check_action).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from advisor.errors import AdvisorError
from advisor.tui.state import AdvisorState

# Actions that need the catalog loaded; hidden from the Footer until then.
NEEDS_DATA = {"questions", "results", "compare", "catalog", "learn"}


APP_TCSS = Path(__file__).with_name("app.tcss")


class RegistryAdvisorApp(App[int]):
    # app.tcss is read after the first frame (see _load_stylesheet); parsing it up front
    # costs about a sixth of the start-up time. The welcome screen styles itself.
    TITLE = "Registry Advisor"
    SUB_TITLE = "choose and set up a container registry"
    ENABLE_COMMAND_PALETTE = True

    MODES = {
        "home": "advisor.tui.screens.welcome:WelcomeScreen",
        "questions": "advisor.tui.screens.questionnaire:QuestionnaireScreen",
        "results": "advisor.tui.screens.results:ResultsScreen",
        "compare": "advisor.tui.screens.compare:CompareScreen",
        "catalog": "advisor.tui.screens.catalog:CatalogScreen",
        "learn": "advisor.tui.screens.learn:LearnScreen",
        "doctor": "advisor.tui.screens.doctor:DoctorScreen",
    }
    DEFAULT_MODE = "home"

    BINDINGS = [
        Binding("f1", "help", "Help", id="help", key_display="F1"),
        Binding("question_mark", "help", "Help", show=False, id="help-question-mark"),
        Binding("1", "mode('home')", "Home", show=False, id="go-home"),
        Binding("2", "mode('questions')", "Questions", show=False, id="go-questions"),
        Binding("3", "mode('results')", "Results", show=False, id="go-results"),
        Binding("4", "mode('compare')", "Compare", show=False, id="go-compare"),
        Binding("5", "mode('catalog')", "Catalog", show=False, id="go-catalog"),
        Binding("6", "mode('learn')", "Learn", show=False, id="go-learn"),
        Binding("7", "mode('doctor')", "Doctor", show=False, id="go-doctor"),
        Binding("ctrl+e", "export", "Export", id="export"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False, id="theme"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit-ctrl"),
    ]

    class DataReady(Message):
        """The catalog, questions and rules are loaded (or failed to load)."""

        def __init__(self, error: str | None = None) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self,
        *,
        answers_file: str | None = None,
        catalog_files: Sequence[str] = (),
        weights: Sequence[str] = (),
    ) -> None:
        # Modes are given as import strings above so this module stays light; resolve
        # them to callables here, importing each screen module only when first shown.
        self.MODES = {name: _lazy_screen(path) for name, path in self.MODES.items()}
        super().__init__()
        self.state = AdvisorState(catalog_files=catalog_files, weights=weights)
        self.answers_file = answers_file
        self.ready = False

    # ------------------------------------------------------------ loading

    def on_mount(self) -> None:
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        self._load_stylesheet()
        self.run_worker(self._load, thread=True, group="load", exit_on_error=False)

    def _load_stylesheet(self) -> None:
        """Add app.tcss to the stylesheet and restyle what is on screen."""
        stylesheet = self.stylesheet.copy()
        stylesheet.read(APP_TCSS)
        stylesheet.parse()
        self.stylesheet = stylesheet
        stylesheet.update(self)
        for screen in self.screen_stack:
            stylesheet.update(screen)

    def _load(self) -> None:
        try:
            self.state.load()
            if self.answers_file:
                self.state.load_answers_file(self.answers_file)
                self.state.recompute()
        except AdvisorError as exc:
            self.post_message(self.DataReady(error=str(exc)))
            return
        self.post_message(self.DataReady())

    def on_registry_advisor_app_data_ready(self, message: DataReady) -> None:
        if message.error:
            self.notify(message.error, title="Could not load data", severity="error", timeout=30)
            return
        self.ready = True
        self.refresh_bindings()
        data_ready = getattr(self.screen, "data_ready", None)
        if data_ready is not None:
            data_ready()
        if self.answers_file:
            self.switch_mode("results")

    # ------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Home and doctor need no catalog.
        if action == "mode" and parameters and parameters[0] not in ("home", "doctor"):
            return self.ready
        if action in NEEDS_DATA:
            return self.ready
        if action == "export":
            return self.ready and self.state.recommendation is not None
        return True

    def action_mode(self, mode: str) -> None:
        if mode == "results" and self.state.recommendation is None:
            self.notify("Answer the questions first (2), or open an answers file.")
            self.switch_mode("questions")
            return
        self.switch_mode(mode)

    def action_help(self) -> None:
        from advisor.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen))

    def action_export(self, fmt: str | None = None) -> None:
        from advisor.tui.screens.export import ExportScreen

        if self.state.recommendation is None:
            self.notify("Nothing to export yet: answer the questions first.", severity="warning")
            return
        self.push_screen(ExportScreen(self.state, initial_format=fmt))

    async def action_quit(self) -> None:
        """Quit, but first offer to save answers that were never saved."""
        from advisor.tui.screens.quit import QuitScreen

        if isinstance(self.screen, QuitScreen):
            self.exit(0)
            return
        count = len(self.state.active_answers()) if self.state.loaded else 0
        if not (self.state.unsaved and count):
            self.exit(0)
            return

        def chosen(choice: str | None) -> None:
            if choice == "quit":
                self.exit(0)
            elif choice == "save":
                from advisor.tui.screens.export import ExportScreen

                def saved(path: object) -> None:
                    if path is not None:
                        self.exit(0)

                self.push_screen(ExportScreen(self.state, initial_format="answers"), saved)

        self.push_screen(QuitScreen(count), chosen)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "go: doctor",
            "Check a live registry, or explain an error message",
            _bind(self.action_mode, "doctor"),
        )
        if not self.ready:
            return
        for mode, title, help_text in (
            ("questions", "go: questionnaire", "Answer the questions one at a time"),
            ("results", "go: results", "The recommended setup and ranked registries"),
            ("compare", "go: compare", "Compare registries side by side"),
            ("catalog", "go: catalog", "Browse every registry and its sources"),
            ("learn", "go: learn", "Lessons, the image-name explainer and the quiz"),
        ):
            yield SystemCommand(title, help_text, _bind(self.action_mode, mode))
        if self.state.recommendation is not None:
            from advisor.tui.export_formats import FORMATS

            for fmt in FORMATS:
                yield SystemCommand(
                    f"export: {fmt.title}", fmt.description, _bind(self.action_export, fmt.key)
                )


def _bind(func: Any, arg: Any) -> Any:
    return lambda: func(arg)


def _lazy_screen(path: str) -> Any:
    def factory() -> Screen:
        import importlib

        module_name, _, cls = path.partition(":")
        return getattr(importlib.import_module(module_name), cls)()

    return factory


def make_app(
    *,
    answers_file: str | None = None,
    catalog_files: Sequence[str] = (),
    weights: Sequence[str] = (),
) -> RegistryAdvisorApp:
    """The one way to build the app, used by the CLI and by the tests."""
    return RegistryAdvisorApp(
        answers_file=answers_file, catalog_files=catalog_files, weights=weights
    )
