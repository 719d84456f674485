"""Hostile input files: whatever the file system or the YAML holds, one line per problem,
exit 2, never a traceback, never a hang or a memory blow-up (issue #13, "one safe reader")."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from advisor.errors import DataError, DataErrors
from advisor.io import yamlfile
from advisor.io.yamlfile import line_of, parse_yaml, read_text
from tests.conftest import ROOT, assert_one_error_line, run_cli

EXAMPLE = ROOT / "examples" / "onprem-offline.yaml"


# --- what the file system hands us -----------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_before_reading(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    with pytest.raises(DataError, match="character device"):
        read_text(device)
    proc = run_cli("recommend", "--answers", device, timeout=20)
    assert_one_error_line(proc, device, "character device")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    # No writer ever opens it: a blocking open would hang; the timeout turns that into a fail.
    proc = run_cli("recommend", "--answers", str(fifo), timeout=20)
    assert_one_error_line(proc, "FIFO")


def test_a_socket_and_a_directory_are_refused(tmp_path: Path) -> None:
    sock_path = tmp_path / "s.yaml"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(sock_path))
        with pytest.raises(DataError, match="cannot read|socket"):
            read_text(sock_path)
    finally:
        sock.close()
    with pytest.raises(DataError, match="is a directory"):
        read_text(tmp_path)


def test_the_limit_holds_even_when_the_size_lies(tmp_path: Path, monkeypatch) -> None:
    """st_size is not trusted: the read itself stops at the limit plus one byte."""
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 1000)
    real_fstat = os.fstat

    class Lying:
        def __init__(self, st: os.stat_result) -> None:
            self._st = st

        def __getattr__(self, name: str):
            return 0 if name == "st_size" else getattr(self._st, name)

    monkeypatch.setattr(yamlfile.os, "fstat", lambda fd: Lying(real_fstat(fd)))
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(yamlfile.os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(DataError, match="over the 100-byte limit"):
        read_text(big, max_bytes=100)
    assert sum(reads) <= 101


def test_a_file_over_the_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (yamlfile.MAX_BYTES + 1))
    assert_one_error_line(run_cli("validate", str(big)), "limit")


def test_a_symlinked_input_is_read(tmp_path: Path) -> None:
    link = tmp_path / "answers.yaml"
    link.symlink_to(EXAMPLE)
    assert run_cli("recommend", "--answers", str(link)).returncode == 0


# --- values YAML cannot build ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("reach: anywhere\nwhen: 2026-02-30\n", 2, "not a valid date: '2026-02-30'"),
        ("reach: !!int abc\n", 1, "not a valid whole number: 'abc'"),
        ("reach: !!float abc\n", 1, "not a valid number"),
        ("reach: !!int\n", 1, "not a valid whole number: ''"),  # found by hypothesis
        ("reach: !!bool maybe\n", 1, "not a valid boolean"),
        ("reach: !!timestamp soon\n", 1, "not a valid date"),
        ("reach: " + "9" * 5000 + "\n", 1, "not a valid whole number"),
        ("? [a, b]\n: c\n", 1, "unhashable key"),
        ("x: !!python/object/apply:os.system [id]\n", 1, "could not determine a constructor"),
        ("x: !!set [a]\n", 1, "expected a mapping node"),
        ("reach: team\naudience: anyone\nreach: anywhere\n", 3, "duplicate key 'reach'"),
        ("a:\n  - {x: 1, x: 2}\n", 2, "duplicate key 'x' (first on line 2)"),
        ("1: a\n0x1: b\n", 2, "duplicate key 1"),
    ],
)
def test_values_yaml_cannot_build_are_data_errors_with_a_line(
    tmp_path: Path, text: str, line: int, needle: str
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    with pytest.raises(DataError) as err:
        parse_yaml(text, str(path))
    assert err.value.line == line and needle in err.value.message
    proc = run_cli("recommend", "--answers", str(path))
    assert_one_error_line(proc, f"{path}:{line}:", needle)


def test_merge_keys_may_still_override() -> None:
    data, _ = parse_yaml("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  x: 3\n", "f")
    assert data["use"] == {"x": 3, "y": 2}


def test_a_date_typo_in_a_catalog_is_one_line(tmp_path: Path) -> None:
    text = (ROOT / "data" / "registries.yaml").read_text()
    target = "verified: 2026-11-27"
    at = text.index(target)
    broken = text[:at] + "verified: 2026-11-31" + text[at + len(target) :]  # one character
    path = tmp_path / "cat.yaml"
    path.write_text(broken)
    line = broken[:at].count("\n") + 1
    assert_one_error_line(run_cli("validate", str(path)), f"{path}:{line}:", "not a valid date")
    assert_one_error_line(run_cli("catalog", "list", "--catalog", str(path)), "not a valid date")


def test_binary_garbage_and_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"reach: team\n\xff\xfe\x00garbage")
    assert_one_error_line(run_cli("recommend", "--answers", str(path)), ":2:", "UTF-8")


# --- locating many problems --------------------------------------------------------------


def test_twenty_thousand_bad_keys_are_each_reported_on_their_line(tmp_path: Path) -> None:
    """Locating errors is one pass (an index per mapping), not a rescan per key; the speed is
    in benchmarks/, here only that every one of them is right."""
    n = 20_000
    path = tmp_path / "many.yaml"
    path.write_text("reach: anywhere\n" + "".join(f"bad{i}: x\n" for i in range(n)))
    from advisor.cli.main import MAX_ERROR_LINES
    from advisor.decide.answers import load_answers
    from advisor.decide.questions import load_questions
    from advisor.errors import DataErrors

    with pytest.raises(DataErrors) as caught:
        load_answers(path, load_questions())
    every = caught.value.lines()
    assert len(every) == n
    assert every[-1].startswith(f"{path}:{n + 1}: unknown question 'bad{n - 1}'")
    # The CLI prints the first problems and counts the rest in one last line.
    proc = run_cli("recommend", "--answers", str(path), timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == MAX_ERROR_LINES + 1
    assert lines[0].startswith(f"registry-advisor: error: {path}:2: unknown question 'bad0'")
    assert lines[-1] == (
        f"registry-advisor: error: ... and {n - MAX_ERROR_LINES} more problems like these"
    )


def test_line_of_walks_keys_and_indexes() -> None:
    _, node = parse_yaml("a:\n  b:\n    - x\n    - y: 1\nc: 2\n", "f")
    assert line_of(node, ("a", "b", 1, "y")) == 4
    assert line_of(node, ("c",)) == 5
    assert line_of(node, ("a", "b", "missing")) == 2  # the deepest part that exists
    assert line_of(node, ()) == 1
    assert line_of(None, ("a",)) is None


def test_an_error_file_is_never_a_traceback_under_threads(tmp_path: Path) -> None:
    """The loader class and the line index are shared: parse broken files from threads."""
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            parse_yaml(f"k{i}: 1\nk{i}: 2\n", f"f{i}")
        except DataError:
            pass
        except BaseException as exc:  # pragma: no cover - the failure being tested for
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_many_problems_in_one_file_are_data_errors(tmp_path: Path) -> None:
    from advisor.decide.answers import load_answers
    from advisor.decide.questions import load_questions

    path = tmp_path / "a.yaml"
    path.write_text("nope: 1\nreach: far\n")
    with pytest.raises(DataErrors) as err:
        load_answers(path, load_questions())
    assert [p.line for p in err.value.problems] == [1, 2]


@pytest.mark.parametrize(
    "text",
    [
        "reach: " + "[" * 50_000 + "]" * 50_000 + "\n",  # libyaml alone: a segfault
        "- " * 60_000 + "x\n",  # block nesting on one line
        "reach: " + "{a: " * 30_000 + "x" + "}" * 30_000 + "\n",
    ],
    ids=["flow", "block", "mapping"],
)
def test_deep_nesting_is_one_line_not_a_crash(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    assert_one_error_line(run_cli("recommend", "--answers", str(path)), "nests too deeply")


def test_brackets_inside_quotes_still_parse() -> None:
    """The depth bound is cheap and may overcount (quoted brackets): then the pure-Python
    loader parses it, correctly."""
    text = 'reach: "' + "[" * 10_000 + '"\n'
    assert yamlfile.might_nest_deeper(text)
    data, _ = parse_yaml(text, "f")
    assert data == {"reach": "[" * 10_000}
