"""Immutable record classes for the start-up paths: the part of `dataclasses` they use.

`@frozen` on a class with annotated fields gives what `@dataclass(frozen=True)` gives:
`__init__` (positional or keyword, defaults, `field(default_factory=...)`, then
`__post_init__` if defined), `__eq__` and `__hash__` over the compared fields, `__repr__`,
and assignment refused with FrozenError. `replace(obj, **changes)` is `dataclasses.replace`.

Why not `dataclasses`: importing it loads `inspect`, `ast` and `dis` (about 5 ms), and each
class costs about 0.35 ms to build because every method is compiled separately and the
signature is inspected for a docstring. `recommend` builds 25 such classes before it does
anything else. Here a class is one compile of one generated source (about 0.05 ms), so the
record types cost next to nothing at start-up. Limits (checked): no inheritance between
records, no keyword-only fields, no ordering; a `ClassVar` annotation is not supported.
Sources: the semantics copied are those of the Python 3.11 `dataclasses` documentation,
https://docs.python.org/3.11/library/dataclasses.html (read 2026-11-30).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")
_MISSING: Any = object()


class FrozenError(AttributeError):
    """Assigning to or deleting a field of a frozen record."""


class Field:
    """A field's options, as `field(...)` gives them (see `dataclasses.field`)."""

    __slots__ = ("default", "default_factory", "compare", "repr")

    def __init__(
        self,
        default: Any = _MISSING,
        default_factory: Any = _MISSING,
        compare: bool = True,
        repr: bool = True,  # noqa: A002 - the name dataclasses uses
    ) -> None:
        if default is not _MISSING and default_factory is not _MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | Any = _MISSING,
    compare: bool = True,
    repr: bool = True,  # noqa: A002
) -> Any:
    """A field with a default, a default factory, or left out of `==`/hash or repr."""
    return Field(default, default_factory, compare, repr)


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenError(f"cannot assign to field '{name}'")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenError(f"cannot delete field '{name}'")


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def frozen(cls: type[T]) -> type[T]:
    """Make `cls` a frozen record (see the module docstring); returns the same class."""
    own = cls.__dict__.get("__annotations__", {})
    for base in cls.__mro__[1:]:
        if "__record_fields__" in base.__dict__:
            raise TypeError(f"{cls.__name__}: records do not inherit fields")
    names = list(own)
    specs: dict[str, Field] = {}
    for name in names:
        if "ClassVar" in str(own[name]):
            raise TypeError(f"{cls.__name__}.{name}: ClassVar is not supported")
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, Field) else Field(default=value)
        specs[name] = spec
        if isinstance(value, Field):  # a plain default stays as the class attribute
            if spec.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
    env: dict[str, Any] = {"_MISSING": _MISSING, "_set": object.__setattr__}
    params, body = [], []
    seen_default = False
    for name in names:
        spec = specs[name]
        if spec.default is not _MISSING:
            env[f"_d_{name}"] = spec.default
            params.append(f"{name}=_d_{name}")
            seen_default = True
        elif spec.default_factory is not _MISSING:
            env[f"_f_{name}"] = spec.default_factory
            params.append(f"{name}=_MISSING")
            body.append(f"  if {name} is _MISSING: {name} = _f_{name}()")
            seen_default = True
        elif seen_default:
            raise TypeError(f"{cls.__name__}: non-default field '{name}' follows a default")
        else:
            params.append(name)
        body.append(f"  _set(self, {name!r}, {name})")
    if "__post_init__" in cls.__dict__:
        body.append("  self.__post_init__()")
    compared = [n for n in names if specs[n].compare]
    shown = [n for n in names if specs[n].repr]
    as_tuple = "(" + "".join(f"self.{n}," for n in compared) + ")"
    other_tuple = "(" + "".join(f"other.{n}," for n in compared) + ")"
    shown_text = ", ".join(f"{n}={{self.{n}!r}}" for n in shown)
    source = "\n".join(
        [
            f"def __init__(self, {', '.join(params)}):" if params else "def __init__(self):",
            *(body or ["  pass"]),
            "def __eq__(self, other):",
            "  if other.__class__ is not self.__class__: return NotImplemented",
            f"  return {as_tuple} == {other_tuple}",
            "def __hash__(self):",
            f"  return hash({as_tuple})",
            "def __repr__(self):",
            f'  return f"{{self.__class__.__qualname__}}({shown_text})"',
        ]
    )
    exec(source, env)  # noqa: S102 - our own generated methods, no data in them
    for method in ("__init__", "__eq__", "__hash__", "__repr__"):
        function = env[method]
        function.__qualname__ = f"{cls.__qualname__}.{method}"
        setattr(cls, method, function)
    cls.__setattr__ = _frozen_setattr  # type: ignore[assignment, method-assign]
    cls.__delattr__ = _frozen_delattr  # type: ignore[assignment, method-assign]
    cls.__record_fields__ = tuple(names)  # type: ignore[attr-defined]
    cls.__match_args__ = tuple(names)  # type: ignore[attr-defined]
    return cls


def fields(obj: Any) -> tuple[str, ...]:
    """The field names of a record (class or instance), in declaration order."""
    return obj.__record_fields__


def replace(obj: T, **changes: Any) -> T:
    """A copy of record `obj` with some fields changed (`dataclasses.replace`); TypeError
    for a name that is not a field."""
    names = fields(obj)
    unknown = set(changes) - set(names)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    values = {name: getattr(obj, name) for name in names}
    values.update(changes)
    return type(obj)(**values)
