"""The What-if panel on its own: every question type editable, answers kept while hidden,
focus and scroll kept while editing."""

from __future__ import annotations

from typing import Any

from test_tui import wait_for
from textual.app import App
from textual.widgets import Select, SelectionList

from advisor.tui.state import AdvisorState
from advisor.tui.widgets.whatif import WhatIfPanel


class PanelApp(App[None]):
    def __init__(self, answers: dict[str, Any]) -> None:
        super().__init__()
        self.state = AdvisorState()
        self.state.load()
        for qid, value in answers.items():
            self.state.set_answer(qid, value)
        self.state.recompute()
        self.syncs = 0

    def compose(self):
        yield WhatIfPanel(self.state, id="wi")

    async def on_mount(self) -> None:
        await self.query_one(WhatIfPanel).sync(self._summary())

    def _summary(self) -> str:
        return f"setup: {self.state.recommendation['setup']}"

    async def on_what_if_panel_changed(self, event: WhatIfPanel.Changed) -> None:
        if event.kind == "answer":
            self.state.set_answer(event.key, event.value)
        else:
            self.state.set_weight(event.key, float(event.value))
        self.state.recompute()
        self.syncs += 1
        await self.query_one(WhatIfPanel).sync(self._summary())


ONPREM_TLS = {"reach": "local-network", "own_infrastructure": True, "tls_certificates": True}


async def test_an_answer_hidden_and_shown_again_is_kept() -> None:
    app = PanelApp(ONPREM_TLS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.state.recommendation["setup"] == "private"
        app.query_one("#wi-q-reach", Select).value = "anywhere"
        await wait_for(pilot, lambda: not app.query("#wi-q-tls_certificates"))
        app.query_one("#wi-q-reach", Select).value = "local-network"
        await wait_for(pilot, lambda: bool(app.query("#wi-q-tls_certificates")))
        await pilot.pause()
        assert app.query_one("#wi-q-tls_certificates", Select).value is True
        assert app.state.recommendation["setup"] == "private"


async def test_a_multi_choice_answer_can_be_changed() -> None:
    app = PanelApp({})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        artifacts = app.query_one("#wi-q-artifacts", SelectionList)
        artifacts.select("helm")
        await wait_for(pilot, lambda: app.state.answers.get("artifacts") == ["images", "helm"])
        assert app.state.recommendation["effective_answers"]["artifacts"] == ["images", "helm"]


async def test_changing_a_control_keeps_focus_and_scroll() -> None:
    app = PanelApp({})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.query_one(WhatIfPanel)
        weight = app.query_one("#wi-w-cost", Select)
        weight.focus()
        await pilot.pause()
        await pilot.wait_for_animation()
        assert panel.scroll_y > 0  # the weights are below the fold at 80x24
        before = panel.scroll_y
        weight.value = 3
        await wait_for(pilot, lambda: app.syncs == 1)
        await pilot.pause()
        await pilot.wait_for_animation()
        assert app.state.weights["cost"] == 3
        assert app.focused is app.query_one("#wi-w-cost", Select)
        assert panel.scroll_y == before


async def test_a_change_that_shows_a_question_keeps_focus_and_scroll() -> None:
    app = PanelApp({"reach": "anywhere"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.query_one(WhatIfPanel)
        offline = app.query_one("#wi-q-offline", Select)
        offline.focus()
        await pilot.pause()
        await pilot.wait_for_animation()
        before = panel.scroll_y
        offline.value = True  # the TLS question appears
        await wait_for(pilot, lambda: bool(app.query("#wi-q-tls_certificates")))
        await pilot.pause()
        await pilot.wait_for_animation()
        assert app.focused is app.query_one("#wi-q-offline", Select)
        assert panel.scroll_y == before
