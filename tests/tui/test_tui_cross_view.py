"""The TUI results show every reason, warning and what-if of the view model (the other
faces are checked in tests/render/test_cross_view.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from crossview import TODAY, answers_of, check, expected, flat
from test_tui import SIZE, on_results, wait_for
from textual.widgets import DataTable, Static

from advisor.decide.engine import recommend
from advisor.decide.session import load_context
from advisor.present import report_view
from advisor.tui.app import make_app


@pytest.fixture(scope="module")
def context() -> Any:
    return load_context()


@pytest.mark.parametrize("case", ["onprem-offline", "startup-github", "public-anyone"])
async def test_the_tui_results_show_everything(case: str, context: Any, tmp_path: Path) -> None:
    answers = answers_of(case, context)
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    rec = recommend(context.catalog, context.questions, context.rules, answers)
    view = report_view(rec, catalog=context.catalog, questions=context.questions, today=TODAY)
    want = expected(view)

    app = make_app(answers_file=str(path))
    async with app.run_test(size=SIZE) as pilot:
        await on_results(app, pilot)
        screen = app.screen
        await wait_for(pilot, lambda: bool(screen.query("#r-sensitivity")))
        table = screen.query_one("#r-table", DataTable)
        panels = []
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.pause()
            panels.append(str(screen.query_one("#r-reasons-text", Static).render()))
        shown = flat("\n".join(panels + [str(w.render()) for w in screen.query(Static)]))
    check("tui", shown, want["reasons"] + want["whys"] + want["what_ifs"])
    check("tui", shown, [part for pair in want["notes"] for part in pair])
