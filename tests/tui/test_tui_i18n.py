"""The TUI in Bahasa Indonesia (issue #15): the language switch from the command palette
and the help screen, and snapshots at 80x24 of Indonesian screens (Indonesian runs longer
than English: the snapshots show nothing is cut)."""

from __future__ import annotations

import io
import re

import pytest
from conftest import ROOT
from test_tui import wait_for, wait_ready

from advisor import i18n
from advisor.tui.app import make_app

SIZE = (80, 24)
ONPREM = str(ROOT / "examples" / "onprem-offline.yaml")


@pytest.fixture
def indonesian():
    i18n.set_language("id")
    yield
    i18n.set_language("en")


def _on(name: str, *keys: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        await wait_ready(app, pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == name)
        await pilot.pause(0.3)

    return run_before


def test_questionnaire_in_indonesian(snap_compare, indonesian) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_on("QuestionnaireScreen", "2"))


def test_help_in_indonesian(snap_compare, indonesian) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_on("HelpScreen", "f1"))


def test_results_in_indonesian(snap_compare, indonesian) -> None:
    assert snap_compare(
        make_app(answers_file=ONPREM), terminal_size=SIZE, run_before=_on("ResultsScreen")
    )


# Every other screen in Indonesian at 80x24 (the three above came first).
MORE_SNAPSHOTS = [
    ("welcome", None, (), "WelcomeScreen"),
    ("results_what_if", ONPREM, ("f",), "ResultsScreen"),
    ("results_warnings", ONPREM, ("w",), "ResultsScreen"),
    ("compare", ONPREM, ("c",), "CompareScreen"),
    ("compare_picker", None, ("4",), "CompareScreen"),
    ("catalog", None, ("5",), "CatalogScreen"),
    ("learn", None, ("6",), "LearnScreen"),
    ("learn_names", None, ("6", "n"), "LearnScreen"),
    ("learn_quiz", None, ("6", "z"), "LearnScreen"),
    ("doctor", None, ("7",), "DoctorScreen"),
    ("export_dialog", ONPREM, ("ctrl+e",), "ExportScreen"),
    ("quit_dialog", None, ("2", "enter", "q"), "QuitScreen"),
]


@pytest.mark.parametrize(
    ("answers", "keys", "screen"),
    [s[1:] for s in MORE_SNAPSHOTS],
    ids=[s[0] for s in MORE_SNAPSHOTS],
)
def test_screen_in_indonesian(snap_compare, indonesian, monkeypatch, answers, keys, screen):
    monkeypatch.setattr("advisor.learn.quiz.new_seed", lambda: 7)  # the same quiz each run

    async def run_before(pilot) -> None:
        await _on(screen, *keys)(pilot)
        from textual.widgets import Input

        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor makes two different pictures
        await pilot.pause()
        if screen == "WelcomeScreen":
            pilot.app.screen.set_focus(None)
            await pilot.pause()

    assert snap_compare(make_app(answers_file=answers), terminal_size=SIZE, run_before=run_before)


async def test_help_key_switches_language_and_back() -> None:
    app = make_app(answers_file=ONPREM)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        english_prompt = app.state.questions.get("reach").prompt
        await pilot.press("f1")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HelpScreen")
        await pilot.press("l")
        await pilot.pause()
        assert i18n.language() == "id"
        assert app.state.questions.get("reach").prompt.startswith("Dari mana saja")
        assert app.state.recommendation is not None
        await pilot.press("l")
        await pilot.pause()
        assert i18n.language() == "en"
        assert app.state.questions.get("reach").prompt == english_prompt


async def test_palette_offers_the_language_command() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "language: Bahasa Indonesia / English" in titles
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title.startswith("language")
        )
        command.callback()
        await pilot.pause()
        assert i18n.language() == "id"
    i18n.set_language("en")


async def test_switching_re_renders_the_questionnaire() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "QuestionnaireScreen")
        app.action_language("id")
        await pilot.pause(0.3)
        label = str(app.screen.query_one("#q-progress-label").render())
        assert label.startswith("Pertanyaan 1 dari")
        assert len(app.screen.query("QuestionCard")) == 1  # filled again, not left empty
        help_text = str(app.screen.query_one("#q-help-text").render())
        assert help_text.startswith("Bayangkan setiap mesin")
    i18n.set_language("en")


