"""Results: the setup type and why, the ranking with reasons, warnings, what-if, excluded.

Everything shown here is read from the engine's recommendation (the same JSON the CLI
prints); the only thing this screen computes is layout. Changing an answer or a weight in
the What-if tab asks the engine again.
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from advisor.i18n import N_, _
from advisor.tui.screens.base import AdvisorScreen
from advisor.tui.widgets.footer import KeysFooter
from advisor.tui.widgets.whatif import WhatIfPanel


def markup(text: Any) -> str:
    """Prose (or any text) as Rich markup: escaped, strong parts bold, code as written."""
    from advisor.recommendation.words import STRONG, Prose

    if not isinstance(text, Prose):
        return escape(str(text))
    return "".join(
        f"[b]{escape(t)}[/b]" if style == STRONG else escape(str(Prose([(t, style)])))
        for t, style in text
    )


def _reason_lines(reasons: list[Any], *, sign: str) -> list[str]:
    out = []
    for r in reasons:
        head = f"{sign} "
        if r.criterion is not None and r.points is not None:
            head += f"[b]{escape(str(r.criterion))} {r.points}[/b]: "
        out.append(head + markup(r.because))
    return out


class ResultsScreen(AdvisorScreen):
    TITLE_TEXT = N_("results")
    HELP = N_("""\
## Results

The top line is the kind of setup that fits your answers; **Why** lists the rules that
decided it and the defaults assumed for unanswered questions.

- **Ranking**: the registries that can serve that setup, best first. Move through the
  table; the panel below shows the reasons for (+) and against (−) the highlighted one,
  with the points each reason adds under its criterion.
- **Warnings**: risks of the chosen setup and gotchas of the top choices, with links.
- **What-if**: which other answers would change the setup or the top registry; change any
  answer (lists too: **Space** ticks) or a criterion's weight right there and everything
  updates, with the focus and the scroll position kept. An answer to a follow-up question
  that stops applying is kept, and counts again when the question comes back.
- **Excluded**: registries left out, and why.

