"""The Textual app: a welcome screen, then modes for each part of the job.

The first frame is the settled frame: nothing on screen changes once it is painted.
- With an answers file, the data and answers are loaded before the app starts (about
  20 ms from the validated-data cache) and the app opens straight on the results.
- Without one, the welcome screen shows nothing that depends on the data, so the data is
  loaded in a thread after the first frame; every key is live from the start, and one
  pressed before the data is there takes effect as soon as it is (`_when_ready`).
- Only the shared stylesheet is parsed at start; each mode's is read when first shown.
- KeysFooter shows its keys in the first frame and redraws only when they change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rich.markup import escape
from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from advisor import i18n
from advisor.errors import AdvisorError
from advisor.i18n import N_, _
from advisor.tui.state import AdvisorState

CSS_DIR = Path(__file__).with_name("css")


class RegistryAdvisorApp(App[int]):
    # Only the shared rules are parsed at start; each mode's rules (css/MODE.tcss) are read
    # when that mode is first shown (see _lazy_screen).
    CSS_PATH = CSS_DIR / "app.tcss"
    TITLE = "Registry Advisor"
    # An English msgid, translated on mount and on a language switch.
    SUB_TITLE = N_("choose and set up a container registry")
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
        # Descriptions are msgids (N_): the KeysFooter translates them when it shows them.
        Binding("f1", "help", N_("Help"), id="help", key_display="F1"),
        Binding("question_mark", "help", N_("Help"), show=False, id="help-question-mark"),
        Binding("1", "mode('home')", N_("Home"), show=False, id="go-home"),
        Binding("2", "mode('questions')", N_("Questions"), show=False, id="go-questions"),
        Binding("3", "mode('results')", N_("Results"), show=False, id="go-results"),
        Binding("4", "mode('compare')", N_("Compare"), show=False, id="go-compare"),
        Binding("5", "mode('catalog')", N_("Catalog"), show=False, id="go-catalog"),
        Binding("6", "mode('learn')", N_("Learn"), show=False, id="go-learn"),
        Binding("7", "mode('doctor')", N_("Doctor"), show=False, id="go-doctor"),
        # priority: a text field would otherwise take Ctrl+E (end of line) and the Footer's
        # "Export" would do nothing there.
        Binding("ctrl+e", "export", N_("Export"), id="export", priority=True),
        Binding("ctrl+t", "toggle_theme", N_("Theme"), show=False, id="theme"),
        Binding("q", "quit", N_("Quit"), id="quit"),
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True, id="quit-ctrl"),
    ]

    def __init__(
        self,
        *,
        answers_file: str | None = None,
        catalog_files: Sequence[str] = (),
        weights: Sequence[str] = (),
    ) -> None:
        # Modes are given as import strings above so this module stays light; resolve
        # them to callables here, importing each screen module only when first shown.
        self.MODES = {name: _lazy_screen(path, name) for name, path in self.MODES.items()}
        self.state = AdvisorState(catalog_files=catalog_files, weights=weights)
        self.answers_file = answers_file
        self.ready = False
        self.load_error: str | None = None
        self._pending: list[Any] = []
        if answers_file:
            self.load_error = self._load()
            self.ready = self.load_error is None
            if self.ready:
                # Open on the results: no welcome frame that is replaced a moment later.
                self.DEFAULT_MODE = "results"
        super().__init__()

    # ------------------------------------------------------------ loading

    def _load(self) -> str | None:
        """Load the data (and answers) before the first frame; the error text, or None."""
        try:
            self.state.load()
            if self.answers_file:
                self.state.load_answers_file(self.answers_file)
                self.state.recompute()
        except AdvisorError as exc:
            return str(exc)
        return None

    def on_mount(self) -> None:
        self.sub_title = _(self.SUB_TITLE)
        if self.load_error:
            self._loaded(self.load_error)
        elif not self.ready:
            self.call_after_refresh(
                self.run_worker, self._load_in_thread, thread=True, group="load"
            )

    def _load_in_thread(self) -> None:
        error = self._load()
        self.call_from_thread(self._loaded, error)

    def _loaded(self, error: str | None) -> None:
        self.load_error = error
        self.ready = error is None
        if error:
            self.notify(error, title=_("Could not load data"), severity="error", timeout=30)
            data_failed = getattr(self.screen, "data_failed", None)
            if data_failed is not None:
                data_failed()
            return
        pending, self._pending = self._pending, []
        for action in pending:
            action()

    def _when_ready(self, action: Any) -> bool:
        """Run `action` now if the data is loaded (True), else once it is (False)."""
        if self.ready:
            return True
        if self.load_error is None:
            self._pending = [action]  # the last key pressed wins
        else:
            self.notify(self.load_error, title=_("Could not load data"), severity="error")
        return False

    # ------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Every key stays shown while the data loads (the Footer does not change when it
        # arrives); actions that need the data wait for it (_when_ready).
        if action == "export":
            return self.state.recommendation is not None
        return True

    def action_mode(self, mode: str) -> None:
        # Home and doctor need no catalog; the others wait for it.
        if mode not in ("home", "doctor") and not self._when_ready(lambda: self.action_mode(mode)):
            return
        if mode == "results" and self.state.recommendation is None:
            self.notify(_("Answer the questions first (2), or open an answers file."))
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
            self.notify(_("Nothing to export yet: answer the questions first."), severity="warning")
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

    def action_language(self, lang: str | None = None) -> None:
        """Switch between English and Bahasa Indonesia (the other one when `lang` is None).

        The choice lasts until the app closes. The questions are read again in the new
        language (the catalog, rules and answers stay), the recommendation is recomputed,
        and the current screen is composed again so that it shows the new words (its
        footer too); every other screen does the same when it is next shown
        (AdvisorScreen._catch_up_language).
        """

        new = lang or ("en" if i18n.language() == "id" else "id")
        if new == i18n.language():
            return
        i18n.set_language(new)
        self.sub_title = _(self.SUB_TITLE)
        if self.ready:
            from advisor.decide.questions import translate_questions

            self._retranslate(translate_questions(_english(self.state.questions)))
            if self.state.recommendation is not None:
                self.state.recompute()
        screen = self.screen
        under = getattr(screen, "under", None)
        if under is not None:  # the help screen: the screen under it changes language too
            self.call_later(self.rerender, under)
        self.call_later(self.rerender, screen)
        self.notify(i18n._("Language: {name}").format(name=i18n.NAMES[new]), timeout=3)

    async def rerender(self, screen: Screen) -> None:
        """Compose a screen again and fill it as when it was first shown (its on_mount)."""
        await screen.recompose()
        on_mount = getattr(screen, "on_mount", None)
        if on_mount is not None:
            on_mount()

    def _retranslate(self, items: list[Any]) -> None:
        from advisor.decide.questions import QuestionSet

        old = self.state.questions
        fresh = QuestionSet(items)
        for attr in ("when", "path", "text"):
            setattr(fresh, attr, getattr(old, attr))
        fresh.by_id = {q.id: q for q in items}
        self.state.questions = fresh

    def action_command_palette(self) -> None:
        """Ctrl+P: the command palette, its search box and "no matches" in the language."""
        from textual.command import CommandPalette

        from advisor.tui.widgets.palette import AdvisorPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(AdvisorPalette(id="--command-palette"))

    def action_help_quit(self) -> None:
        """Ctrl+C, pressed to quit out of habit: say which key quits (Textual's, translated)."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    _("Press [b]{key}[/b] to quit the app").format(key=key),
                    title=_("Do you want to quit?"),
                )
                return

    @on(events.DeliveryComplete)
    def _screenshot_saved(self, event: events.DeliveryComplete) -> None:
        # Textual's own toast for the palette's Screenshot command, in the language; the
        # default handler (English) is skipped.
        if event.name == "screenshot":
            event.prevent_default()
            where = "" if event.path is None else f" [$text-success]{escape(str(event.path))}"
            self.notify(_("Saved the screenshot") + where, title=_("Screenshot"))

    @on(events.DeliveryFailed)
    def _screenshot_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == "screenshot":
            event.prevent_default()
            self.notify(_("Could not save the screenshot"), title=_("Screenshot"), severity="error")

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own commands, in the current language (TEXTUAL_COMMANDS holds the
        # msgids); the title stays what the user types to find a command in English too.
        for command in super().get_system_commands(screen):
            if command.title == "Keys" and i18n.language() != "en":
                # Textual's keys panel lists the bindings' English msgids as they are; F1
                # shows the same keys in the language chosen.
                continue
            yield command._replace(title=_(command.title), help=_(command.help))
        yield SystemCommand(
            _("go: doctor"),
            _("Check a live registry, or explain an error message"),
            _bind(self.action_mode, "doctor"),
        )
        yield SystemCommand(
            "language: Bahasa Indonesia / English",
            _("Switch the language of the app until it closes"),
            self.action_language,
        )
        if not self.ready:
            return
        for mode, title, help_text in (
            ("questions", N_("go: questionnaire"), N_("Answer the questions one at a time")),
            ("results", N_("go: results"), N_("The recommended setup and ranked registries")),
            ("compare", N_("go: compare"), N_("Compare registries side by side")),
            ("catalog", N_("go: catalog"), N_("Browse every registry and its sources")),
            ("learn", N_("go: learn"), N_("Lessons, the image-name explainer and the quiz")),
        ):
            yield SystemCommand(_(title), _(help_text), _bind(self.action_mode, mode))
        if self.state.recommendation is not None:
            from advisor.tui.export_formats import FORMATS

            for fmt in FORMATS:
                yield SystemCommand(
                    _("export: {format}").format(format=_(fmt.title)),
                    _(fmt.description),
                    _bind(self.action_export, fmt.key),
                )


# Textual's own texts that reach the screen, marked for translation: its palette commands
# (App.get_system_commands) and the one widget key our footers show (an open Select's Esc).
TEXTUAL_COMMANDS = (
    N_("Dismiss menu"),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)


def _english(questions: Any) -> list[Any]:
    """The questions as the file writes them (English), to translate afresh."""
    from advisor import i18n
    from advisor.decide.questions import load_questions

    current = i18n.language()
    i18n.set_language("en")
    try:
        english = {q.id: q for q in load_questions(getattr(questions, "path", None))}
    finally:
        i18n.set_language(current)
    return [english.get(q.id, q) for q in questions]


def _bind(func: Any, arg: Any) -> Any:
    return lambda: func(arg)


def _lazy_screen(path: str, mode: str) -> Any:
    """A factory for the mode's screen: imports its module on first use, and gives the
    screen its stylesheet css/MODE.tcss, which Textual reads when the screen is shown."""

    def factory() -> Screen:
        import importlib

        module_name, _, name = path.partition(":")
        cls = getattr(importlib.import_module(module_name), name)
        css = CSS_DIR / f"{mode}.tcss"
        if cls.CSS_PATH is None and css.exists():
            cls.CSS_PATH = css
        return cls()

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
