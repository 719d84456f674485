"""The TUI driven as a user would, through Pilot: the whole journey and each screen."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from textual.widgets import DataTable, Input, OptionList, Select, SelectionList, Static

from advisor.tui.app import RegistryAdvisorApp, make_app

SIZE = (80, 24)


async def wait_ready(app: RegistryAdvisorApp, pilot, timeout: float = 20) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not app.ready:
        assert loop.time() < end, "the catalog did not load"
        await pilot.pause(0.05)
    await pilot.pause()


async def wait_for(pilot, predicate, timeout: float = 10) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        assert loop.time() < end, "condition not reached"
        await pilot.pause(0.05)


async def on_results(app: RegistryAdvisorApp, pilot) -> None:
    """Wait until an app opened with an answers file shows its results."""
    await wait_ready(app, pilot)
    await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ResultsScreen")


def screen_text(app: RegistryAdvisorApp) -> str:
    """Everything the Static widgets on the current screen say."""
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def answer_everything(app: RegistryAdvisorApp, pilot) -> int:
    """Answer each question with its highlighted choice (Enter) or, for lists, n."""
    from advisor.tui.screens.questionnaire import QuestionnaireScreen

    await pilot.press("2")
    await wait_for(pilot, lambda: isinstance(app.screen, QuestionnaireScreen))
    steps = 0
    while isinstance(app.screen, QuestionnaireScreen):
        await pilot.pause()
        screen = app.screen
        question = screen.question
        if question.type == "multi":
            await pilot.press("space")  # tick the first choice
            await pilot.press("n")
        else:
            await pilot.press("enter")
        steps += 1
        assert steps < 40, "the questionnaire never ended"
        await pilot.pause()
    return steps


async def test_welcome_then_full_journey(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        assert "registry-advisor --answers FILE" in screen_text(app)
        steps = await answer_everything(app, pilot)
        assert steps >= 7
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ResultsScreen")
        rec = app.state.recommendation
        assert rec is not None and rec["setup"] in {"public", "private", "insecure"}
        setup_line = str(app.screen.query_one("#r-setup", Static).render())
        assert rec["setup"].upper() in setup_line
        table = app.screen.query_one("#r-table", DataTable)
        assert table.row_count == len(rec["registries"]) > 0


async def test_what_if_changes_the_ranking() -> None:
    app = make_app(answers_file=str(ROOT / "examples" / "onprem-offline.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await on_results(app, pilot)
        before = app.state.recommendation
        assert before["setup"] == "insecure"
        await pilot.press("f")
        await wait_for(pilot, lambda: bool(app.screen.query("#wi-q-tls_certificates")))
        select = app.screen.query_one("#wi-q-tls_certificates", Select)
        select.value = True
        await wait_for(pilot, lambda: app.state.recommendation["setup"] == "private")
        after = app.state.recommendation
        assert after is not before
        # The table follows the new recommendation.
        await pilot.press("r")
        await pilot.pause()
        setup_line = str(app.screen.query_one("#r-setup", Static).render())
        assert "PRIVATE" in setup_line


async def test_tab_keys_switch_tabs_and_stay() -> None:
    from textual.widgets import TabbedContent

    app = make_app(answers_file=str(ROOT / "examples" / "onprem-offline.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await on_results(app, pilot)
        tabs = app.screen.query_one("#r-tabs", TabbedContent)
        for key, pane in (
            ("w", "warnings"),
            ("f", "whatif"),
            ("y", "why"),
            ("x", "excluded"),
            ("r", "ranking"),
            ("w", "warnings"),
        ):
            await pilot.press(key)
            await pilot.pause(0.2)
            assert tabs.active == pane, (key, tabs.active)


async def test_weight_changes_the_ranking() -> None:
    app = make_app(answers_file=str(ROOT / "examples" / "onprem-offline.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await on_results(app, pilot)
        before = [r["id"] for r in app.state.recommendation["registries"]]
        await pilot.press("f")
        await wait_for(pilot, lambda: bool(app.screen.query("#wi-w-security")))
        app.screen.query_one("#wi-w-security", Select).value = 0
        app.screen.query_one("#wi-w-ops_effort", Select).value = 5
        await wait_for(
            pilot, lambda: app.state.recommendation["weights"]["ops_effort"]["value"] == 5
        )
        after = [r["id"] for r in app.state.recommendation["registries"]]
        assert sorted(after) == sorted(before)
        assert after != before, "raising ops_effort and dropping security should reorder"


async def test_compare_screen_shows_the_top_three_side_by_side() -> None:
    app = make_app(answers_file=str(ROOT / "examples" / "onprem-offline.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await on_results(app, pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "CompareScreen")
        top = [r["id"] for r in app.state.recommendation["registries"][:3]]
        table = app.screen.query_one("#c-table", DataTable)
        assert [str(c.key.value) for c in table.columns.values()][1:] == sorted(
            top, key=[r.id for r in app.state.catalog.registries].index
        )
        table.focus()
        await pilot.press("right")
        await pilot.pause()
        cell = str(app.screen.query_one("#c-cell", Static).render())
        assert "source:" in cell and "checked" in cell


async def test_compare_refuses_a_fifth() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("4")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "CompareScreen")
        picker = app.screen.query_one("#c-picker", SelectionList)
        for rid in ("harbor", "zot", "distribution", "ghcr", "ecr"):
            picker.select(rid)
            await pilot.pause()
        assert len(picker.selected) == 4


async def test_export_answers_and_json(tmp_path: Path) -> None:
    app = make_app(answers_file=str(ROOT / "examples" / "onprem-offline.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await on_results(app, pilot)
        for fmt, name in (("answers", "answers.yaml"), ("json", "rec.json")):
            app.action_export(fmt)
            await wait_for(pilot, lambda: bool(app.screen.query("#export-path")))
            path_input = app.screen.query_one("#export-path", Input)
            path_input.value = str(tmp_path / name)
            path_input.focus()
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ResultsScreen")
        answers = yaml.safe_load((tmp_path / "answers.yaml").read_text())
        assert answers["offline"] is True and answers["reach"] == "local-network"
        data = json.loads((tmp_path / "rec.json").read_text())
        assert data["setup"] == "insecure"


async def test_export_asks_before_overwriting(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("keep me\n")
    app = make_app(answers_file=str(ROOT / "examples" / "onprem-offline.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await on_results(app, pilot)
        app.action_export("answers")
        await wait_for(pilot, lambda: bool(app.screen.query("#export-path")))
        app.screen.query_one("#export-path", Input).value = str(target)
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        await pilot.press("n")
        await pilot.pause()
        assert target.read_text() == "keep me\n"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        await pilot.press("y")
        await wait_for(pilot, lambda: target.read_text() != "keep me\n")
        assert "offline: true" in target.read_text()


async def test_help_opens_and_closes() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HelpScreen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "WelcomeScreen")


async def test_catalog_filter_and_detail() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("5")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "CatalogScreen")
        table = app.screen.query_one("#cat-table", DataTable)
        assert table.row_count == 12
        await pilot.press("slash")
        for ch in "setups=insecure":
            await pilot.press(ch if ch != "=" else "equals_sign")
        await pilot.pause()
        ids = [str(k.value) for k in table.rows]
        assert ids and all(
            "insecure" in app.state.catalog.get(i).attributes.setups.value for i in ids
        )
        assert len(ids) < 12
        table.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "RegistryScreen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "CatalogScreen")


async def test_learn_lessons_explainer_and_quiz() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("6")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "LearnScreen")
        lessons = app.screen.query_one("#l-list", OptionList)
        assert lessons.option_count >= 6
        await pilot.press("n")
        await pilot.pause()
        field = app.screen.query_one("#x-input", Input)
        field.value = "localhost:5000/app"
        await pilot.pause()
        text = str(app.screen.query_one("#x-text", Static).render())
        assert "localhost:5000/app:latest" in text
        field.value = "Ubuntu:Bad Tag"
        await pilot.pause()
        assert "invalid" in str(app.screen.query_one("#x-text", Static).render())
        await pilot.press("escape")
        app.screen.action_tab("quiz")
        await pilot.pause()
        quiz = app.screen.quiz
        right = quiz.current.answer
        app.screen.query_one("#quiz-choices", OptionList).focus()
        for _ in range(right):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert quiz.score == 1
        assert "Right" in str(app.screen.query_one("#quiz-feedback", Static).render())
        await pilot.click("#quiz-next")
        await pilot.pause()
        assert quiz.position == 2 and not quiz.answered


async def test_results_without_answers_goes_to_questions() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "QuestionnaireScreen")


async def test_bad_answers_file_is_a_notification_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("reach: moon\n")
    app = make_app(answers_file=str(bad))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: bool(list(app._notifications)))
        assert not app.ready
        assert app.screen.__class__.__name__ == "WelcomeScreen"
        messages = [n.message for n in app._notifications]
        assert any("bad.yaml:1" in m and "'moon' is not a choice" in m for m in messages)


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quit_keys(key: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        assert app.return_code is None
        await pilot.press(key)
        await pilot.pause()
        # Asked to exit by the key itself, before the test harness closes the app.
        assert app.return_code == 0


async def test_command_palette_offers_noun_verb_commands() -> None:
    app = make_app(answers_file=str(ROOT / "examples" / "onprem-offline.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await on_results(app, pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"export: markdown report", "export: HTML report", "go: compare"} <= titles


async def test_save_answers_midway_through_the_questions(tmp_path: Path) -> None:
    from advisor.tui.screens.questionnaire import QuestionnaireScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, QuestionnaireScreen))
        await pilot.pause()
        # The cursor starts on the default (anywhere); one up is the other choice.
        await pilot.press("up", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(app.screen.query("#export-path")))
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "half.yaml")
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: (tmp_path / "half.yaml").exists())
        saved = yaml.safe_load((tmp_path / "half.yaml").read_text())
        assert saved == {"reach": "local-network"}
