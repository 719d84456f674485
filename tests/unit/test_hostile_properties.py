"""Property tests over hostile input (issue #13): answers files, catalog overlays and
command-line arguments. Whatever hypothesis makes, the CLI exits 0 or 2 (1 only where a
command documents it), never with a traceback, with every stderr line in our format and no
raw control character in any output.

Runs in-process for speed. ADVISOR_HYPOTHESIS_EXAMPLES raises the number of examples for a
deep run (CI uses the default).
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT

EXAMPLES = int(os.environ.get("ADVISOR_HYPOTHESIS_EXAMPLES", "120"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
PREFIX = "registry-advisor: error: "
WORK = Path(tempfile.mkdtemp(prefix="advisor-hostile-"))

QUESTION_IDS = [
    q["id"] for q in yaml.safe_load((ROOT / "data" / "questions.yaml").read_text())["questions"]
]
CONTROL_CHARS = "\x00\x07\x08\t\n\r\x1b\x7f\x85\x9b\u2028\u202e"
YAML_CHARS = "&*!|>-:?[]{},#%@`'\"\\ \n<=~."

hostile_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(CONTROL_CHARS + YAML_CHARS),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.dates(),
    hostile_text,
    st.sampled_from(["yes", "no", "anywhere", "team", "local-network", "gitlab-ci", "unknown"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(hostile_text, st.sampled_from(QUESTION_IDS)), inner, max_size=4),
    ),
    max_leaves=12,
)


def run(*argv: str) -> tuple[int, str, str]:
    """main() in-process; any exception escaping it (a traceback) fails the test."""
    from advisor.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def check(code: int, out: str, err: str, allowed: tuple[int, ...] = (0, 2)) -> None:
    assert code in allowed, (code, err)
    assert "Traceback" not in err
    lines = err.splitlines()
    if code == 2:
        assert lines, "exit 2 without a message"
    for line in lines:
        assert line.startswith((PREFIX, "registry-advisor: note: ", "usage: ")), line
    assert RAW_CONTROL.search(out) is None, out[:200]
    assert RAW_CONTROL.search(err) is None, err[:200]


def _write(name: str, data: bytes) -> Path:
    path = WORK / name
    path.write_bytes(data)
    return path


# --- answers files ------------------------------------------------------------------------


@SETTINGS
@given(st.dictionaries(st.one_of(st.sampled_from(QUESTION_IDS), hostile_text), values))
def test_any_answers_mapping(answers: dict) -> None:
    text = yaml.safe_dump(answers, allow_unicode=True)
    check(*run("recommend", "--answers", str(_write("a.yaml", text.encode()))))


# Pieces of YAML that have broken loaders: tags whose values can fail to build, impossible
# dates, anchors and merges, directives, flow and block indicators.
YAML_TOKENS = [
    "reach", "ci", "audience", ": ", ":", " ", "  ", "\n", "- ", "? ", "[", "]", "{", "}",
    ", ", "'", '"', "#", "|", ">", "&a ", "*a", "<<: ", "!!int ", "!!float ", "!!bool ",
    "!!timestamp ", "!!binary ", "!!set ", "!!omap ", "!!pairs ", "!!str ", "!!map ",
    "!!python/object:os.system ", "!custom ", "2026-02-30", "2026-13-01", "2026-11-30",
    "0x", "0o9", "1e999", ".nan", "9" * 40, "abc", "yes", "~", "%YAML 1.1\n", "---\n",
    "...\n", "\x1b[2J", "\t", "\r", "\x00", "\ufeff",
]  # fmt: skip


@SETTINGS
@given(
    st.one_of(
        st.lists(st.sampled_from(YAML_TOKENS), max_size=30).map("".join),
        st.text(alphabet=st.sampled_from(YAML_CHARS + CONTROL_CHARS + "ab01\t "), max_size=200),
    )
)
def test_any_yaml_like_text(text: str) -> None:
    check(*run("recommend", "--answers", str(_write("t.yaml", text.encode()))))


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes(data: bytes) -> None:
    check(*run("recommend", "--answers", str(_write("b.yaml", data))))


# --- catalog overlays ---------------------------------------------------------------------


def _base_registry() -> dict[str, Any]:
    from advisor.catalog import load

    shipped = load.shipped_catalog_path()
    data = load._validate(shipped.read_text(), str(shipped))
    return data["registries"][-1]


BASE = _base_registry()


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


PATHS = _paths(BASE)[1:]
TEXT_KEYS = {"name", "vendor", "summary", "note", "detail", "title", "event", "claim"}
# Text that passes validation but means something to HTML, Markdown or a shell.
markup_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("<>&\"'`*_[]()!|#$;\\") + ["``", "<script>", "](javascript:"]),
        st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp", "Cf"]),
    ),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")


@st.composite
def overlays(draw) -> dict:
    reg = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        parent = reg
        try:
            for part in path[:-1]:
                parent = parent[part]
            action = draw(st.sampled_from(["text", "text", "replace", "delete", "add"]))
            if action == "text" and path[-1] in TEXT_KEYS and isinstance(parent, dict):
                parent[path[-1]] = draw(markup_text)  # still valid: it must render safely
            elif action == "replace":
                parent[path[-1]] = draw(values)
            elif action == "delete" and isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif isinstance(parent, dict):
                parent[draw(hostile_text)] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    return {"schema_version": 1, "registries": [reg]}


FORMATS = ["text", "json", "markdown", "html", "adr"]


@SETTINGS
@given(overlays(), st.sampled_from(FORMATS))
def test_any_catalog_overlay(overlay: dict, fmt: str) -> None:
    path = _write("overlay.yaml", yaml.safe_dump(overlay, allow_unicode=True).encode())
    rid = overlay["registries"][0].get("id")
    shown = rid if isinstance(rid, str) else BASE["id"]
    check(*run("catalog", "show", str(shown), "--catalog", str(path)))
    check(*run("recommend", "--answer", "reach=anywhere", "--format", fmt,
               "--catalog", str(path)))  # fmt: skip


# --- command-line arguments ---------------------------------------------------------------

COMMANDS = [
    ["recommend"],
    ["catalog", "list"],
    ["catalog", "show"],
    ["catalog", "audit"],
    ["compare"],
    ["validate"],
    ["learn"],
    ["image", "explain"],
]
OPTIONS = [
    "--answers", "--answer", "--weight", "--format", "--catalog", "--rules", "--json",
    "--filter", "--max-age", "--list", "--full-trace", "--force", "--help", "--version",
    "reach=anywhere", "cost=2", "hosting=saas", "harbor", "zot", "ghcr", "1", "naming",
    "html", "markdown", "-", "--", str(ROOT / "examples" / "onprem-offline.yaml"),
    "/dev/zero", ".", "",
]  # fmt: skip
tokens = st.one_of(st.sampled_from(OPTIONS), hostile_text).filter(
    # Never an --output: a random path is not something a test should write.
    lambda t: not t.lstrip("-").startswith("o") or not t.startswith("-")
)


@SETTINGS
@given(st.sampled_from(COMMANDS), st.lists(tokens, max_size=6))
def test_any_arguments(command: list[str], args: list[str]) -> None:
    before = set(os.listdir(WORK))
    cwd = os.getcwd()
    os.chdir(WORK)
    try:
        code, out, err = run(*command, *args)
    finally:
        os.chdir(cwd)
    allowed = (0, 1, 2) if command[0] == "image" else (0, 2)
    check(code, out, err, allowed)
    assert set(os.listdir(WORK)) == before  # nothing written


@pytest.fixture(autouse=True, scope="module")
def _cleanup():
    yield
    import shutil

    shutil.rmtree(WORK, ignore_errors=True)
