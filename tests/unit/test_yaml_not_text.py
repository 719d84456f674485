"""A YAML file holding a NUL byte or another control character: one line naming the file,
line and column and what is wrong, for every kind of data file (they share parse_yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.errors import DataError
from advisor.io.yamlfile import parse_yaml
from tests.conftest import ROOT, assert_one_error_line, run_cli


@pytest.mark.parametrize(
    ("char", "words"),
    [
        ("\x00", "contains a NUL byte; YAML files are text"),
        ("\x1b", "contains an escape character (ESC); YAML files are text"),
        ("\x07", "contains a control character (U+0007); YAML files are text"),
        ("\x9b", "contains a control character (U+009B); YAML files are text"),
        ("\x7f", "contains a DEL character; YAML files are text"),
    ],
)
def test_the_message_names_line_column_and_the_character(char: str, words: str) -> None:
    text = f"reach: anywhere\naudience: re{char}stricted\n"
    with pytest.raises(DataError) as info:
        parse_yaml(text, "answers.yaml")
    assert str(info.value) == f"answers.yaml:2:13: {words}"


def test_allowed_characters_still_parse() -> None:
    data, _node = parse_yaml("a: 'tab\t nbsp\xa0 é 🙂'\r\nb: 1\x85c: 2\n", "ok.yaml")
    assert data == {"a": "tab\t nbsp\xa0 é 🙂", "b": 1, "c": 2}  # NEL is a line break


def _with_nul(source: Path, target: Path) -> Path:
    """A copy of a real data file with a NUL byte on its third line."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = "\x00" + lines[2]
    target.write_text("".join(lines), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("kind", "source"),
    [
        ("answers", ROOT / "examples" / "onprem-offline.yaml"),
        ("catalog", ROOT / "data" / "registries.yaml"),
        ("rules", ROOT / "data" / "rules.yaml"),
    ],
)
def test_every_file_kind_on_the_command_line(tmp_path: Path, kind: str, source: Path) -> None:
    bad = str(_with_nul(source, tmp_path / f"{kind}.yaml"))
    args = {
        "answers": ["recommend", "--answers", bad],
        "catalog": ["validate", bad],
        "rules": [
            "recommend",
            "--answers",
            str(ROOT / "examples" / "onprem-offline.yaml"),
            "--rules",
            bad,
        ],
    }[kind]
    proc = run_cli(*args)
    err = assert_one_error_line(proc, f"{bad}:3:1: contains a NUL byte; YAML files are text")
    assert len(err.strip().splitlines()) == 1


def test_questions_and_setup_recipes_too(tmp_path: Path) -> None:
    from advisor.decide.questions import load_questions
    from advisor.setup.recipes import load_recipes

    bad = _with_nul(ROOT / "data" / "questions.yaml", tmp_path / "questions.yaml")
    with pytest.raises(DataError, match=r"questions\.yaml:3:1: contains a NUL byte"):
        load_questions(bad)
    recipes = tmp_path / "setup"
    recipes.mkdir()
    for source in (ROOT / "data" / "setup").glob("*.yaml"):
        (recipes / source.name).write_bytes(source.read_bytes())
    _with_nul(ROOT / "data" / "setup" / "common.yaml", recipes / "common.yaml")
    with pytest.raises(DataError, match=r"common\.yaml:3:1: contains a NUL byte"):
        load_recipes(recipes)
