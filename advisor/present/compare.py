"""Side-by-side comparison of registries: one row per attribute, the age of every fact."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from advisor.catalog.data import ATTRIBUTE_NAMES
from advisor.catalog.query import fact_age
from advisor.errors import UsageError
from advisor.i18n import _
from advisor.present.catalog import format_value

if TYPE_CHECKING:
    from rich.table import Table

    from advisor.catalog.data import Catalog, Registry


def pick(catalog: Catalog, ids: Sequence[str]) -> list[Registry]:
    from advisor.catalog.load import get_registry

    if len(ids) < 2:
        raise UsageError(_("compare needs at least two registry ids"))
    if len(set(ids)) != len(ids):
        raise UsageError(_("compare: each registry id may be given once"))
    return [get_registry(catalog, i) for i in ids]


def attribute_rows(registries: Sequence[Registry]) -> list[str]:
    names: list[str] = []
    for reg in registries:
        for name in ATTRIBUTE_NAMES:
            if reg.attr(name) is not None and name not in names:
                names.append(name)
    return names


def differs(registries: Sequence[Registry], name: str) -> bool:
    values = []
    for reg in registries:
        fact = reg.attr(name)
        value = fact.value if fact is not None else None
        values.append(sorted(value) if isinstance(value, list) else value)
    return any(v != values[0] for v in values[1:])


def compare_json(registries: Sequence[Registry], today: dt.date | None = None) -> dict[str, Any]:
    rows = {}
    for name in attribute_rows(registries):
        cells = {}
        for reg in registries:
            fact = reg.attr(name)
            cells[reg.id] = (
                None
                if fact is None
                else {
                    "value": fact.value,
                    "source": fact.source,
                    "verified": fact.verified.isoformat() if fact.verified else None,
                    "age_days": fact_age(fact, today),
                    "note": fact.note,
                }
            )
        rows[name] = {"differs": differs(registries, name), "cells": cells}
    return {"schema_version": 1, "registries": [r.id for r in registries], "attributes": rows}


def compare_table(registries: Sequence[Registry], today: dt.date | None = None) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=_("Side by side (age of each fact in days; * = values differ)"),
        show_lines=True,
        expand=False,
    )
    table.add_column(_("attribute"), style="bold", no_wrap=True)
    for reg in registries:
        table.add_column(f"{reg.name}\n({reg.id})", overflow="fold")
    for name in attribute_rows(registries):
        diff = differs(registries, name)
        cells: list[Text | str] = [f"{name} *" if diff else name]
        for reg in registries:
            fact = reg.attr(name)
            if fact is None:
                cells.append(Text("—", style="dim"))
                continue
            value = format_value(fact.value)
            age = fact_age(fact, today)
            cell = Text(value, style="bold yellow" if diff else "")
            if fact.value == "unknown":
                cell.stylize("italic red")
            cell.append("  " + _age(age) if age is not None else "", style="dim")
            cells.append(cell)
        table.add_row(*cells)
    return table


def compare_stacked(
    registries: Sequence[Registry], width: int, today: dt.date | None = None
) -> str:
    """The comparison one attribute at a time, one registry per line, for a terminal too
    narrow for the side-by-side table: values wrap at spaces, no word is split."""
    import textwrap

    names = ", ".join(f"{r.name} ({r.id})" for r in registries)
    out = textwrap.wrap(
        _("Compared: {names}. Age of each fact in days; * = values differ.").format(names=names),
        width,
        break_long_words=False,
        break_on_hyphens=False,
    )
    for name in attribute_rows(registries):
        out += ["", f"{name} *" if differs(registries, name) else name]
        for reg in registries:
            fact = reg.attr(name)
            if fact is None:
                text = "—"
            else:
                age = fact_age(fact, today)
                text = format_value(fact.value) + (" " + _age(age) if age is not None else "")
            out += textwrap.wrap(
                f"{reg.id}: {text}",
                width,
                initial_indent="  ",
                subsequent_indent="      ",
                break_long_words=False,
                break_on_hyphens=False,
            )
    return "\n".join(out)


def print_comparison(registries: Sequence[Registry], today: dt.date | None = None) -> None:
    """The side-by-side table when every word fits whole in its column at the terminal's
    width ($COLUMNS, else the terminal), else the stacked form. Printed through
    advisor.io.terminal, which makes control characters visible."""
    from rich.console import Console
    from rich.measure import Measurement

    from advisor.io.terminal import rich_print

    console = Console()
    table = compare_table(registries, today)
    # Measure without the width limit: Measurement.get clamps the minimum to it.
    unlimited = console.options.update_width(10_000)
    if Measurement.get(console, unlimited, table).minimum <= console.width:
        rich_print(table)
    else:
        sys.stdout.write(compare_stacked(registries, console.width, today) + "\n")


def _age(days: int) -> str:
    """A fact's age in a cell: '(45d)' ('(45h)' in Indonesian, for hari)."""
    return _("({days}d)").format(days=days)
