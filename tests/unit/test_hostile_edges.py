"""Edges of the outside world (issue #13): standard output on a full device or a closed pipe
is one line or silence, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, assert_one_error_line

COMMANDS = [
    ["catalog", "list"],
    ["catalog", "show", "harbor", "--json"],
    ["--help"],
    ["recommend", "--answers", str(ROOT / "examples" / "onprem-offline.yaml"), "--format", "html"],
    ["learn", "1"],
    ["compare", "harbor", "zot"],
]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_stdout_on_a_full_device_is_one_line(argv: list[str]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "advisor", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
            timeout=60,
        )
    assert_one_error_line(proc, "cannot write to standard output", "No space left")


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_closed_pipe_is_silent(argv: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte (like `| head -0`)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "advisor", *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == 1
    assert proc.stderr == ""
