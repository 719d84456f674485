"""Indented JSON text, the same bytes as `json.dumps(data, indent=2, ensure_ascii=False)`.

With `indent` set, the standard library encodes in pure Python through nested generators
(its C encoder handles only compact output); for the recommendation's 300 kB of JSON that
was a tenth of a `recommend --format json` run. `pretty` writes the same text with one
recursive function, escaping strings with the standard library's own C escaper, and hands
anything it does not handle exactly as `json` would (a non-string key, NaN or infinity, an
unknown type) to `json.dumps` itself, so the output and the errors stay `json`'s.
"""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import Any

_INFINITY = float("inf")


class _Unusual(Exception):
    """Something `json` itself should decide about (converting, refusing, NaN)."""


def pretty(data: Any) -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False)`, faster for plain JSON data.

    Plain data: dict with str keys, list, tuple, str, int, float, bool, None. Anything else
    goes to `json.dumps`, which converts or raises TypeError/ValueError as it always does.
    """
    parts: list[str] = []
    try:
        _write(data, "\n", parts.append)
    except (_Unusual, RecursionError):
        import json

        return json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(parts)


def _write(value: Any, indent: str, out: Any) -> None:
    # The order of checks is json.encoder's: str, None, True, False, int, float, containers.
    if isinstance(value, str):
        out(encode_basestring(value))
    elif value is None:
        out("null")
    elif value is True:
        out("true")
    elif value is False:
        out("false")
    elif isinstance(value, int):
        out(int.__repr__(value))
    elif isinstance(value, float):
        if value != value or value in (_INFINITY, -_INFINITY):
            raise _Unusual
        out(float.__repr__(value))
    elif isinstance(value, dict):
        if not value:
            out("{}")
            return
        inner = indent + "  "
        lead = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unusual  # json turns numbers and None into strings, or refuses
            out(lead)
            out(encode_basestring(key))
            out(": ")
            _write(item, inner, out)
            lead = "," + inner
        out(indent)
        out("}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out("[]")
            return
        inner = indent + "  "
        lead = "[" + inner
        for item in value:
            out(lead)
            _write(item, inner, out)
            lead = "," + inner
        out(indent)
        out("]")
    else:
        raise _Unusual
