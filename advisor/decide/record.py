"""A base for the engine's typed results: equality, repr, and reading their JSON back.

Plain `__slots__` classes, not dataclasses or pydantic: they cost nothing at import and
little to build, and a recommendation builds thousands of them on a large catalog. A
record's annotations are its JSON shape: `to_json()` (written out by hand in each class, for
speed) emits exactly those keys in that order, leaving out the `OPTIONAL` ones when they
are None; `from_json()` reads them back using the annotations; and
`advisor.recommendation.schema` turns the annotations and `DOC` lines into a JSON Schema.
"""

from __future__ import annotations

from typing import Any, Literal


class Record:
    """Shared behaviour: equality and repr by fields, and reading the JSON back."""

    __slots__ = ()
    #: Keys left out of the JSON when their value is None.
    OPTIONAL: frozenset[str] = frozenset()
    #: One line per key for the JSON Schema's descriptions.
    DOC: dict[str, str] = {}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(
            getattr(self, n) == getattr(other, n) for n in self.__slots__
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__name__}({inner})"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Any:
        """The object a `to_json()` dict describes (nested records are rebuilt too).

        Raises KeyError for a missing required key; values are not otherwise checked
        (validate against the JSON Schema first when the JSON comes from outside).
        """
        return _read(cls, data)


def _hints(cls: type) -> dict[str, Any]:
    cached = _HINTS.get(cls)
    if cached is None:
        import typing

        cached = _HINTS[cls] = typing.get_type_hints(cls)
    return cached


_HINTS: dict[type, dict[str, Any]] = {}


def _read(cls: type[Record], data: dict[str, Any]) -> Any:
    hints = _hints(cls)
    kwargs = {}
    for name in cls.__slots__:
        if name not in data and (name in cls.OPTIONAL or name == "schema_version"):
            continue
        kwargs[name] = _convert(hints[name], data[name])
    return cls(**kwargs)


def _convert(hint: Any, value: Any) -> Any:
    """A JSON value read as `hint` says: records rebuilt, lists and dicts of them too."""
    import typing

    if value is None:
        return None
    if isinstance(hint, type) and issubclass(hint, Record):
        return hint.from_json(value)
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is list and args and isinstance(value, list):
        return [_convert(args[0], v) for v in value]
    if origin is dict and len(args) == 2 and isinstance(value, dict):
        return {k: _convert(args[1], v) for k, v in value.items()}
    if args and origin is not Literal:  # a union: read as its one member that fits
        members = [a for a in args if a is not type(None)]
        for arg in members:
            if isinstance(arg, type) and issubclass(arg, Record) and isinstance(value, dict):
                return arg.from_json(value)
            if typing.get_origin(arg) in (list, dict) and isinstance(value, (list, dict)):
                return _convert(arg, value)
    return value
