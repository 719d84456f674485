"""The TUI as a new user meets it: answers never lost, the same keys everywhere, layouts that
fit 60, 80 and 120 columns. Each test here failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from test_tui import wait_for, wait_ready
from textual.widgets import Button, DataTable, Input, SelectionList, TabbedContent

from advisor.decide.answers import load_answers, to_yaml
from advisor.tui.app import make_app
from advisor.tui.state import AdvisorState

SIZES = [(60, 20), (80, 24), (120, 40)]
ONPREM = str(ROOT / "examples" / "onprem-offline.yaml")


@pytest.fixture(scope="module")
def loaded_state() -> AdvisorState:
    state = AdvisorState()
    state.load()
    return state


def fresh(loaded: AdvisorState) -> AdvisorState:
    state = AdvisorState()
    state.catalog, state.questions, state.rules = loaded.catalog, loaded.questions, loaded.rules
    state.weights = dict(loaded.weights)
    return state


# ------------------------------------------------------------------ answers are state


def test_a_hidden_answer_comes_back_with_its_question(loaded_state) -> None:
    state = fresh(loaded_state)
    state.set_answer("reach", "local-network")
    state.set_answer("tls_certificates", True)
    assert state.recompute()["setup"] == "private"
    # Away: the TLS question no longer applies, so its answer does not count...
    state.set_answer("reach", "anywhere")
    assert "tls_certificates" not in state.active_answers()
    assert "tls_certificates" not in state.recompute()["answers"]
    # ...and back: it applies again, with the answer given, not an empty one.
    state.set_answer("reach", "local-network")
    assert state.active_answers()["tls_certificates"] is True
    assert state.recompute()["setup"] == "private"


def test_saved_answers_hold_only_the_questions_that_apply(loaded_state) -> None:
    state = fresh(loaded_state)
    state.set_answer("reach", "local-network")
    state.set_answer("tls_certificates", True)
    state.set_answer("reach", "anywhere")
    saved = state.answers_yaml()
    assert "tls_certificates" not in saved
    assert load_answers_text(saved, state) == {"reach": "anywhere"}


def load_answers_text(text: str, state: AdvisorState, tmp: Path | None = None) -> dict:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "answers.yaml"
        path.write_text(text)
        return load_answers(path, state.questions)


def test_an_answers_file_with_every_question_skipped_loads_back(loaded_state) -> None:
    text = to_yaml({}, loaded_state.questions)
    assert load_answers_text(text, loaded_state) == {}


async def test_skip_everything_save_and_reopen(tmp_path: Path) -> None:
    from advisor.tui.screens.questionnaire import QuestionnaireScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, QuestionnaireScreen))
        for _ in range(30):
            if not isinstance(app.screen, QuestionnaireScreen):
                break
            await pilot.press("s")
            await pilot.pause()
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ResultsScreen")
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: bool(app.screen.query("#export-path")))
        field = app.screen.query_one("#export-path", Input)
        field.value = str(tmp_path / "skipped.yaml")
        field.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: (tmp_path / "skipped.yaml").exists())
    reopened = make_app(answers_file=str(tmp_path / "skipped.yaml"))
    async with reopened.run_test(size=(80, 24)) as pilot:
        await wait_ready(reopened, pilot)
        await wait_for(pilot, lambda: reopened.screen.__class__.__name__ == "ResultsScreen")
        assert not list(reopened._notifications)


async def test_quit_with_unsaved_answers_asks_first(tmp_path: Path) -> None:
    from advisor.tui.screens.questionnaire import QuestionnaireScreen
    from advisor.tui.screens.quit import QuitScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, QuestionnaireScreen))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, QuitScreen))
        assert app.return_code is None
        assert "1 answer" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, QuestionnaireScreen))
        assert app.return_code is None
        # Save first: the app quits once the file is written.
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, QuitScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: bool(app.screen.query("#export-path")))
        field = app.screen.query_one("#export-path", Input)
        field.value = str(tmp_path / "answers.yaml")
        field.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.return_code == 0)
    assert (tmp_path / "answers.yaml").exists()


async def test_quit_without_changes_does_not_ask() -> None:
    app = make_app(answers_file=ONPREM)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ResultsScreen")
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


# ------------------------------------------------------------------ consistent keys


async def _at_question(app, pilot, qid: str):
    from advisor.tui.screens.questionnaire import QuestionnaireScreen

    await wait_ready(app, pilot)
    await pilot.press("2")
    await wait_for(pilot, lambda: isinstance(app.screen, QuestionnaireScreen))
    screen = app.screen
    screen.index = [q.id for q in screen.visible].index(qid)
    screen.show_question()
    await pilot.pause()
    await pilot.pause()
    return screen


async def test_enter_on_a_multi_choice_question_keeps_the_ticks_and_goes_on() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_question(app, pilot, "artifacts")
        start = screen.index
        assert isinstance(app.focused, SelectionList)
        await pilot.press("down", "space")  # tick Helm charts beside the default
        await pilot.press("enter")
        await pilot.pause()
        assert screen.index == start + 1
        assert app.state.answers["artifacts"] == ["images", "helm"]


@pytest.mark.parametrize("size", SIZES)
async def test_the_last_questions_button_says_see_results_in_full(size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await _at_question(app, pilot, "must_have")
        assert screen.index == len(screen.visible) - 1
        button = screen.query_one("#q-next-button", Button)
        await pilot.pause()
        assert str(button.label) == "See results"
        assert button.content_region.width >= len("See results")


async def test_esc_leaves_the_names_field_and_the_footer_says_so() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("6")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "LearnScreen")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        shown = {b.binding.description for b in app.screen.active_bindings.values()}
        assert "Leave field" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.focused, Input)
        # The screen's keys work again instead of being typed into the field.
        await pilot.press("l")
        await pilot.pause()
        assert app.screen.query_one("#l-tabs", TabbedContent).active == "lessons"
        assert app.screen.query_one("#x-input", Input).value == "ubuntu"


async def test_esc_leaves_the_catalog_filter() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("5")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "CatalogScreen")
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        shown = {b.binding.description for b in app.screen.active_bindings.values()}
        assert "Leave field" in shown
        await pilot.press("escape")
        assert isinstance(app.focused, DataTable)


# ------------------------------------------------------------------ layouts that fit


@pytest.mark.parametrize("width", [60, 80, 120])
def test_catalog_rows_never_cut_ids_hosting_or_setups(loaded_state, width) -> None:
    from advisor.present.catalog import format_value
    from advisor.tui.screens.catalog import catalog_rows

    regs = list(loaded_state.catalog.registries)
    rows = catalog_rows(regs, width)
    assert sum(w + 2 for _, w in rows.columns) + 2 <= width
    for reg, (key, cells) in zip(regs, rows.rows, strict=True):
        assert cells[0] == reg.id == key
        assert " ".join(cells[2].split()) == format_value(reg.attributes.hosting.value)
        assert " ".join(cells[3].split()) == format_value(reg.attributes.setups.value)
        assert cells[1] == reg.name or cells[1].endswith("…")
    if width >= 80:  # room for every list on one line
        assert all("\n" not in cells[2] + cells[3] for _, cells in rows.rows)


@pytest.mark.parametrize("size", SIZES)
async def test_catalog_table_fits_the_screen(size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("5")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "CatalogScreen")
        await pilot.pause()
        table = app.screen.query_one("#cat-table", DataTable)
        assert table.virtual_size.width <= table.content_region.width


@pytest.mark.parametrize("size", SIZES)
async def test_opening_the_compare_picker_never_pushes_a_column_off(size) -> None:
    app = make_app(answers_file=ONPREM)
    async with app.run_test(size=size) as pilot:
        await wait_ready(app, pilot)
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ResultsScreen")
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "CompareScreen")
        for _ in range(2):  # picker shown, then hidden again
            await pilot.press("p")
            await pilot.pause(0.2)
            table = app.screen.query_one("#c-table", DataTable)
            if table.display and app.screen.query_one("#c-main").display:
                assert len(table.columns) == 4
                if size[0] >= 80:  # at 60 whole list items may need a sideways scroll
                    assert table.virtual_size.width <= table.content_region.width + 1
            else:
                assert app.screen.has_class("-picker-only")
        if size[0] >= 120:
            assert not app.screen.has_class("-picker-only")


def test_registry_page_shows_every_source_url_as_text(loaded_state) -> None:
    from advisor.present.catalog import registry_markdown

    reg = loaded_state.catalog.get("zot")
    text = registry_markdown(reg)
    assert "[link]" not in text
    for name in ("hosting", "setups"):
        assert f"source: <{reg.attr(name).source}>" in text


# ------------------------------------------------------------------ every shown key works

WALK = [
    ("home", ()),
    ("questions", ()),
    ("results", ()),
    ("compare", ()),
    ("catalog", ()),
    ("learn", ()),
    ("learn", ("n",)),  # the Names tab, in the text field
    ("learn", ("z",)),  # the Quiz tab
]


def _footer_keys(app) -> list[str]:
    from textual.widgets._footer import FooterKey

    return [k.key for k in app.screen.query(FooterKey) if not k.disabled]


def _looks(app) -> tuple:
    return (
        type(app.screen).__name__,
        len(app.screen_stack),
        app.focused,
        app.export_screenshot(),
    )


@pytest.mark.parametrize(("mode", "then"), WALK, ids=["-".join((m, *t)) for m, t in WALK])
async def test_every_key_the_footer_shows_does_something(mode, then) -> None:
    """Walk a screen with only the keys its footer shows: each one changes what is on
    screen, none is swallowed by a text field, and none is missing where it is needed."""
    from advisor.tui.widgets.footer import types_a_character

    app = make_app(answers_file=ONPREM)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)

        async def go() -> None:
            while len(app.screen_stack) > 1:
                app.pop_screen()
            app.action_mode(mode)
            await pilot.pause()
            if mode == "learn":  # the screen persists: back to its first tab
                app.screen.action_tab("lessons")
                await pilot.pause()
            for key in then:
                await pilot.press(key)
            await pilot.pause(0.1)

        await go()
        keys = _footer_keys(app)
        assert "f1" in keys  # help, which lists the keys that switch screens
        for key in keys:
            if key in ("q", "ctrl+q"):  # quitting is tested on its own
                continue
            await go()
            typing = isinstance(app.focused, Input)
            assert not (typing and types_a_character(key)), f"{key} would be typed"
            action = app.screen.active_bindings[key].binding.action
            before = _looks(app)
            await pilot.press(key)
            await pilot.pause(0.1)
            assert app.return_code is None
            # A tab's key on its own tab may leave things as they are; any other key acts.
            if not (action.startswith("tab(") and _on_tab(app, action)):
                assert _looks(app) != before, f"{key} did nothing on {mode} {then}"


def _on_tab(app, action: str) -> bool:
    wanted = action.removeprefix("tab(").strip("')\"")
    return any(tabs.active == wanted for tabs in app.screen.query(TabbedContent))


@pytest.mark.parametrize("mode", ["home", "questions", "compare", "catalog", "learn"])
async def test_the_footer_fits_60_columns_and_keeps_help_and_quit(mode) -> None:
    app = make_app(answers_file=ONPREM)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_ready(app, pilot)
        app.action_mode(mode)
        # The new screen's footer fills once its focus settles: wait for it, a busy machine
        # (CI) may take longer than a fixed pause, then check what it shows.
        await wait_for(pilot, lambda: {"f1", "q"} <= set(_footer_keys(app)))
        from textual.widgets import Footer

        footer = app.screen.query_one(Footer)
        # The footer settles once the screen's focus does (a busy machine may take a moment).
        await wait_for(pilot, lambda: footer.virtual_size.width <= footer.size.width)


@pytest.mark.parametrize("size", SIZES)
async def test_compare_never_cuts_ids_or_lists(size) -> None:
    from advisor.present.catalog import format_value

    app = make_app(answers_file=ONPREM)
    async with app.run_test(size=size) as pilot:
        await wait_ready(app, pilot)
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ResultsScreen")
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "CompareScreen")
        await pilot.press("p")  # the picker, with every id in full
        await pilot.pause(0.2)
        picker = app.screen.query_one("#c-picker", SelectionList)
        longest = max(len(r.id) for r in app.state.catalog.registries)
        assert picker.content_region.width >= longest + 4  # the check box and the id
        await pilot.press("p")
        await pilot.pause(0.2)
        table = app.screen.query_one("#c-table", DataTable)
        for column in list(table.columns.values())[1:]:
            reg = app.state.catalog.get(str(column.key.value))
            for name in ("hosting", "setups"):
                cell = str(table.get_cell(name, column.key))
                shown = " ".join(cell.split()).rsplit(" ", 1)[0]  # without the age
                assert shown == format_value(reg.attr(name).value)


# ------------------------------------------------------------------ the results screen


async def test_each_warning_names_its_registry() -> None:
    app = make_app(answers_file=ONPREM)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ResultsScreen")
        notes = [n for n in app.screen.view.notes if n.registry_name]
        assert notes
        text = str(app.screen.query_one("#r-warnings-text").render())
        for note in notes:
            assert f"— {note.registry_name}" in text


async def test_results_at_60x20_keep_room_for_the_ranking_and_the_footer() -> None:
    app = make_app(answers_file=ONPREM)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_ready(app, pilot)
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ResultsScreen")
        await pilot.pause(0.2)
        table = app.screen.query_one("#r-table", DataTable)
        assert table.content_region.height >= 5  # the header and at least four registries
        assert {"f1", "q"} <= set(_footer_keys(app))
        from textual.widgets import Footer

        footer = app.screen.query_one(Footer)
        assert footer.virtual_size.width <= footer.size.width


async def test_what_if_edits_a_multi_choice_answer_on_the_results_screen() -> None:
    app = make_app(answers_file=ONPREM)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ResultsScreen")
        await pilot.press("f")
        await wait_for(pilot, lambda: bool(app.screen.query("#wi-q-must_have")))
        must = app.screen.query_one("#wi-q-must_have", SelectionList)
        must.focus()
        await pilot.pause()
        must.select("scanning")
        await wait_for(
            pilot, lambda: "scanning" in app.state.recommendation["effective_answers"]["must_have"]
        )
        await pilot.pause()
        assert app.focused is app.screen.query_one("#wi-q-must_have", SelectionList)
