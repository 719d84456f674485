"""Turning pydantic validation errors into DataErrors in the file's own words.

Each error names the file, the line (from the YAML node tree), the item it belongs to (for
example `rule offline-plain-http`) and, for an unknown key, the closest allowed key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, get_args, get_origin

from advisor.errors import AdvisorError, DataError, DataErrors, did_you_mean
from advisor.io.yamlfile import line_of

if TYPE_CHECKING:
    import yaml
    from pydantic import BaseModel, ValidationError

Loc = tuple[str | int, ...]


def _inner_model(annotation: Any) -> tuple[type | None, bool]:
    """The model class inside an annotation, and whether it sits in a dict's values."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is dict and len(args) == 2:
        model, _ = _inner_model(args[1])
        return model, True
    for arg in args:
        model, in_dict = _inner_model(arg)
        if model is not None:
            return model, in_dict
    return None, False


def allowed_keys(root: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed at `loc` (a location inside a document validated as `root`)."""
    model: Any = root
    dict_key_next = False
    for part in loc:
        if isinstance(part, int):
            continue
        if dict_key_next:
            dict_key_next = False
            continue
        field = None
        for name, info in model.model_fields.items():
            if part in (name, info.alias):
                field = info
                break
        if field is None:
            return []
        inner, dict_key_next = _inner_model(field.annotation)
        if inner is None:
            return []
        model = inner
    return [info.alias or name for name, info in model.model_fields.items()]


def dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def describe(err: dict[str, Any]) -> str:
    msg = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "string_pattern_mismatch":
        pattern = str(err.get("ctx", {}).get("pattern", ""))
        msg = "expected an https:// URL" if "https" in pattern else f"must match {pattern}"
    got = err.get("input")
    if err["type"].endswith(("_type", "_mismatch", "_parsing", "literal_error")) and not (
        isinstance(got, dict | list)
    ):
        shown = repr(got)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return f"{msg}, got {shown}"
    return msg


def problems_from(
    exc: ValidationError,
    node: yaml.Node | None,
    file: str,
    root: type[BaseModel],
    item_of: Callable[[Loc], tuple[str | None, Loc]],
) -> list[AdvisorError]:
    """One DataError per pydantic error. `item_of(loc)` names the item (e.g. 'rule x') and
    returns the location inside it, for the message."""
    problems: list[AdvisorError] = []
    seen: set[tuple[int | None, str]] = set()
    errors = exc.errors(include_url=False)
    # A misspelt key shows up twice: unknown 'becuase' and missing 'because'. Keep the first,
    # which says "did you mean".
    misspelt: set[Loc] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            for guess in allowed_keys(root, loc[:-1]):
                if did_you_mean(str(loc[-1]), [guess]):
                    misspelt.add((*loc[:-1], guess))
    for err in errors:
        loc: Loc = tuple(err["loc"])
        if err["type"] == "missing" and loc in misspelt:
            continue
        # Drop pydantic's union branch names, e.g. ('value', 'list[...]').
        loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p == "none")))
        item, inner = item_of(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            name = str(loc[-1])
            message = f"unknown key '{name}'{did_you_mean(name, allowed_keys(root, loc[:-1]))}"
        elif kind == "missing":
            where = dotted(inner[:-1])
            message = f"missing required key '{loc[-1]}'" + (f" in {where}" if where else "")
        else:
            where = dotted(inner)
            message = (f"{where}: " if where else "") + describe(err)
        line = line_of(node, loc)
        if (line, message) in seen:
            continue
        seen.add((line, message))
        problems.append(DataError(message, file=file, line=line, key=item))
    return problems


def raise_all(problems: list[AdvisorError]) -> None:
    if not problems:
        return
    problems.sort(key=lambda p: p.line or 0)
    raise problems[0] if len(problems) == 1 else DataErrors(problems)


def kind_of(data: Any) -> str:
    if isinstance(data, bool):
        return "boolean"
    return {list: "list", str: "string", int: "number", float: "number", dict: "mapping"}.get(
        type(data), type(data).__name__
    )
