"""Loading the catalog: the shipped file, plus the user's own files overlaid by id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.catalog.data import Catalog, Registry, catalog_from_json
from advisor.errors import AdvisorError, DataError, DataErrors, did_you_mean
from advisor.i18n import _
from advisor.io.paths import data_file
from advisor.io.yamlfile import line_of

if TYPE_CHECKING:
    import yaml
    from pydantic import BaseModel, ValidationError


#: The models a cached catalog depends on: editing them invalidates the cache.
_MODELS = Path(__file__).with_name("models.py")


def shipped_catalog_path() -> Path:
    return data_file("registries.yaml")


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at a location in the catalog, for "did you mean" on unknown keys."""
    from advisor.catalog.models import (
        Attributes,
        Catalog,
        Fact,
        Gotcha,
        HistoryEvent,
        Registry,
        SeedClaim,
    )

    model: type[BaseModel] = Catalog
    parts = [p for p in loc if isinstance(p, str)]
    children: dict[str, type[BaseModel]] = {
        "registries": Registry,
        "attributes": Attributes,
        "gotchas": Gotcha,
        "history": HistoryEvent,
        "seed_claims": SeedClaim,
    }
    for part in parts:
        if part in children:
            model = children[part]
        elif model is Attributes:
            model = Fact
    return list(model.model_fields)


def _clean_loc(loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], bool]:
    """Drop pydantic's union-branch names from a location; say if it was the 'unknown' branch."""
    out: list[Any] = []
    unknown_branch = False
    for i, part in enumerate(loc):
        if i > 0 and loc[i - 1] == "value" and isinstance(part, str):
            unknown_branch = part == "literal['unknown']"
            continue
        out.append(part)
    return tuple(out), unknown_branch


def _registry_id(data: Any, index: Any) -> str | None:
    """The id of registries[index] in the raw data, if it has a usable one."""
    regs = data.get("registries") if isinstance(data, dict) else None
    if isinstance(regs, list) and isinstance(index, int) and 0 <= index < len(regs):
        reg = regs[index]
        if isinstance(reg, dict) and isinstance(reg.get("id"), str):
            return reg["id"]
    return None


def _missing_message(loc: tuple[Any, ...], data: Any) -> str:
    """Say what is missing; a missing attribute names its registry and the attribute."""
    name = str(loc[-1])
    if len(loc) == 4 and loc[0] == "registries" and loc[2] == "attributes":
        rid = _registry_id(data, loc[1])
        if rid:
            return _("registry '{id}' lacks required attribute '{name}'").format(id=rid, name=name)
        return _("{item} lacks required attribute '{name}'").format(
            item=f"registries[{loc[1]}]", name=name
        )
    return _("missing required key '{key}'").format(key=name)


