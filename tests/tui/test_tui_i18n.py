"""The TUI in Bahasa Indonesia (issue #15): the language switch from the command palette
and the help screen, and snapshots at 80x24 of Indonesian screens (Indonesian runs longer
than English: the snapshots show nothing is cut)."""

from __future__ import annotations

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