# --------------------------------------------------------------------------- no English left
#
# Each screen is driven in Indonesian as a user would, and the text it shows is read back
# from what Textual paints (the compositor: header, tabs, buttons, placeholders, footer,
# toasts, dialogs). Names, commands and catalog values stay English by design, so they are
# taken out first; what remains must hold no word of the English stop-list.

STOP_WORDS = frozenset(
    re.findall(
        r"[a-z]+",
        """
    the and with your you to of for from this that these is are be by into here there
    press back quit results result compare save saved export cancel open close help next
    skip answer answers question questions choose pick picker start again browse learn
    lessons lesson names quiz contents clear ranking why warnings excluded what none yes
    no type paste check checking explain optional stay anyway score welcome attribute
    source checked days ago note invalid familiar canonical write wrote exists overwrite
    setups name keys everywhere language theme home right quite done arrow arrows move
    keys key tick ticks unticks matters matter uses leave field
    """,
    )
)
# Catalog values cut to fit a cell end in "…"; the cut words are catalog text.
_CUT = re.compile(r"(?:\S+ ){0,3}\S*…")
_COMMAND = re.compile(r"registry-advisor(?: [-\w./=:\[\]]+)*")
# What clients print is quoted as they print it (the quiz quotes error messages).
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|`[^`]*`')
# Terms the glossary (data/i18n/id/glossary.md) keeps in English, and client error
# messages that the help quotes as printed.
KEPT_ENGLISH = (
    "open-source",
    "open source",
    "source code",
    "host name",
    "SSH key",
    "packages write",  # a GitHub token permission, named as GitHub names it
    "certificate signed by unknown authority",
)
_CHROME = re.compile(r"[\u2500-\u259f]")  # box drawing, blocks: borders and scrollbars


def painted_text(app) -> str:
    """Everything the current screen paints (dialogs with what shows around them), as text."""
    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False)


def _catalog_strings(app) -> list[str]:
    """Every text the catalog holds (names, ids, vendors, values, notes, gotchas, URLs)."""
    out: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            out.add(" ".join(value.split()))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    if app.state.catalog is not None:
        from advisor.present.compare import ATTRIBUTE_NAMES

        walk(list(ATTRIBUTE_NAMES))  # the compare table's rows are the catalog's keys
        for reg in app.state.catalog.registries:
            walk(reg.to_json())
    return sorted((s for s in out if len(s) > 2), key=len, reverse=True)


def english_left(app, text: str | None = None) -> list[str]:
    """The stop-list words on screen once names, commands and catalog values are out."""
    text = painted_text(app) if text is None else text
    flat = " ".join(_CHROME.sub(" ", text).split())
    for phrase in KEPT_ENGLISH:
        flat = re.sub(re.escape(phrase), " ", flat, flags=re.IGNORECASE)
    phrases = _catalog_strings(app)
    if phrases:  # whole words and phrases only: "low" is a value, "follow" is not
        pattern = r"(?<!\w)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\w)"
        flat = re.sub(pattern, " ", flat)
    flat = _QUOTED.sub(" ", _COMMAND.sub(" ", _CUT.sub(" ", flat)))
    # Words only: identifiers, keys, paths and file names (native_to, hosting=self-hosted,
    # answers.yaml) are names, not prose.
    words = [t for t in re.findall(r"[\w~-]+(?:[.=:/][\w~-]+)*", flat) if t.isalpha()]
    return sorted({w for w in words if w.lower() in STOP_WORDS})


async def _drive(app, pilot, keys: tuple[str, ...], screen: str) -> None:
    await wait_ready(app, pilot)
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await wait_for(pilot, lambda: app.screen.__class__.__name__ == screen)
    await pilot.pause(0.3)


# (id, open on the onprem answers?, keys, the screen that must be showing)
SCREENS = [
    ("welcome", False, (), "WelcomeScreen"),
    ("welcome-help", False, ("f1",), "HelpScreen"),
    ("questionnaire", False, ("2",), "QuestionnaireScreen"),
    ("questionnaire-help", False, ("2", "f1"), "HelpScreen"),
    ("questionnaire-multi", False, ("2", "s", "s", "s", "s", "s", "s"), "QuestionnaireScreen"),
    ("results-ranking", True, (), "ResultsScreen"),
    ("results-why", True, ("y",), "ResultsScreen"),
    ("results-what-if", True, ("f",), "ResultsScreen"),
    ("results-excluded", True, ("x",), "ResultsScreen"),
    ("results-what-if-menu", True, ("f", "tab", "enter"), "ResultsScreen"),
    ("results-help", True, ("f1",), "HelpScreen"),
    ("compare-top-three", True, ("c",), "CompareScreen"),
    ("compare-picker", False, ("4",), "CompareScreen"),
    ("compare-help", True, ("c", "f1"), "HelpScreen"),
    ("catalog", False, ("5",), "CatalogScreen"),
    ("catalog-help", False, ("5", "f1"), "HelpScreen"),
    ("learn-lessons", False, ("6",), "LearnScreen"),
    ("learn-quiz", False, ("6", "z"), "LearnScreen"),
    ("learn-quiz-answered", False, ("6", "z", "enter"), "LearnScreen"),
    ("learn-help", False, ("6", "f1"), "HelpScreen"),
    ("doctor", False, ("7",), "DoctorScreen"),
    ("doctor-help", False, ("7", "f1"), "HelpScreen"),
    ("export", True, ("ctrl+e",), "ExportScreen"),
    ("export-help", True, ("ctrl+e", "f1"), "HelpScreen"),
    ("quit-unsaved", False, ("2", "enter", "q"), "QuitScreen"),
    ("quit-help", False, ("2", "enter", "q", "f1"), "HelpScreen"),
    ("toast-no-results-yet", False, ("3",), "QuestionnaireScreen"),
]
# Words each of these screens must show: the check reads what is painted, toasts included.
SHOWS = {
    "toast-no-results-yet": "Jawab dulu pertanyaannya",
    "export-help": "Ekspor",
    "quit-unsaved": "Keluar tanpa menyimpan 1 jawaban?",
    "quit-help": "Jawabanmu berubah",
    "welcome": "Mulai menjawab pertanyaan",
    "results-what-if-menu": "Tutup menu",
    "export": "Keputusan arsitektur bergaya MADR ",  # whole: Indonesian runs longer
}


@pytest.mark.parametrize(
    ("name", "answers", "keys", "screen"), SCREENS, ids=[s[0] for s in SCREENS]
)
async def test_no_english_ui_text_in_indonesian(indonesian, name, answers, keys, screen) -> None:
    app = make_app(answers_file=ONPREM if answers else None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _drive(app, pilot, keys, screen)
        text = painted_text(app)
        assert SHOWS.get(name, "") in text, text
        assert english_left(app, text) == [], text


async def test_no_english_in_the_results_warnings_in_full(indonesian) -> None:
    # Tall enough that every warning shows whole: the catalog's gotchas (English by
    # design) are then taken out phrase by phrase, and the rest must be Indonesian.
    app = make_app(answers_file=ONPREM)
    async with app.run_test(size=(100, 300), notifications=True) as pilot:
        await _drive(app, pilot, ("w",), "ResultsScreen")
        assert english_left(app) == [], painted_text(app)


async def test_no_english_in_the_names_tab_labels(indonesian) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _drive(app, pilot, ("6", "n"), "LearnScreen")
        text = painted_text(app)
        # The notes under the parts come from advisor.learn.reference, not the TUI.
        labels = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("•"))
        assert "kanonis" in labels
        assert english_left(app, labels) == [], text


async def test_no_english_in_the_names_tab_notes(indonesian) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _drive(app, pilot, ("6", "n"), "LearnScreen")
        assert english_left(app) == []


async def test_no_english_on_a_registry_page(indonesian) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _drive(app, pilot, ("5", "enter"), "RegistryScreen")
        assert english_left(app) == []


async def test_confirm_overwrite_and_exported_toast_in_indonesian(indonesian, tmp_path) -> None:
    from textual.widgets import Input

    target = tmp_path / "answers.yaml"
    target.write_text("old\n")
    app = make_app(answers_file=ONPREM)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _drive(app, pilot, ("ctrl+e",), "ExportScreen")
        field = app.screen.query_one("#export-path", Input)
        field.value = str(target)
        field.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        await pilot.pause(0.2)
        text = painted_text(app)
        assert "Timpa?" in text
        assert english_left(app, text.replace(str(target), " ")) == [], text
        await pilot.press("y")
        await wait_for(pilot, lambda: target.read_text() != "old\n")
        await pilot.pause(0.3)
        text = painted_text(app)
        assert "Diekspor" in text
        assert english_left(app, text.replace(str(target), " ")) == [], text


async def test_doctor_explains_in_indonesian_when_nothing_matches(indonesian) -> None:
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _drive(app, pilot, ("7",), "DoctorScreen")
        app.screen.query_one("#d-error", Input).value = "zzz qqq"
        app.screen.query_one("#d-error", Input).focus()
        await pilot.press("enter")
        await pilot.pause(0.3)
        text = painted_text(app)
        assert "Tidak ada pola error" in text
        assert english_left(app, text) == [], text


def test_the_stop_list_catches_english() -> None:
    # The check itself: English UI words are found, names/commands/catalog values are not.
    class _App:
        class state:  # noqa: N801 - a stand-in for AdvisorState
            catalog = None

    app = _App()
    assert english_left(app, "Press F1 for help, q to quit.") == [
        "Press",
        "for",
        "help",
        "quit",
        "to",
    ]
    assert english_left(app, "Tekan F1 · registry-advisor --answers FILE · the Free t…") == []


# --------------------------------------------------------------------------- switching


def footer_words(app) -> str:
    from textual.widgets._footer import FooterKey

    return " ".join(key.description for key in app.screen.query(FooterKey))


async def test_palette_switch_relabels_the_footer_and_the_screen() -> None:
    app = make_app(answers_file=ONPREM)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _drive(app, pilot, ("c",), "CompareScreen")  # drawn in English
        await pilot.press("3")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ResultsScreen")
        assert "Compare" in footer_words(app)
        # As a user: Ctrl+P, type, Enter.
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        for char in "language":
            await pilot.press(char)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: i18n.language() == "id")
        await wait_for(pilot, lambda: "Bandingkan" in footer_words(app))
        await pilot.pause(0.3)
        text = painted_text(app)
        assert "Peringkat" in text and "Pilihan teratas" in text and "Bahasa:" in text
        assert app.sub_title == "memilih dan menyiapkan container registry"
        assert english_left(app, text) == [], text
        # The compare screen was drawn in English before the switch: shown again, it
        # draws itself in Indonesian, footer included.
        await pilot.press("4")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "CompareScreen")
        await wait_for(pilot, lambda: "Daftar pilihan" in footer_words(app))
        await pilot.pause(0.3)
        assert app.screen.sub_title == "perbandingan"
        assert english_left(app) == [], painted_text(app)
        # And back: English again everywhere.
        app.action_language("en")
        await wait_for(pilot, lambda: "Picker" in footer_words(app))
        assert app.screen.sub_title == "compare"


async def test_help_switch_relabels_the_screen_under_it_and_its_footer() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _drive(app, pilot, ("6", "f1"), "HelpScreen")
        assert "Language" in footer_words(app)
        await pilot.press("l")
        await wait_for(pilot, lambda: "Bahasa" in footer_words(app))
        await pilot.pause(0.3)
        assert "Pelajaran" in painted_text(app)  # the help of the Learn screen, translated
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "LearnScreen")
        await wait_for(pilot, lambda: "Pelajaran" in footer_words(app))
        assert english_left(app) == [], painted_text(app)


async def test_the_command_palette_in_indonesian(indonesian) -> None:
    app = make_app(answers_file=ONPREM)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _drive(app, pilot, ("ctrl+p",), "AdvisorPalette")
        await pilot.pause(0.3)
        text = painted_text(app)
        assert "Cari perintah…" in text and "buka: hasil" in text
        assert english_left(app, text) == [], text
        for char in "zzqx":
            await pilot.press(char)
        await pilot.pause(1.5)  # Textual waits a moment before it says nothing matches
        text = painted_text(app)
        assert "Tidak ada yang cocok" in text
        assert english_left(app, text) == [], text


async def test_ctrl_c_says_how_to_quit_in_indonesian(indonesian) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _drive(app, pilot, ("ctrl+c",), "WelcomeScreen")
        await pilot.pause(0.3)
        text = painted_text(app)
        assert "Mau keluar?" in text and "ctrl+q" in text
        assert english_left(app, text) == [], text
