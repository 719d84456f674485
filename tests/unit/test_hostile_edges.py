"""Edges of the outside world (issue #13): standard output on a full device or a closed pipe
is one line or silence, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, assert_one_error_line, run_cli

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


# --- setup: the password, the host, the answers ---------------------------------------------

SETUP = ("setup", "--setup", "private", "--registry", "distribution", "--host", "registry.lan",
         "--generate-secrets", "--user", "ci", "--password-stdin")  # fmt: skip


def _setup(tmp_path: Path, *args: str, stdin: bytes | None = None, **kw):
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args, "--output", str(tmp_path / "out")],
        input=stdin,
        capture_output=True,
        env=_env(),
        timeout=120,
        **kw,
    )


def _hash(tmp_path: Path) -> bytes:
    line = (tmp_path / "out" / "auth" / "htpasswd").read_bytes().strip()
    return b"$2b$" + line.split(b":", 1)[1][4:]


@pytest.mark.parametrize(
    ("stdin", "password"),
    [
        (b"caf\xe9-latin1\n", b"caf\xe9-latin1"),  # not UTF-8: taken as bytes, like docker
        (b"pw\r\n", b"pw"),
        (b"pw\r", b"pw"),  # docker trims "\r" alone too
        (b"two\nlines\n", b"two\nlines"),  # docker reads all of stdin
        (b" spaced \n", b" spaced "),
    ],
)
def test_the_password_is_what_docker_login_would_send(tmp_path: Path, stdin, password) -> None:
    import bcrypt

    proc = _setup(tmp_path, *SETUP, stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    assert bcrypt.checkpw(password, _hash(tmp_path))
    assert password not in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("stdin", "needle"),
    [(None, "no password"), (b"\n", "no password"), (b"x" * 75, "72 bytes")],
)
def test_a_password_bcrypt_cannot_use_is_one_line(tmp_path: Path, stdin, needle) -> None:
    proc = _setup(tmp_path, *SETUP, stdin=stdin if stdin is not None else b"")
    proc_text = subprocess.CompletedProcess(proc.args, proc.returncode, "", proc.stderr.decode())
    assert_one_error_line(proc_text, needle)
    assert not (tmp_path / "out").exists()


def test_an_endless_stdin_is_not_read_to_the_end(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run(
            [sys.executable, "-m", "advisor", *SETUP, "--output", str(tmp_path / "out")],
            stdin=zero,
            capture_output=True,
            text=True,
            env=_env(),
            timeout=60,
        )
    assert_one_error_line(proc, "72 bytes")


@pytest.mark.parametrize(
    ("host", "needle"),
    [
        ("registry.lan:\u0665\u0660\u0660\u0660", "1 to 65535"),  # Arabic-Indic digits
        ("registry.lan:\uff15\uff10\uff10\uff10", "1 to 65535"),  # full-width digits
        ("[fe80::1%eth0]:5000", "zone id"),
        ("[fe80::1%25eth0]", "zone id"),
    ],
)
def test_hosts_clients_cannot_use_are_one_line(tmp_path: Path, host: str, needle: str) -> None:
    proc = run_cli("setup", "--setup", "insecure", "--registry", "distribution", "--host", host,
                   "--output", str(tmp_path / "out"))  # fmt: skip
    assert_one_error_line(proc, needle)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("content", "args", "needle"),
    [
        ("reach: far\n", [], "'far' is not a choice"),
        ("answers:\n  reach: far\n", [], ":2: reach: 'far'"),
        ("reach: anywhere\nreach: local-network\n", [], "duplicate key"),
        ("nope: 1\n", [], "unknown question 'nope'"),
        ("reach: anywhere\n", ["--answer", "ci=jenkns"], 'did you mean "jenkins"'),
    ],
)
def test_chosen_setup_and_registry_still_check_the_answers(
    tmp_path: Path, content: str, args: list[str], needle: str
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(content)
    proc = run_cli("setup", "--setup", "private", "--registry", "ghcr", "--answers", str(answers),
                   *args, "--output", str(tmp_path / "out"))  # fmt: skip
    assert_one_error_line(proc, needle)
    assert not (tmp_path / "out").exists()