Keys: **r** ranking, **y** why, **w** warnings, **f** what-if, **x** excluded,
**c** compare the top three, **a** change the answers, **Ctrl+E** export.
""")
    BINDINGS = [
        Binding("r", "tab('ranking')", N_("Ranking"), id="r-ranking"),
        Binding("y", "tab('why')", N_("Why"), id="r-why"),
        Binding("w", "tab('warnings')", N_("Warnings"), id="r-warnings"),
        Binding("f", "tab('whatif')", N_("What-if"), id="r-whatif"),
        Binding("x", "tab('excluded')", N_("Excluded"), show=False, id="r-excluded"),
        Binding("c", "compare", N_("Compare"), id="r-compare"),
        Binding("a", "answers", N_("Answers"), show=False, id="r-answers"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown: object = None  # the recommendation on screen now
        self._wide: bool | None = None  # room for the setup's first reason under it

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="r-setup")
        with TabbedContent(id="r-tabs", initial="ranking"):
            with TabPane(_("Ranking"), id="ranking"), Vertical(id="r-ranking"):
                yield DataTable(id="r-table", cursor_type="row", zebra_stripes=True)
                yield VerticalScroll(Static("", id="r-reasons-text"), id="r-reasons")
            with TabPane(_("Why"), id="why"):
                yield VerticalScroll(Static("", id="r-why-text"), classes="scroll-text")
            with TabPane(_("Warnings"), id="warnings"):
                yield VerticalScroll(Static("", id="r-warnings-text"), classes="scroll-text")
            with TabPane(_("What-if"), id="whatif"):
                yield WhatIfPanel(self.state, summary_id="r-sensitivity", id="r-whatif")
            with TabPane(_("Excluded"), id="excluded"):
                yield VerticalScroll(Static("", id="r-excluded-text"), classes="scroll-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#r-table", DataTable)
        table.add_columns("#", _("registry"), _("score"), _("hosting"))
        self.refresh_results()
        self.run_worker(self.build_whatif(), group="whatif", exclusive=True)
        table.focus()

    def on_screen_resume(self) -> None:
        # Answers may have changed on the questionnaire since this screen was last shown.
        if self.is_mounted and self._shown is not self.state.recommendation:
            self.refresh_results()
            self.run_worker(self.build_whatif(), group="whatif", exclusive=True)

    def on_resize(self) -> None:
        if self.is_mounted and self._wide != self._is_wide():
            self.refresh_results()

    def _is_wide(self) -> bool:
        """Room for the setup's first reason under the setup line (80x24 and more); on a
        smaller terminal the reason stays on the Why tab and the ranking gets the rows."""
        return self.size.width >= 80 and self.size.height >= 24

    @property
    def rec(self) -> dict[str, Any]:
        rec = self.state.recommendation
        assert rec is not None
        return rec

    @property
    def view(self) -> Any:
        """The view model of the recommendation on screen (built once per recommendation)."""
        rec = self.rec
        if getattr(self, "_view_of", None) is not rec:
            from advisor import clock
            from advisor.recommendation.view import as_recommendation, build_view

            self._view = build_view(
                as_recommendation(rec),
                catalog=self.state.catalog,
                questions=self.state.questions,
                today=clock.today(),
            )
            self._view_of = rec
        return self._view

    # ------------------------------------------------------------ rendering

    def refresh_results(self) -> None:
        rec = self.state.recommendation
        if rec is None:
            return
        self._shown = rec
        v = self.view
        self._wide = self._is_wide()
        first = markup(v.setup_reasons[0].because) if v.setup_reasons and self._wide else ""
        top = v.top_name or _("none can serve it")
        setup = _("Setup: [b]{setup}[/b]").format(setup=escape(v.setup_line))
        choice = _("Top choice: [b]{name}[/b].").format(name=escape(top))
        self.query_one("#r-setup", Static).update(f"{setup}\n{choice} {first}")
        table = self.query_one("#r-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for reg in v.registries:
            table.add_row(
                str(reg.rank),
                _short(reg.display, 34),
                reg.score,
                _hosting(reg.hosting_values),
                key=reg.id,
            )
        if v.registries:
            table.move_cursor(row=min(keep, len(v.registries) - 1))
            self.show_reasons(v.registries[table.cursor_row].id)
        else:
            self.query_one("#r-reasons-text", Static).update(
                _("No registry in the catalog can serve this setup; see Excluded.")
            )
        self.query_one("#r-why-text", Static).update(self._why_text())
        self.query_one("#r-warnings-text", Static).update(self._warnings_text())
        self.query_one("#r-excluded-text", Static).update(self._excluded_text())
        tabs = self.query_one("#r-tabs", TabbedContent)
        tabs.get_tab("warnings").label = f"{_('Warnings')} ({len(v.notes)})"
        tabs.get_tab("excluded").label = f"{_('Excluded')} ({len(v.excluded)})"

    def show_reasons(self, registry_id: str) -> None:
        reg = next((r for r in self.view.registries if r.id == registry_id), None)
        if reg is None:
            return
        lines = [f"[b]{escape(reg.display)}[/b]  " + _("score {score}").format(score=reg.score)]
        lines += _reason_lines(reg.pros, sign="[green]+[/green]")
        lines += _reason_lines(reg.cons, sign="[red]−[/red]")
        if not reg.pros and not reg.cons:
            lines.append(_("No rule scored this registry up or down."))
        self.query_one("#r-reasons-text", Static).update("\n".join(lines))

    def _why_text(self) -> str:
        v = self.view
        lines = ["[b]" + _("Why {setup}").format(setup=escape(v.setup)) + "[/b]"]
        for r in v.setup_reasons:
            lines.append(f"• {markup(r.because)}")
            facts = ", ".join(r.facts)
            if facts or r.vote:
                extra = _("because {facts}").format(facts=facts) if facts else r.vote
                rule = _("(rule {rule})").format(rule=r.rule)
                lines.append(f"  [dim]{escape(extra)}  {escape(rule)}[/dim]")
        if v.assumptions:
            lines += ["", "[b]" + _("Assumed, because these were not answered") + "[/b]"]
            lines += [f"• {markup(a.sentence)}" for a in v.assumptions]
        if v.weights:
            lines += ["", _("[b]Weights[/b] (change them in What-if)")]
            lines.append(", ".join(f"{escape(w.label)} {w.value}" for w in v.weights))
        return "\n".join(lines)

    def _warnings_text(self) -> str:
        v = self.view
        if not v.notes:
            return _("No warnings for these answers.")
        lines = []
        colours = {"danger": "red", "warning": "yellow", "info": "blue"}
        for n in v.notes:
            colour = colours.get(n.level, "yellow")
            about = f" — {escape(n.registry_name)}" if n.registry_name else ""
            lines.append(f"[b {colour}]{markup(n.title)}{about}[/b {colour}]")
            lines.append(markup(n.message))
            for src in n.sources:
                lines.append(f"[dim]{escape(src)}[/dim]")
            lines.append("")
        return "\n".join(lines)

    def _excluded_text(self) -> str:
        v = self.view
        if not v.excluded:
            return _("No registry was left out.")
        lines = []
        for ex in v.excluded:
            lines.append(f"[b]{escape(ex.name)}[/b] ({escape(ex.id)})")
            lines += [f"  • {markup(w)}" for w in ex.whys]
        return "\n".join(lines)

    # ------------------------------------------------------------ what-if

    async def build_whatif(self) -> None:
        """Show the answers and weights in the What-if panel (in place, see WhatIfPanel)."""
        await self.query_one("#r-whatif", WhatIfPanel).sync(self._sensitivity_text())

    def _sensitivity_text(self) -> str:
        lines = ["[b]" + _("What would change the advice") + "[/b]"]
        v = self.view
        lines += [f"• {markup(w.sentence)}" for w in v.what_ifs]
        if not v.what_ifs:
            lines.append(_("No single different answer changes the setup or the top choice."))
        lines.append("")
        lines.append(_("Change an answer or a weight below; the results update at once."))
        return "\n".join(lines)

    async def on_what_if_panel_changed(self, event: WhatIfPanel.Changed) -> None:
        from advisor.errors import AdvisorError

        if event.kind == "answer":
            self.state.set_answer(event.key, event.value)
        else:
            self.state.set_weight(event.key, float(event.value))
        old_setup, old_top = self.view.setup, self.view.top_name
        try:
            self.state.recompute()
        except AdvisorError as exc:
            self.notify(str(exc), severity="error")
            return
        self.refresh_results()
        await self.build_whatif()
        new_setup, new_top = self.view.setup, self.view.top_name
        if (old_setup, old_top) != (new_setup, new_top):
            now = (
                _("Now: {setup}, top choice {name}").format(setup=new_setup, name=new_top)
                if new_top
                else _("Now: {setup}, no registry can serve it").format(setup=new_setup)
            )
            self.notify(now, title=_("Recommendation changed"))

    # ------------------------------------------------------------ actions

    @on(DataTable.RowHighlighted, "#r-table")
    def _row(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value is not None:
            self.show_reasons(str(event.row_key.value))

    def action_tab(self, tab: str) -> None:
        tabs = self.query_one("#r-tabs", TabbedContent)
        # Move focus into the new pane first: TabbedContent re-activates the pane that
        # holds the focused widget, so focus left behind would switch the tab straight back.
        target = {
            "ranking": "#r-table",
            "whatif": "#r-whatif",
        }.get(tab)
        pane = tabs.get_pane(tab)
        widget = pane.query_one(target) if target else pane.query(VerticalScroll).first()
        tabs.active = tab
        widget.focus()

    def action_compare(self) -> None:
        self.advisor.action_mode("compare")

    def action_answers(self) -> None:
        self.advisor.action_mode("questions")


def _hosting(hosting: list[str]) -> str:
    """A narrow label for the hosting column."""
    if set(hosting) == {"saas", "self-hosted"}:
        return _("SaaS or self")
    return (
        {"saas": "SaaS", "self-hosted": "self-hosted"}.get(hosting[0], hosting[0])
        if hosting
        else ""
    )


def _short(text: str, width: int = 22) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
