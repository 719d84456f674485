"""The real program in a real terminal (tmux, 80x24), driven by keystrokes as a person would."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import ROOT, need_tool

pytestmark = pytest.mark.real


class Terminal:
    def __init__(self, tmux: str, command: str, tmp: Path) -> None:
        self.tmux = tmux
        self.name = f"advisor-{uuid.uuid4().hex[:8]}"
        self.status = tmp / "exit-status"
        env = f"PYTHONPATH={shlex.quote(str(ROOT))} XDG_CACHE_HOME={shlex.quote(str(tmp))}"
        script = f"cd {shlex.quote(str(ROOT))} && {env} {command}; echo $? > {self.status}"
        subprocess.run(
            [tmux, "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24", script],
            check=True,
            env={**os.environ, "TERM": "xterm-256color"},
        )

    def screen(self) -> str:
        out = subprocess.run(
            [self.tmux, "capture-pane", "-t", self.name, "-p"],
            capture_output=True,
            text=True,
        )
        return out.stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run([self.tmux, "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.3)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            assert "Traceback" not in screen, screen
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")

    def wait_exit(self, timeout: float = 15) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.status.exists() and self.status.read_text().strip():
                return int(self.status.read_text())
            time.sleep(0.2)
        raise AssertionError("the program did not exit")

    def close(self) -> None:
        subprocess.run([self.tmux, "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal(tmp_path: Path):
    tmux = need_tool("tmux")
    opened: list[Terminal] = []

    def open_terminal(*args: str) -> Terminal:
        command = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "advisor", *args))
        term = Terminal(tmux, command, tmp_path)
        opened.append(term)
        return term

    yield open_terminal
    for term in opened:
        term.close()


def test_results_compare_export_and_quit_in_a_real_terminal(terminal, tmp_path: Path) -> None:
    term = terminal("--answers", "examples/onprem-offline.yaml")
    screen = term.wait_for("Setup: INSECURE")
    lines = screen.splitlines()
    assert len(lines) <= 24 and all(len(line) <= 80 for line in lines)
    assert "zot" in screen and "q Quit" in screen  # the footer fits
    term.keys("w")
    term.wait_for("Plain HTTP")
    term.keys("c")
    term.wait_for("attribute")
    term.keys("C-e")
    term.wait_for("Write to:")
    target = tmp_path / "report.md"
    term.keys("Down", "Down", "Enter", "Tab")
    term.keys(str(target))
    term.keys("Enter")
    deadline = time.monotonic() + 15
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert target.read_text().startswith("# Container registry recommendation")
    term.keys("q")
    assert term.wait_exit() == 0


def test_questionnaire_to_results_in_a_real_terminal(terminal) -> None:
    term = terminal()
    term.wait_for("Start the questionnaire")
    term.keys("2")
    term.wait_for("Question 1 of")
    for _ in range(30):
        screen = term.screen()
        assert "Traceback" not in screen
        if "Setup:" in screen:
            break
        # Enter keeps the answer and goes on, on every kind of question.
        term.keys("Enter")
        time.sleep(0.5)
    screen = term.wait_for("Setup:")
    assert "Ranking" in screen
    term.keys("C-q")
    # The answers were never saved: the app asks before they are lost.
    term.wait_for("Quit without saving")
    term.keys("q")
    assert term.wait_exit() == 0


def test_every_screen_in_indonesian_in_a_real_terminal(tmp_path: Path) -> None:
    """LANG=id_ID.UTF-8, as a student's machine sets it: every mode, its footer, a dialog
    and a toast in Indonesian, then quit."""
    tmux = need_tool("tmux")
    command = f"LANG=id_ID.UTF-8 {shlex.quote(sys.executable)} -m advisor tui"
    term = Terminal(tmux, command, tmp_path)
    try:
        screen = term.wait_for("Mulai menjawab pertanyaan")
        assert "F1 Bantuan" in screen and "q Keluar" in screen
        term.keys("3")  # no results yet: a toast says what to do, and the questions open
        screen = term.wait_for("Jawab dulu pertanyaannya")
        assert "Pertanyaan 1 dari" in screen and "n Lanjut" in screen
        term.keys("Enter")
        term.wait_for("Pertanyaan 2 dari")
        for key, words in (
            ("5", "registry · Enter membuka"),
            ("6", "l Pelajaran"),
            ("7", "Ketik alamat registry"),
        ):
            time.sleep(0.6)  # Esc then a key too soon reads as Alt+key
            term.keys("Escape")
            time.sleep(0.6)
            term.keys(key)
            term.wait_for(words)
        time.sleep(0.6)
        term.keys("Escape")
        time.sleep(0.6)
        term.keys("4")
        term.wait_for("Pilih dua sampai empat registry")
        term.keys("F1")
        screen = term.wait_for("Bantuan  (Esc untuk menutup)")
        assert "Perbandingan" in screen
        term.keys("Escape")
        time.sleep(0.6)
        term.keys("q")
        term.wait_for("Keluar tanpa menyimpan 1 jawaban?")
        term.keys("q")
        assert term.wait_exit() == 0
    finally:
        term.close()
