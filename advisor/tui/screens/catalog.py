"""Browse the catalog: filter by text or ATTR=VALUE, open a registry's detail with sources."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Input, MarkdownViewer, Static

from advisor.errors import AdvisorError
from advisor.i18n import N_, _
from advisor.tui.screens.base import AdvisorScreen
from advisor.tui.widgets.fields import TextField
from advisor.tui.widgets.footer import KeysFooter

# Room a DataTable column takes beyond its text (cell padding), and the vertical scrollbar.
_PAD = 2
_SCROLLBAR = 2


class CatalogScreen(AdvisorScreen):
    TITLE_TEXT = N_("catalog")
    HELP = N_("""\
## Catalog

Every registry the advisor knows. Type in the filter box to narrow the list:

- plain words match the id, name, vendor and summary;
- `ATTR=VALUE` matches a fact, e.g. `hosting=self-hosted`, `setups=insecure`,
  `anonymous_pull=true`, `native_to=aws`. Several filters separated by spaces must all match.

Press **Enter** on a row to open the registry with every fact, its source and its age.
**/** jumps to the filter box; **Esc** (or **Enter**) leaves it. Ids, hosting and setups
always show in full (a narrow terminal wraps them onto more lines); only a long name is
shortened with "…", and the registry's page shows it whole.
""")
    BINDINGS = [
        Binding("slash", "focus_filter", N_("Filter"), id="cat-filter"),
        Binding("enter", "open", N_("Open"), id="cat-open", show=True),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield TextField(
            placeholder=_("filter: words or ATTR=VALUE (e.g. hosting=self-hosted)"),
            id="cat-filter",
        )
        yield Static("", id="cat-count")
        yield DataTable(id="cat-table", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self._width = 0
        self._fill("")
        self.query_one("#cat-table", DataTable).focus()

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._fill(self.query_one("#cat-filter", Input).value)

    def leave_field(self, field: Input) -> None:
        self.action_focus_table()

    def _fill(self, text: str) -> None:
        from advisor.catalog.query import apply_filters

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
        self._width = self.size.width
        table = self.query_one("#cat-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        rows = catalog_rows(regs, self._width or 80)
        for label, width in rows.columns:
            table.add_column(label, width=width, key=label)
        for key, cells in rows.rows:
            table.add_row(*cells, key=key, height=None)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)
        total = len(self.state.catalog.registries)
        self.query_one("#cat-count", Static).update(
            _("{shown} of {total} registries · Enter opens one · / filters").format(
                shown=len(regs), total=total
            )
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


class CatalogRows:
    """The catalog table's columns [(label, width)] and rows [(id, cells)] for a width."""

    def __init__(self, columns: list[tuple[str, int]], rows: list[tuple[str, list[str]]]):
        self.columns = columns
        self.rows = rows


def catalog_rows(registries: list, width: int) -> CatalogRows:
    """Fit id, name, hosting and setups into `width` terminal columns.

    Ids, hosting and setups are never cut: hosting and setups wrap between list items when
    the room is short. Only the name (free text, shown whole on the registry's page) is
    shortened, with "…".
    """
    import textwrap

    from advisor.present.catalog import format_value

    ids = [r.id for r in registries]
    names = [r.name for r in registries]
    hosting = [format_value(r.attributes.hosting.value) for r in registries]
    setups = [format_value(r.attributes.setups.value) for r in registries]

    def longest(values: list[str], label: str) -> int:
        return max([len(label), *map(len, values)])

    def longest_item(values: list[str], label: str) -> int:
        return max([len(label), *(len(w) for v in values for w in v.split(", "))])

    # Column headings in the current language; the cells (ids, catalog values) stay as written.
    id_l, name_l, host_l, setup_l = "id", _("name"), _("hosting"), _("setups")
    room = width - _SCROLLBAR - 4 * _PAD
    id_w = longest(ids, id_l)
    host_w, setup_w = longest(hosting, host_l), longest(setups, setup_l)
    name_min = min(longest(names, name_l), 10)
    # Give the name its room first; when short, the lists wrap (never below one item).
    if id_w + name_min + host_w + setup_w > room:
        setup_w = max(longest_item(setups, setup_l), room - id_w - name_min - host_w)
    if id_w + name_min + host_w + setup_w > room:
        host_w = max(longest_item(hosting, host_l), room - id_w - name_min - setup_w)
    name_w = max(6, min(longest(names, name_l), room - id_w - host_w - setup_w))

    def wrap(text: str, w: int) -> str:
        return "\n".join(textwrap.wrap(text, w, break_long_words=False, break_on_hyphens=False))

    def cut(text: str, w: int) -> str:
        return text if len(text) <= w else text[: w - 1].rstrip() + "…"

    rows = [
        (r.id, [r.id, cut(n, name_w), wrap(h, host_w), wrap(s, setup_w)])
        for r, n, h, s in zip(registries, names, hosting, setups, strict=True)
    ]
    columns = [(id_l, id_w), (name_l, name_w), (host_l, host_w), (setup_l, setup_w)]
    return CatalogRows(columns, rows)


class RegistryScreen(AdvisorScreen):
    """One registry, every fact with its source and age."""

    HELP = N_("""\
## Registry detail

Every fact about this registry, with the page it came from and how many days ago that
page was read. Facts marked *unknown* could not be confirmed from the vendor's own
documentation; the note says why. Links open in your browser where the terminal allows.
**Esc** goes back.
""")
    BINDINGS = [Binding("escape", "back", N_("Back"), id="detail-back")]

    def __init__(self, registry: object) -> None:
        super().__init__()
        self.registry = registry

    def compose(self) -> ComposeResult:
        from advisor.present.catalog import registry_markdown

        yield Header()
        yield MarkdownViewer(
            registry_markdown(self.registry), show_table_of_contents=False, id="detail"
        )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = self.registry.name  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.dismiss()
