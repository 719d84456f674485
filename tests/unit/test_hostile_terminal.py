"""No control character reaches the terminal (issue #13): whatever the data, the argument or
the error, human output and error lines show control characters as visible escapes."""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
from pathlib import Path

import pytest

from advisor.io.terminal import first_control, visible
from tests.conftest import ROOT, assert_one_error_line, run_cli

# Every byte a terminal acts on, except newline (and tab, which only moves the cursor).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What Rich itself may emit on a colour terminal: SGR colours and OSC 8 links.
RICH_OWN = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x00-\x1f\x7f-\x9f]*\x1b\\")

HOSTILE = [
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]0;owned\x07",  # set the window title
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "line\rover",  # carriage return overwrites the line
    "\x9b2J",  # 8-bit CSI
    "abc\u202edcba",  # right-to-left override
    "bell\x07nul\x00del\x7f",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_visible_escapes_every_control_character(text: str) -> None:
    shown = visible(text)
    assert RAW_CONTROL.search(shown) is None
    assert first_control(text) is not None and first_control(shown) is None


def test_visible_keeps_ordinary_text_and_lines() -> None:
    text = "Harbor — ü 日本\ttab\nnext line"
    assert visible(text) is text
    assert visible(text, one_line=True) == "Harbor — ü 日本\\x09tab\\x0anext line"


@pytest.mark.parametrize("text", [*HOSTILE, "\u2028 \x85 \x7f"])
def test_json_on_a_terminal_stays_the_same_json(text: str) -> None:
    """JSON escapes C0 itself; the C1, DEL and Unicode escapes `visible` adds are JSON's."""
    dumped = json.dumps({"k": text}, ensure_ascii=False)
    assert json.loads(visible(dumped)) == {"k": text}


# --- hostile arguments and keys: error lines ---------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["recommend", "--answer", "x\ny\x1b[2J=1"],
        ["recommend", "--answer", "reach=\x1b]0;t\x07"],
        ["\x1b]0;owned\x07"],
        ["catalog", "list", "--filter", "hosting\x1b[2J=x"],
        ["catalog", "show", "\x1b[2J"],
        ["compare", "zot", "\x1b]8;;x\x1b\\"],
        ["learn", "\x1b[2Jrunning"],
        ["quiz", "--count", "\x1b[2J"],
        ["recommend", "--weight", "cost=\x9b2J"],
        ["recommend", "--answers", "/nonexistent/\x1b[2J.yaml"],
    ],
)
def test_hostile_arguments_give_one_escaped_error_line(args: list[str]) -> None:
    proc = run_cli(*args)
    assert_one_error_line(proc)
    assert RAW_CONTROL.search(proc.stderr.replace("\n", "")) is None, proc.stderr
    assert RAW_CONTROL.search(proc.stdout) is None


def test_a_newline_in_a_key_cannot_forge_an_error_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text('"bad\\nregistry-advisor: error: forged": 1\n"x\\e[2J": 2\n')
    proc = run_cli("recommend", "--answers", str(path))
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert len(lines) == 2 and all(ln.startswith("registry-advisor: error: ") for ln in lines)
    assert sum("forged" in ln for ln in lines) == 1
    assert "\x1b" not in proc.stderr


def test_image_explain_escapes_the_reference() -> None:
    proc = run_cli("image", "explain", "ubuntu\x1b]0;t\x07", "a\rb")
    assert proc.returncode == 1
    assert RAW_CONTROL.search(proc.stdout) is None and "\\x1b]0;t\\x07" in proc.stdout


# --- catalog text that somehow holds control characters -----------------------------------


@pytest.fixture
def evil_catalog(monkeypatch):
    """The shipped catalog with control characters in its text, as if a bug or a forged
    source let them past validation: the sinks must still escape them."""
    from advisor.catalog import load
    from advisor.catalog.data import catalog_from_json

    shipped = load.shipped_catalog_path()
    data = load._validate(shipped.read_text(), str(shipped))
    reg = data["registries"][0]
    reg["name"] = "Evil\x1b]0;owned\x07\x1b[2J"
    reg["summary"] = "See \x1b]8;;https://evil.example/\x1b\\here\x1b]8;;\x1b\\ \u202eoops"
    reg["attributes"]["pricing"]["value"] = "free\r\x1b[31mpaid"
    reg["attributes"]["pricing"]["source"] = "https://evil.example/\x1b]0;x\x07"
    evil = catalog_from_json(data)
    monkeypatch.setattr(load, "parse_catalog_file", lambda path: evil)
    return reg["id"], data["registries"][1]["id"]


def _main(*argv: str, tty: bool = False) -> tuple[int, str, str]:
    from advisor.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    if tty:
        out.isatty = lambda: True  # type: ignore[method-assign]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "argv",
    [
        ["catalog", "show", "{evil}"],
        ["catalog", "list"],
        ["catalog", "audit", "--max-age", "0"],
        ["compare", "{evil}", "{other}"],
        ["learn", "running"],
        ["recommend", "--answers", str(ROOT / "examples" / "onprem-offline.yaml")],
        ["recommend", "--answer", "reach=anywhere", "--format", "markdown"],
        ["recommend", "--answer", "reach=anywhere", "--format", "adr"],
        ["recommend", "--answer", "reach=anywhere", "--format", "html"],
    ],
)
def test_every_human_output_escapes_catalog_text(evil_catalog, argv: list[str]) -> None:
    evil, other = evil_catalog
    argv = [a.format(evil=evil, other=other) for a in argv]
    code, out, err = _main(*argv)
    assert code == 0, err
    assert RAW_CONTROL.search(out) is None, [m for m in RAW_CONTROL.findall(out)]
    assert err == ""


def test_json_output_keeps_the_text_exactly(evil_catalog) -> None:
    evil, other = evil_catalog
    code, out, _ = _main("catalog", "show", evil, "--json")
    assert code == 0 and RAW_CONTROL.search(out) is None
    assert json.loads(out)["name"] == "Evil\x1b]0;owned\x07\x1b[2J"
    code, out, _ = _main("compare", evil, other, "--json")
    assert code == 0 and RAW_CONTROL.search(out) is None
    cell = json.loads(out)["attributes"]["pricing"]["cells"][evil]
    assert cell["value"] == "free\r\x1b[31mpaid"


@pytest.mark.parametrize("argv", [["compare", "{evil}", "{other}"], ["learn", "running"]])
def test_rich_output_keeps_its_styles_but_not_the_datas_controls(
    evil_catalog, monkeypatch, argv: list[str]
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    evil, other = evil_catalog
    code, out, err = _main(*[a.format(evil=evil, other=other) for a in argv], tty=True)
    assert code == 0, err
    assert "\x1b[" in out  # the control: Rich did colour it
    assert RAW_CONTROL.search(RICH_OWN.sub("", out)) is None
    assert "evil.example/\x1b]0;" not in out and "owned\x07" not in out


def test_the_guard_restores_the_streams() -> None:
    before = sys.stdout, sys.stderr
    _main("--version")
    assert (sys.stdout, sys.stderr) == before
