"""Snapshot tests of each screen at 60x20, 80x24 and 120x40 (pytest-textual-snapshot).

Dates are frozen so fact ages do not change from day to day. Update the snapshots after a
deliberate change with:  pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from conftest import ROOT
from test_tui import wait_for, wait_ready

from advisor.tui.app import make_app

SIZES = [(60, 20), (80, 24), (120, 40)]
sizes = pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
ONPREM = str(ROOT / "examples" / "onprem-offline.yaml")


def on_screen(name: str, *keys: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        await wait_ready(app, pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == name)
        await pilot.pause(0.3)
        app.screen.set_focus(None) if name == "WelcomeScreen" else None
        await pilot.pause()

    return run_before


@sizes
def test_welcome(snap_compare, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=on_screen("WelcomeScreen"))


@sizes
def test_questionnaire(snap_compare, size) -> None:
    assert snap_compare(
        make_app(), terminal_size=size, run_before=on_screen("QuestionnaireScreen", "2")
    )


@sizes
def test_results(snap_compare, size) -> None:
    assert snap_compare(
        make_app(answers_file=ONPREM), terminal_size=size, run_before=on_screen("ResultsScreen")
    )


@sizes
def test_results_what_if(snap_compare, size) -> None:
    assert snap_compare(
        make_app(answers_file=ONPREM),
        terminal_size=size,
        run_before=on_screen("ResultsScreen", "f"),
    )


@sizes
def test_compare(snap_compare, size) -> None:
    assert snap_compare(
        make_app(answers_file=ONPREM),
        terminal_size=size,
        run_before=on_screen("CompareScreen", "c"),
    )


@sizes
def test_catalog(snap_compare, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=on_screen("CatalogScreen", "5"))


@sizes
def test_learn(snap_compare, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=on_screen("LearnScreen", "6"))


@sizes
def test_help(snap_compare, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=on_screen("HelpScreen", "f1"))


@sizes
def test_export_dialog(snap_compare, size) -> None:
    assert snap_compare(
        make_app(answers_file=ONPREM),
        terminal_size=size,
        run_before=on_screen("ExportScreen", "ctrl+e"),
    )
