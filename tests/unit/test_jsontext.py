"""advisor.io.jsontext.pretty writes exactly what json.dumps(indent=2, ensure_ascii=False) does."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.io.jsontext import pretty

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities included: json writes them, so must we
    | st.text()  # control characters, quotes, non-ASCII, lone surrogates
)
KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats()
DATA = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(KEYS, inner, max_size=4)
    ),
    max_leaves=30,
)


def expected(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


@settings(max_examples=400, deadline=None)
@given(DATA)
def test_same_text_as_json(data: object) -> None:
    assert pretty(data) == expected(data)


def test_same_text_for_the_shipped_examples() -> None:
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        out = run_cli("recommend", "--answers", str(example), "--format", "json").stdout
        data = json.loads(out)
        assert pretty(data) + "\n" == out == expected(data) + "\n"


@pytest.mark.parametrize("bad", [{1j: 1}, [object()], {"a": {1, 2}}])
def test_what_json_refuses_it_refuses_alike(bad: object) -> None:
    with pytest.raises(TypeError):
        json.dumps(bad, indent=2)
    with pytest.raises(TypeError):
        pretty(bad)


def test_subclasses_read_as_json_reads_them() -> None:
    import enum

    class Level(enum.IntEnum):
        HIGH = 3

    class Text(str):
        pass

    data = {"level": Level.HIGH, Text("key"): Text("value"), "t": (1.5, -0.0, 10**30)}
    assert pretty(data) == expected(data)
