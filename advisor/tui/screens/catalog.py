"""Browse the catalog: filter by text or ATTR=VALUE, open a registry's detail with sources."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, MarkdownViewer, Static

from advisor.errors import AdvisorError
from advisor.tui.screens.base import AdvisorScreen


class CatalogScreen(AdvisorScreen):
    TITLE_TEXT = "catalog"
    HELP = """\
## Catalog

Every registry the advisor knows. Type in the filter box to narrow the list:

- plain words match the id, name, vendor and summary;
- `ATTR=VALUE` matches a fact, e.g. `hosting=self-hosted`, `setups=insecure`,
  `anonymous_pull=true`, `native_to=aws`. Several filters separated by spaces must all match.

Press **Enter** on a row to open the registry with every fact, its source and its age.
**/** jumps to the filter box; **Esc** leaves it.
"""
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="cat-filter"),
        Binding("enter", "open", "Open", id="cat-open", show=True),
        Binding("escape", "focus_table", "List", show=False, id="cat-list"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder="filter: words or ATTR=VALUE (e.g. hosting=self-hosted)", id="cat-filter"
        )
        yield Static("", id="cat-count")
        yield DataTable(id="cat-table", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#cat-table", DataTable)
        table.add_columns("id", "name", "hosting", "setups")
        self._fill("")
        table.focus()

    def _fill(self, text: str) -> None:
        from advisor.catalog.query import apply_filters
        from advisor.present.catalog import format_value

        regs = list(self.state.catalog.registries)
        words = []
        filters = []
        for token in text.split():
            (filters if "=" in token else words).append(token)
        try:
            regs = apply_filters(regs, filters)
        except AdvisorError as exc:
            self.query_one("#cat-count", Static).update(f"[red]{exc}[/red]")
            return
        for word in words:
            w = word.lower()
            regs = [r for r in regs if w in f"{r.id} {r.name} {r.vendor} {r.summary}".lower()]
        table = self.query_one("#cat-table", DataTable)
        table.clear()
        for r in regs:
            table.add_row(
                r.id,
                r.name,
                format_value(r.attributes.hosting.value),
                format_value(r.attributes.setups.value),
                key=r.id,
            )
        total = len(self.state.catalog.registries)
        self.query_one("#cat-count", Static).update(
            f"{len(regs)} of {total} registries · Enter opens one · / filters"
        )

    @on(Input.Changed, "#cat-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#cat-filter")
    def _filter_done(self) -> None:
        self.query_one("#cat-table", DataTable).focus()

    @on(DataTable.RowSelected, "#cat-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(str(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one("#cat-table", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self._open(str(key.value))

    def _open(self, registry_id: str) -> None:
        reg = self.state.catalog.get(registry_id)
        if reg is not None:
            self.app.push_screen(RegistryScreen(reg))

    def action_focus_filter(self) -> None:
        self.query_one("#cat-filter", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#cat-table", DataTable).focus()


class RegistryScreen(Screen):
    """One registry, every fact with its source and age."""

    HELP = """\
## Registry detail

Every fact about this registry, with the page it came from and how many days ago that
page was read. Facts marked *unknown* could not be confirmed from the vendor's own
documentation; the note says why. Links open in your browser where the terminal allows.
**Esc** goes back.
"""
    BINDINGS = [Binding("escape", "back", "Back", id="detail-back")]

    def __init__(self, registry: object) -> None:
        super().__init__()
        self.registry = registry

    def compose(self) -> ComposeResult:
        from advisor.present.catalog import registry_markdown

        yield Header()
        yield MarkdownViewer(
            registry_markdown(self.registry), show_table_of_contents=False, id="detail"
        )
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = self.registry.name  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.dismiss()
