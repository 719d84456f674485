"""Shared helpers: run the real CLI (in this process, or in a subprocess), the rule for
real-component tests, and the isolation every test gets (its own cache directory, a frozen
clock)."""

from __future__ import annotations

import contextlib
import io
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


def _cli_env(env: dict[str, str] | None) -> dict[str, str]:
    """The environment a CLI run gets: ours, English, no colour, 100 columns, then `env`."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "100"}
    if env:
        full_env.update(env)
    return full_env


def run_cli(
    *args: str,
    input: str | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    process: bool = False,
) -> subprocess.CompletedProcess:
    """Run `registry-advisor ARGS` as a user would, capturing text output.

    In this process by default (a subprocess costs ~0.25 s of CPU, issue #9), with the
    environment, working directory, stdin, stdout and stderr a subprocess would get, and the
    global state the CLI sets restored afterwards. `process=True`, or any `timeout` (a call
    that might hang must be killable), runs `python -m advisor` in a subprocess instead: use
    it for tests about the process boundary (start-up imports, signals, real registries).
    """
    if process or timeout is not None:
        return run_cli_process(*args, input=input, cwd=cwd, env=env, timeout=timeout or 60)
    return _run_cli_here(list(args), input=input, cwd=cwd, env=env)


def run_cli_process(
    *args: str,
    input: str | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess:
    """Run `python -m advisor ARGS` in a subprocess, capturing text output."""
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=_cli_env(env),
        timeout=timeout,
    )


# Environment variables whose value the CLI's in-memory memos depend on: they hold what was
# read through the validated-data cache (recipes, translations) or where the Jinja bytecode
# cache lives, so a test about that cache must see a first run as a new process would.
_CACHE_VARS = ("XDG_CACHE_HOME", "HOME", "ADVISOR_NO_CACHE")


def _forget_cli_caches() -> None:
    """Drop what a CLI run memoised in this process, as if the next run were a new process."""
    from advisor import i18n

    i18n._data_cache.clear()
    for name, attr in (
        ("advisor.setup.recipes", "_LOADED"),  # validated recipes, by folder
        ("advisor.setup.plan", "_PROFILES"),  # built from them
    ):
        module = sys.modules.get(name)
        if module is not None:
            getattr(module, attr).clear()
    templating = sys.modules.get("advisor.present.templating")
    if templating is not None:
        templating.markdown_env.cache_clear()
        templating.html_env.cache_clear()


def _run_cli_here(
    argv: list[str],
    *,
    input: str | None,
    cwd: Path | None,
    env: dict[str, str] | None,
) -> subprocess.CompletedProcess:
    """`advisor.cli.main.main(argv)` in this process, as `python -m advisor` would run it."""
    import argparse
    import traceback

    from advisor import i18n
    from advisor.cli.main import main

    full_env = _cli_env(env)
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_dunder = (sys.__stdin__, sys.__stdout__, sys.__stderr__)
    saved_lang = i18n.language()
    saved_argparse = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    touches_cache = bool(env) and any(key in env for key in _CACHE_VARS)

    # The pipes a subprocess gets: UTF-8 (Python coerces the C locale), not terminals,
    # stderr with backslashreplace; stdin at end of file when no input is given.
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    stdin = io.TextIOWrapper(io.BytesIO((input or "").encode()), encoding="utf-8")
    stdout = io.TextIOWrapper(out_bytes, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(
        err_bytes, encoding="utf-8", errors="backslashreplace", write_through=True
    )
    code: object = 0
    try:
        for key in set(os.environ) - set(full_env):
            del os.environ[key]
        os.environ.update(full_env)
        os.chdir(cwd or ROOT)
        if touches_cache:
            _forget_cli_caches()
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
        sys.__stdin__, sys.__stdout__, sys.__stderr__ = stdin, stdout, stderr
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
        except BaseException:
            traceback.print_exc(file=stderr)
            code = 1
        if code is None:
            code = 0
        elif not isinstance(code, int):
            print(code, file=stderr)
            code = 1
        for stream in (stdout, stderr):
            with contextlib.suppress(ValueError):  # closed by the command: the buffer has it
                stream.flush()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        sys.__stdin__, sys.__stdout__, sys.__stderr__ = saved_dunder
        os.chdir(saved_cwd)
        for key in set(os.environ) - set(saved_env):
            del os.environ[key]
        os.environ.update(saved_env)
        argparse._, argparse.ngettext = saved_argparse  # type: ignore[attr-defined]
        if i18n.language() != saved_lang:
            i18n.set_language(saved_lang)
        if touches_cache:
            _forget_cli_caches()
    return subprocess.CompletedProcess(
        ["registry-advisor", *argv], code, _as_text(out_bytes), _as_text(err_bytes)
    )


def _as_text(buffer: io.BytesIO) -> str:
    """Captured bytes as `subprocess.run(text=True)` returns them: universal newlines."""
    text = buffer.getvalue().decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