def _problems(
    exc: ValidationError, node: yaml.Node | None, file: str, data: Any = None
) -> list[AdvisorError]:
    problems: list[AdvisorError] = []
    for err in exc.errors(include_url=False):
        loc, unknown_branch = _clean_loc(tuple(err["loc"]))
        if unknown_branch:
            continue  # the other branch of `value: X | "unknown"` explains it better
        line = line_of(node, loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            name = str(loc[-1])
            message = _("unknown key '{key}'").format(key=name) + did_you_mean(
                name, _fields_at(loc[:-1])
            )
            key = _dotted(loc)
        elif kind == "missing":
            message = _missing_message(loc, data)
            key = _dotted(loc[:-1])
        else:
            message = _describe(err)
            if "value" in loc and err["type"] in ("literal_error", "bool_type", "list_type"):
                message += " " + _("(or 'unknown' with a note)")
            key = _dotted(loc)
        problems.append(DataError(message, file=file, line=line, key=key or None))
    return problems


def _describe(err: dict[str, Any]) -> str:
    from advisor.io.problems import pydantic_message

    msg = pydantic_message(err)
    got = err.get("input")
    if err["type"] == "string_pattern_mismatch" and "https" in str(err.get("ctx", {})):
        msg = _("expected an https:// URL")
    if err["type"].endswith(("_error", "_type", "_mismatch", "_parsing")) and got is not None:
        shown = repr(got)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return _("{message}, got {value}").format(message=msg, value=shown)
    return msg


def _dotted(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _check_duplicates(data: Any, node: yaml.Node | None, file: str) -> list[AdvisorError]:
    problems: list[AdvisorError] = []
    regs = data.get("registries") if isinstance(data, dict) else None
    if not isinstance(regs, list):
        return problems
    first: dict[str, int] = {}
    for i, reg in enumerate(regs):
        if not isinstance(reg, dict) or not isinstance(reg.get("id"), str):
            continue
        rid = reg["id"]
        if rid in first:
            where = line_of(node, ("registries", first[rid], "id"))
            problems.append(
                DataError(
                    _("duplicate id '{id}' (first defined on line {line})").format(
                        id=rid, line=where
                    ),
                    file=file,
                    line=line_of(node, ("registries", i, "id")),
                    key=f"registries[{i}].id",
                )
            )
        else:
            first[rid] = i
    return problems


def parse_catalog_file(path: str | Path) -> Catalog:
    """Load and validate one catalog file, reporting every problem at once.

    Runs the loader pipeline (`advisor/io/pipeline.py`): read safely, parse, validate
    (`_check_document`), report; the result is cached by the file's text and the models.
    Raises DataError (one problem) or DataErrors (several).
    """
    from advisor.io.pipeline import load_checked, only

    return load_checked(
        "catalog",
        [path],
        validate=_check_document,
        fingerprints=[_MODELS],
        key_of=lambda texts: texts[0][1],
        build=lambda datas: catalog_from_json(only(datas)),
    )


def _validate(text: str, name: str) -> dict[str, Any]:
    """The pydantic check of a catalog file's text (steps 2 to 5 of the pipeline, no cache);
    returns the validated data as JSON."""
    from advisor.io.pipeline import check_texts

    (out,) = check_texts([(name, text)], _check_document)
    return out


def _check_document(data: Any, node: yaml.Node | None, name: str) -> dict[str, Any]:
    """The pipeline's validate step for a catalog file: a mapping, unique ids, the model."""
    from pydantic import ValidationError

    from advisor.catalog.models import Catalog as CatalogModel

    if not isinstance(data, dict):
        raise DataError(
            _("expected a mapping with 'schema_version' and 'registries', got a {kind}").format(
                kind=_kind(data)
            ),
            file=name,
            line=line_of(node, ()),
        )
    problems = _check_duplicates(data, node, name)
    try:
        catalog = CatalogModel.model_validate(data)
    except ValidationError as exc:
        found = _problems(exc, node, name, data)
        if problems:  # our own duplicate-id lines carry better locations
            found = [p for p in found if "duplicate id" not in p.message]
        problems = found + problems
        raise _raise(problems) from None
    if problems:
        raise _raise(problems)
    return catalog.model_dump(mode="json", exclude_none=True)


def _raise(problems: list[AdvisorError]) -> AdvisorError:
    problems.sort(key=lambda p: p.line or 0)
    return problems[0] if len(problems) == 1 else DataErrors(problems)


def _kind(data: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(data), type(data).__name__
    )


def merge(base: Catalog, overlay: Catalog) -> Catalog:
    """Overlay entries replace base entries with the same id; new ids are appended."""
    by_id: dict[str, Registry] = {r.id: r for r in base.registries}
    order = [r.id for r in base.registries]
    for reg in overlay.registries:
        if reg.id not in by_id:
            order.append(reg.id)
        by_id[reg.id] = reg
    return Catalog(schema_version=base.schema_version, registries=tuple(by_id[i] for i in order))


def load_catalog(extra_files: Sequence[str | Path] = ()) -> Catalog:
    """The shipped catalog with the user's files overlaid, in the order given."""
    catalog = parse_catalog_file(shipped_catalog_path())
    for extra in extra_files:
        catalog = merge(catalog, parse_catalog_file(extra))
    return catalog


def get_registry(catalog: Catalog, registry_id: str) -> Registry:
    reg = catalog.get(registry_id)
    if reg is None:
        raise DataError(
            _("unknown registry id '{id}'").format(id=registry_id)
            + did_you_mean(registry_id, catalog.ids)
            + "; "
            + _("known ids: {ids}").format(ids=", ".join(catalog.ids))
        )
    return reg


def catalog_date(catalog: Catalog) -> str | None:
    """The newest verified date in the catalog: how fresh its facts are at best."""
    newest = None
    for reg in catalog.registries:
        for _name, fact in reg.attributes.items():
            if fact.verified and (newest is None or fact.verified > newest):
                newest = fact.verified
    return newest.isoformat() if newest else None
