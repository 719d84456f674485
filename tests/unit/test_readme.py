"""The README's two commands: one line each, in a virtual environment (pip refuses system
installs on Debian), and CI runs the test command as written."""

from __future__ import annotations

import re

from conftest import ROOT


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```console\n(.+?)\n```", section)


def test_both_commands_install_into_a_virtual_environment() -> None:
    install, tests = _commands()
    for command in (install, tests):
        assert "\n" not in command
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install ")
        assert "python3 -m pip install" not in command
    assert install.endswith(".venv/bin/registry-advisor")


def test_ci_runs_the_readme_test_command() -> None:
    _install, tests = _commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ran = [line for line in ci.splitlines() if "pip install" in line]
    assert [line.replace(" -q --disable-pip-version-check", "") for line in ran] == [tests]
