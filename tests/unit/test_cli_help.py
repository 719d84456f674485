"""The command line as people meet it: help that fits, tables that follow the terminal's
width and never split a word, every --json documented, one JSON document per command."""

from __future__ import annotations

import argparse
import json
import re

import pytest
from conftest import assert_one_error_line, run_cli

from advisor.cli.main import COMMANDS, build_parser, invoked_command


def _all_parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _all_parsers(sub, (*path, name))


ALL = [path for path, _ in _all_parsers(build_parser(None))]


def test_the_command_table_matches_each_commands_own_help() -> None:
    full = build_parser(None)
    sub = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help for choice in sub._choices_actions}
    assert helps == COMMANDS


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["image", "explain", "ubuntu"], "image"),
        (["--answers", "recommend", "tui"], "tui"),
        (["--catalog=x.yaml", "compare", "a", "b"], "compare"),
        (["--help"], None),
        (["nonsense"], None),
        ([], None),
    ],
)
def test_invoked_command_skips_global_option_values(argv, command) -> None:
    assert invoked_command(argv) == command


@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(p) or "(top)")
def test_help_fits_80_columns(path) -> None:
    proc = run_cli(*path, "--help", env={"COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr
    long = [line for line in proc.stdout.splitlines() if len(line) > 80]
    assert long == []


def test_top_level_help_lists_every_command_without_importing_them() -> None:
    proc = run_cli("--help")
    for name, text in COMMANDS.items():
        assert re.search(rf"^\s+{name}\s+{re.escape(text[:30])}", proc.stdout, re.M), name


def test_an_example_too_long_for_the_terminal_is_continued_not_cut() -> None:
    proc = run_cli("recommend", "--help", env={"COLUMNS": "70"})
    examples = proc.stdout.split("Examples:")[1]
    assert "--weight cost=2" in examples
    assert all(len(line) <= 70 for line in examples.splitlines())
    assert " \\\n" in examples


@pytest.mark.parametrize("path", [p for p in ALL if p], ids=" ".join)
def test_every_json_option_documents_its_shape(path) -> None:
    parser = dict(_all_parsers(build_parser(None)))[path]
    for action in parser._actions:
        if "--json" in action.option_strings:
            documented = (action.help or "") + (parser.epilog or "")
            assert "{" in documented or "docs/" in documented, path


def test_image_explain_json_is_one_document() -> None:
    proc = run_cli("image", "explain", "--json", "ubuntu", "localhost:5000/app:1")
    data = json.loads(proc.stdout)
    assert data["schema_version"] == 1
    assert [r["canonical"] for r in data["references"]] == [
        "docker.io/library/ubuntu:latest",
        "localhost:5000/app:1",
    ]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_catalog_list_follows_columns_and_never_splits_a_word(width) -> None:
    proc = run_cli("catalog", "list", env={"COLUMNS": str(width)})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    words = set(proc.stdout.split())
    listing = json.loads(run_cli("catalog", "list", "--json").stdout)["registries"]
    for reg in listing:
        assert reg["id"] in words
        for word in reg["name"].split():
            assert word in words, word
        for setup in reg["setups"]:
            assert setup in {w.rstrip(",") for w in words}


def test_catalog_list_at_120_keeps_each_registry_on_one_line() -> None:
    proc = run_cli("catalog", "list", env={"COLUMNS": "120"})
    assert "gitlab             GitLab Container Registry" in proc.stdout
    assert re.search(r"saas, self-hosted\s+public, private, insecure", proc.stdout)


@pytest.mark.parametrize(
    ("width", "ids"),
    [(80, ["harbor", "zot", "distribution", "jfrog", "gitlab"]), (60, ["harbor", "jfrog"])],
)
def test_compare_never_splits_a_word(width, ids) -> None:
    proc = run_cli("compare", *ids, env={"COLUMNS": str(width)})
    assert proc.returncode == 0, proc.stderr
    assert max(len(line) for line in proc.stdout.splitlines()) <= width
    text = re.sub(r"[│┃┏┓┗┛━─┡┩╇┳┻┼├┤└┘┌┐╋]", " ", proc.stdout)
    words = set(text.replace("(", " ").replace(")", " ").replace(",", " ").split())
    for word in ("self-hosted", "Artifactory", "insecure", "Container", *ids):
        assert word in words, word


def test_compare_keeps_the_side_by_side_table_when_it_fits() -> None:
    proc = run_cli("compare", "harbor", "zot", env={"COLUMNS": "120"})
    assert "┃ attribute" in proc.stdout


@pytest.mark.parametrize(
    ("topic", "expected"),
    [("nam", "# Repositories, tags"), ("image names", "# Repositories, tags")],
)
def test_learn_finds_unique_prefixes_of_slugs_and_titles(topic, expected) -> None:
    proc = run_cli("learn", topic)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(expected)


def test_learn_zero_is_not_a_lesson_rather_than_ambiguous() -> None:
    proc = run_cli("learn", "0")
    assert proc.returncode == 2
    assert "no lesson '0': lessons are numbered 1 to 6" in proc.stderr
    assert "ambiguous" not in proc.stderr


def test_catalog_list_into_a_pipe_keeps_one_row_per_registry() -> None:
    proc = run_cli("catalog", "list", env={"COLUMNS": ""})  # not a terminal, no COLUMNS
    rows = proc.stdout.split("-\n", 1)[1].split("\n\n")[0].splitlines()
    assert len(rows) == len(json.loads(run_cli("catalog", "list", "--json").stdout)["registries"])


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (("recomend",), '(did you mean "recommend"?)'),
        (("recommend", "--format", "mardown"), '(did you mean "markdown"?)'),
        (("--lang", "id", "lern"), '(maksudmu "learn"?)'),
    ],
)
def test_a_mistyped_choice_names_the_closest(args, meant) -> None:
    """argparse's 'invalid choice' names the closest choice, as our own errors do; a word
    near nothing gets no guess."""
    proc = run_cli(*args)
    assert_one_error_line(proc, meant)
    assert "did you mean" not in run_cli("xyz").stderr
