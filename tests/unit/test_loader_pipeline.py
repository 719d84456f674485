"""One loader pipeline (advisor/io/pipeline.py) serves the catalog, the questions, the rules,
an answers file and the setup recipes (issue #9): each loader goes through it, and so each
reports every problem of a file at once, one line apiece naming the file, line and item."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from advisor.errors import DataErrors
from advisor.io import pipeline
from tests.conftest import FIXTURES, ROOT

DATA = ROOT / "data"


@pytest.fixture
def checked(monkeypatch) -> list[list[str]]:
    """The file names each pipeline run checked; the cache is off so that every load runs."""
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    runs: list[list[str]] = []
    real = pipeline.check_texts

    def spy(texts, *args, **kwargs):
        runs.append([name for name, _text in texts])
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(pipeline, "check_texts", spy)
    return runs


def _two_problems(load, *paths: Path, runs: list[list[str]]) -> list[str]:
    """Load, expecting DataErrors; return its lines after checking the pipeline ran."""
    with pytest.raises(DataErrors) as info:
        load()
    lines = info.value.lines()
    assert runs and runs[-1] == [str(p) for p in paths]
    for line in lines:
        assert "\n" not in line
        assert any(line.startswith(f"{p}:") for p in paths), line  # file:line first
    return lines


def _dump(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


def test_the_catalog_loader(tmp_path: Path, checked) -> None:
    from advisor.catalog.load import parse_catalog_file

    data = yaml.safe_load((FIXTURES / "catalog-small.yaml").read_text())
    data["registries"][0]["colour"] = "blue"
    data["registries"][2]["summery"] = "typo"
    path = _dump(tmp_path / "catalog.yaml", data)
    lines = _two_problems(lambda: parse_catalog_file(path), path, runs=checked)
    assert len(lines) == 2
    assert "registries[0].colour: unknown key 'colour'" in lines[0]
    assert "unknown key 'summery' (did you mean \"summary\"?)" in lines[1]


def test_the_questions_loader(tmp_path: Path, checked) -> None:
    from advisor.decide.questions import load_questions

    data = yaml.safe_load((DATA / "questions.yaml").read_text())
    data["questions"][0]["prompts"] = "typo"
    data["questions"][1]["type"] = "number"
    path = _dump(tmp_path / "questions.yaml", data)
    lines = _two_problems(lambda: load_questions(path), path, runs=checked)
    first, second = data["questions"][0]["id"], data["questions"][1]["id"]
    assert any(f"question {first}" in ln and "'prompts'" in ln for ln in lines), lines
    assert any(f"question {second}" in ln and "type" in ln for ln in lines), lines


def test_the_rules_loader(tmp_path: Path, checked, questions) -> None:
    """A problem the model finds stops before the cross-check; two cross-check problems
    (names that exist nowhere) come out together."""
    from advisor.decide.rules import load_rules

    data = yaml.safe_load((DATA / "rules.yaml").read_text())
    boosts = [r for r in data["rules"] if "boost" in r["then"]]
    boosts[0]["then"]["boost"]["criterion"] = "costt"
    boosts[1]["then"]["boost"]["criterion"] = "speediness"
    path = _dump(tmp_path / "rules.yaml", data)
    lines = _two_problems(lambda: load_rules(questions, path), path, runs=checked)
    assert len(lines) == 2
    assert f"rule {boosts[0]['id']}: unknown criterion 'costt'" in lines[0]
    assert f"rule {boosts[1]['id']}: unknown criterion 'speediness'" in lines[1]


def test_the_answers_loader(tmp_path: Path, checked, questions) -> None:
    from advisor.decide.answers import load_answers

    path = tmp_path / "answers.yaml"
    path.write_text("reach: far\naudience: anyone\noffline: maybe\n")
    lines = _two_problems(lambda: load_answers(path, questions), path, runs=checked)
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:1: reach: 'far' is not a choice")
    assert lines[1].startswith(f"{path}:3: offline: expected yes or no")


def test_the_recipes_loader(tmp_path: Path, checked) -> None:
    """Several files: a problem in each, both reported, each naming its own file."""
    from advisor.setup.recipes import load_recipes

    folder = tmp_path / "setup"
    shutil.copytree(DATA / "setup", folder)
    for name in ("zot.yaml", "harbor.yaml"):
        data = yaml.safe_load((folder / name).read_text())
        data["steps"][0]["titel"] = "typo"
        _dump(folder / name, data)
    paths = sorted(folder.glob("*.yaml"))
    lines = _two_problems(lambda: load_recipes(folder), *paths, runs=checked)
    assert len(lines) == 2
    assert lines[0].startswith(str(folder / "harbor.yaml")) and "'titel'" in lines[0]
    assert lines[1].startswith(str(folder / "zot.yaml")) and "'titel'" in lines[1]


def test_a_single_problem_is_one_error_not_a_list(tmp_path: Path, checked) -> None:
    """The control for the tests above: with one problem the pipeline raises it alone."""
    from advisor.catalog.load import parse_catalog_file
    from advisor.errors import DataError

    data = yaml.safe_load((FIXTURES / "catalog-small.yaml").read_text())
    data["registries"][0]["colour"] = "blue"
    path = _dump(tmp_path / "catalog.yaml", data)
    with pytest.raises(DataError) as info:
        parse_catalog_file(path)
    assert not isinstance(info.value, DataErrors)
    assert str(info.value).startswith(f"{path}:")
    assert checked == [[str(path)]]
