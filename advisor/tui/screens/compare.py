"""Compare two to four registries side by side; the highlighted cell shows its source."""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, SelectionList, Static
from textual.widgets.selection_list import Selection

from advisor.i18n import N_, _
from advisor.tui.screens.base import AdvisorScreen
from advisor.tui.widgets.footer import KeysFooter

MAX_PICK = 4
PICKER_CHROME = 8  # the picker's border, padding and check box around an id
MIN_VALUE = 5  # the fewest characters of a value worth showing in a cell
_AS_OF = re.compile(r"^as of \d{4}-\d{2}-\d{2}[:,;.]?\s*", re.IGNORECASE)


class CompareScreen(AdvisorScreen):
    TITLE_TEXT = N_("compare")
    HELP = N_("""\
## Compare

Tick two to four registries in the list on the left (Space or click); the table shows
them side by side. Rows marked **≠** differ between the picked registries.

Move through the table with the arrow keys: the box under it shows the highlighted
fact in full, with its source and the day it was checked. **p** hides or shows the
picker to give the table more room (on a narrow terminal the picker takes the whole
width while it is open); **Tab** moves between the picker and the table.
After a recommendation, the top three are picked for you.
""")
    BINDINGS = [
        Binding("p", "toggle_picker", N_("Picker"), id="c-toggle-picker"),
        Binding("x", "clear", N_("Clear"), id="c-clear"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield SelectionList[str](id="c-picker")
            with Vertical(id="c-main"):
                yield DataTable(id="c-table", cursor_type="cell", zebra_stripes=True)
                yield Static(_("Pick two to four registries on the left."), id="c-cell")
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        picker = self.query_one("#c-picker", SelectionList)
        picker.border_title = _("pick 2-4")
        # Wide enough for every id: ids are never cut.
        self.picker_width = max(len(r.id) for r in self.state.catalog.registries) + PICKER_CHROME
        picker.styles.width = self.picker_width
        defaults = self._defaults()
        picker.add_options(
            [Selection(r.id, r.id, r.id in defaults) for r in self.state.catalog.registries]
        )
        self._render_table()
        if len(defaults) >= 2:
            # Coming from results: give the table the room; p brings the picker back.
            picker.add_class("-hidden")
            self.query_one("#c-table", DataTable).focus()
        else:
            picker.focus()

    def on_screen_resume(self) -> None:
        self._render_table()

    def _defaults(self) -> list[str]:
        rec = self.state.recommendation
        if rec and rec.get("registries"):
            return [r["id"] for r in rec["registries"][:3]]
        return []

    def picked(self) -> list[str]:
        picker = self.query_one("#c-picker", SelectionList)
        chosen = list(picker.selected)
        order = [r.id for r in self.state.catalog.registries]
        return sorted(chosen, key=order.index)

    @on(SelectionList.SelectedChanged, "#c-picker")
    def _picked(self) -> None:
        picker = self.query_one("#c-picker", SelectionList)
        if len(picker.selected) > MAX_PICK:
            # Keep the limit: undo the newest tick.
            last = picker.selected[-1]
            picker.deselect(last)
            self.notify(
                _("Compare at most {count} registries at a time.").format(count=MAX_PICK),
                severity="warning",
            )
            return
        self._render_table()

    def _render_table(self) -> None:
        from rich.text import Text

        from advisor.catalog.query import fact_age
        from advisor.present.catalog import format_value
        from advisor.present.compare import attribute_rows, differs

        table = self.query_one("#c-table", DataTable)
        table.clear(columns=True)
        ids = self.picked()
        cell = self.query_one("#c-cell", Static)
        if len(ids) < 2:
            cell.update(_("Pick two to four registries on the left (Space to tick)."))
            return
        regs = [self.state.catalog.get(i) for i in ids]
        names = attribute_rows(regs)
        limit = self._value_room(regs, names)
        table.add_column(_("attribute"), key="attribute")
        for reg in regs:
            table.add_column(reg.id, key=reg.id)
        for name in names:
            diff = differs(regs, name)
            cells: list[Text] = [
                Text(("≠ " if diff else "  ") + name, style="bold" if diff else "")
            ]
            for reg in regs:
                fact = reg.attr(name)
                if fact is None:
                    cells.append(Text("—", style="dim"))
                    continue
                # "as of DATE:" repeats the checked date the age already shows; drop it
                # so the cell shows the fact itself.
                text = _AS_OF.sub("", format_value(fact.value))
                if isinstance(fact.value, list | tuple):
                    # A list (setups, hosting, formats) is never cut: it wraps between items.
                    text = "\n".join(_wrap_items(text, limit))
                elif len(text) > limit:
                    text = text[: limit - 1] + "…"  # free text; the box below shows it whole
                style = "italic" if fact.value == "unknown" else ("bold" if diff else "")
                age = fact_age(fact)
                shown = f"{text} " + _("{days}d").format(days=age) if age is not None else text
                cells.append(Text(shown, style=style))
            table.add_row(*cells, key=name, height=None)
        cell.update(
            _("Arrow keys move; the highlighted fact appears here in full with its source.")
        )

    def _value_room(self, regs: list, names: list[str]) -> int:
        """Characters each value may take so that every picked registry's column fits
        beside the attribute names (ids, never cut); the box below shows values in full.
        When the picker leaves too little room for that, the picker takes the whole width
        until it is closed (p), rather than the table losing a column off the edge."""
        picker = self.query_one("#c-picker", SelectionList)
        width = self.size.width or self.app.size.width
        from advisor.catalog.query import fact_age

        attr_w = max(len(n) for n in names) + 2
        ages = [fact_age(f) for r in regs for f in map(r.attr, names) if f is not None]
        age_w = max(
            (len(" " + _("{days}d").format(days=a)) for a in ages if a is not None), default=0
        )

        # Per column: 2 of cell padding and the age (" 49d"); 2 for a scrollbar.
        def room(total: int) -> int:
            return (total - 2 - (attr_w + 2)) // len(regs) - 2 - age_w

        shown = not picker.has_class("-hidden")
        crowded = shown and room(width - self.picker_width) < MIN_VALUE
        self.set_class(crowded, "-picker-only")
        return max(MIN_VALUE, room(width if crowded or not shown else width - self.picker_width))

    def on_resize(self) -> None:
        self.call_after_refresh(self._render_table)

    @on(DataTable.CellHighlighted, "#c-table")
    def _cell(self, event: DataTable.CellHighlighted) -> None:
        from advisor.catalog.query import fact_age
        from advisor.present.catalog import format_value

        table = self.query_one("#c-table", DataTable)
        row_key, col_key = table.coordinate_to_cell_key(event.coordinate)
        name = str(row_key.value)
        rid = str(col_key.value)
        box = self.query_one("#c-cell", Static)
        reg = self.state.catalog.get(rid)
        if reg is None:  # the attribute column
            box.update(
                f"[b]{name}[/b]: " + _("move right to see each registry's value and source.")
            )
            return
        fact = reg.attr(name)
        if fact is None:
            box.update(f"{rid} · {name}: " + _("not recorded"))
            return
        lines = [f"[b]{rid} · {name}[/b]: {_escape(format_value(fact.value))}"]
        if fact.note:
            lines.append(_("note: {note}").format(note=_escape(fact.note)))
        if fact.source:
            lines.append(_("source: {url}").format(url=_escape(fact.source)))
        if fact.verified:
            lines.append(
                _("checked {date} ({days} days ago)").format(
                    date=fact.verified.isoformat(), days=fact_age(fact)
                )
            )
        box.update("\n".join(lines))

    def action_toggle_picker(self) -> None:
        picker = self.query_one("#c-picker", SelectionList)
        picker.toggle_class("-hidden")
        self.call_after_refresh(self._render_table)
        if picker.has_class("-hidden"):
            self.query_one("#c-table", DataTable).focus()
        else:
            picker.focus()

    def action_clear(self) -> None:
        self.query_one("#c-picker", SelectionList).deselect_all()


def _wrap_items(text: str, width: int) -> list[str]:
    """A comma-separated list on lines of at most `width`, broken only between items (an
    item longer than the width keeps a line of its own)."""
    items = text.split(", ")
    lines: list[str] = []
    for i, item in enumerate(items):
        piece = item if i == len(items) - 1 else f"{item},"
        if lines and len(lines[-1]) + 1 + len(piece) <= width:
            lines[-1] += f" {piece}"
        else:
            lines.append(piece)
    return lines


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(" ".join(str(text).split()))
