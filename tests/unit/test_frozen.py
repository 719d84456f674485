"""advisor.frozen behaves as dataclasses(frozen=True) does for what the records use."""

from __future__ import annotations

import dataclasses

import pytest

from advisor.frozen import FrozenError, field, fields, frozen, replace


@frozen
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = field(default_factory=tuple)
    cache: object = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cache", self.x + self.y)


@dataclasses.dataclass(frozen=True)
class Twin:
    x: int
    y: int = 0
    tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)
    cache: object = dataclasses.field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cache", self.x + self.y)


def test_init_defaults_factory_and_post_init() -> None:
    p = Point(1, y=2)
    assert (p.x, p.y, p.tags, p.cache) == (1, 2, (), 3)
    assert Point(x=5).y == 0
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, 2, (), None, 9)  # type: ignore[call-arg]


def test_equality_hash_and_repr_match_dataclasses() -> None:
    a, b = Point(1, 2, ("t",)), Point(1, 2, ("t",))
    object.__setattr__(b, "cache", "other")  # not compared
    assert a == b and hash(a) == hash(b)
    assert a != Point(1, 3, ("t",))
    assert a != Twin(1, 2, ("t",))  # another class is never equal
    assert repr(a).replace("Point", "Twin") == repr(Twin(1, 2, ("t",)))
    assert hash(Point(1, 2, ("t",))) == hash(Twin(1, 2, ("t",)))


def test_fields_cannot_be_assigned_or_deleted() -> None:
    p = Point(1)
    with pytest.raises(FrozenError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.x  # type: ignore[misc]


def test_replace() -> None:
    p = Point(1, 2)
    q = replace(p, y=5)
    assert (q.x, q.y, q.cache) == (1, 5, 6)  # __post_init__ ran again
    assert fields(q) == ("x", "y", "tags", "cache")
    with pytest.raises(TypeError):
        replace(p, z=1)


def test_mutable_default_factories_are_not_shared() -> None:
    @frozen
    class Bag:
        items: dict = field(default_factory=dict)

    assert Bag().items is not Bag().items


def test_order_of_defaults_is_checked() -> None:
    with pytest.raises(TypeError):

        @frozen
        class Bad:
            a: int = 1
            b: int
