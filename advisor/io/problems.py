"""Turning pydantic validation errors into DataErrors in the file's own words.

Each error names the file, the line (from the YAML node tree), the item it belongs to (for
example `rule offline-plain-http`) and, for an unknown key, the closest allowed key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, get_args, get_origin

from advisor.errors import N_, AdvisorError, DataError, DataErrors, _, did_you_mean
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
        model, _in_dict = _inner_model(args[1])
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


# pydantic's wording of the errors people meet in our files, by error type, as messages
# of our own (pydantic has no translations); `{...}` come from the error's ctx (`{error}`
# is pydantic's English detail). Other types, and English, keep pydantic's text.
_PYDANTIC = {
    "string_type": N_("Input should be a valid string"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "date_type": N_("Input should be a valid date"),
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, {error}"),
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime, {error}"),
    "literal_error": N_("Input should be {expected}"),
    "enum": N_("Input should be {expected}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "string_too_short": N_("String should have at least {min_length} characters"),
    "too_short": N_("List should have at least {min_length} items"),
}


def pydantic_message(err: dict[str, Any]) -> str:
    msg = str(err["msg"])
    if msg.startswith("Value error, "):  # our validators' ValueError, already translated
        return msg.removeprefix("Value error, ")
    template = _PYDANTIC.get(err["type"])
    if template is None or _(template) == template:
        return msg  # English: pydantic's own words, as before
    ctx = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
    if "expected" in ctx:  # "'a', 'b' or 'c'": pydantic's list, with our word for "or"
        head, sep, last = ctx["expected"].rpartition(" or ")
        if sep:
            ctx["expected"] = _("{items} or {last}").format(items=head, last=last)
    try:
        return _(template).format(**ctx)
    except (KeyError, IndexError):
        return msg


def describe(err: dict[str, Any]) -> str:
    msg = pydantic_message(err)
    if err["type"] == "string_pattern_mismatch":
        pattern = str(err.get("ctx", {}).get("pattern", ""))
        msg = (
            _("expected an https:// URL")
            if "https" in pattern
            else _("must match {pattern}").format(pattern=pattern)
        )
    got = err.get("input")
    if err["type"].endswith(("_type", "_mismatch", "_parsing", "literal_error")) and not (
        isinstance(got, dict | list)
    ):
        shown = repr(got)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return _("{message}, got {value}").format(message=msg, value=shown)
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
            message = _("unknown key '{key}'").format(key=name) + did_you_mean(
                name, allowed_keys(root, loc[:-1])
            )
        elif kind == "missing":
            where = dotted(inner[:-1])
            message = (
                _("missing required key '{key}' in {where}").format(key=loc[-1], where=where)
                if where
                else _("missing required key '{key}'").format(key=loc[-1])
            )
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


_KINDS = {
    list: N_("list"),
    str: N_("string"),
    int: N_("number"),
    float: N_("number"),
    dict: N_("mapping"),
}


def kind_of(data: Any) -> str:
    """What a YAML value is, in words for a message ('mapping', 'list', ...)."""
    if isinstance(data, bool):
        return _("boolean")
    kind = _KINDS.get(type(data))
    return _(kind) if kind is not None else type(data).__name__
