"""Shared helpers: run the real CLI in a subprocess, the rule for real-component tests, and
the isolation every test gets (its own cache directory, a frozen clock)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Shared, noisy machines: a slow example is not a failure, so no per-example deadline.
settings.register_profile("advisor", deadline=None)
settings.load_profile("advisor")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_DIR = ROOT.parent / "shared" / "seed"
REQUIRE_REAL = os.environ.get("ADVISOR_REQUIRE_REAL") == "1"
#: The date every test (and every CLI it runs) sees as today: ages and reports stay stable.
FROZEN_TODAY = "2027-01-15"


@pytest.fixture(autouse=True, scope="session")
def _isolated(tmp_path_factory: pytest.TempPathFactory):
    """Never read or write the user's real cache; freeze the clock for the whole run.

    Set in `os.environ` so that CLI subprocesses inherit both.
    """
    locale_vars = ("LC_ALL", "LC_MESSAGES", "LANG")
    # pytest-xdist's workers run with COLUMNS=80 LINES=24; a developer's shell may export
    # them too. Output widths must not depend on how the tests were started.
    size_vars = ("COLUMNS", "LINES")
    bytecode_vars = ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
    saved = {
        k: os.environ.get(k)
        for k in ("XDG_CACHE_HOME", "ADVISOR_TODAY", *locale_vars, *size_vars, *bytecode_vars)
    }
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["ADVISOR_TODAY"] = FROZEN_TODAY
    # English unless a test asks for Indonesian: a developer's id_ID locale must not
    # change what the English tests see.
    for key in (*locale_vars, *size_vars):
        os.environ.pop(key, None)
    # The CLI subprocesses share compiled bytecode in a temporary folder (never in the
    # tree), instead of each compiling the package again when PYTHONDONTWRITEBYTECODE is set.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(tmp_path_factory.mktemp("pycache"))
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def _english_again():
    """A test that switched the process to Indonesian leaves it in English."""
    yield
    from advisor import i18n

    if i18n.language() != "en":
        i18n.set_language("en")


def eight_word_runs(text: str) -> set[tuple[str, ...]]:
    """Every run of eight words (links dropped): the unit of "copied prose" in our checks."""
    words = re.findall(r"[a-z0-9]+", re.sub(r"https?://\S+", " ", text).lower())
    return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}


def seed_texts() -> str:
    """The seed article's text; skips without it, except in CI where that is a failure."""
    files = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    if not files:
        if REQUIRE_REAL:
            pytest.fail(f"the seed article is required (ADVISOR_REQUIRE_REAL=1) in {SEED_DIR}")
        pytest.skip("the seed article is not beside the checkout")
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def run_cli(
    *args: str,
    input: str | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess:
    """Run `python -m advisor ARGS` as a user would, capturing text output."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "100"}
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=timeout,
    )


def need_tool(name: str) -> str:
    """Path of a real tool; skip without it, except in CI where a skip is a failure."""
    path = shutil.which(name)
    if path is None:
        if REQUIRE_REAL:
            pytest.fail(f"{name} is required (ADVISOR_REQUIRE_REAL=1) but not installed")
        pytest.skip(f"{name} is not installed")
    return path


def assert_one_error_line(proc: subprocess.CompletedProcess, *needles: str) -> str:
    """Exit 2, no traceback, and the stderr lines all in our format, mentioning each needle."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert lines, "expected an error message on stderr"
    assert all(ln.startswith("registry-advisor: error: ") for ln in lines), lines
    for needle in needles:
        assert needle in proc.stderr, (needle, proc.stderr)
    return proc.stderr


@pytest.fixture(scope="module")
def questions():
    """The shipped questions, loaded once per test module."""
    from advisor.decide.questions import load_questions

    return load_questions()


@pytest.fixture(scope="module")
def rules(questions):
    """The shipped rules, checked against the shipped questions."""
    from advisor.decide.rules import load_rules

    return load_rules(questions)
