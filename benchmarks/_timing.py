"""Timing helpers for the benchmarks: whole commands, alternated with a baseline in one run.

These machines are shared and noisy, so every number is a ratio against a baseline timed
in the same run, interleaved, taking the median of several rounds.

Every comparison is timed twice, interleaved: as the interpreter starts here, and from a
clean start (`python -S`, the site-packages folders on PYTHONPATH instead). The second is
the honest one: `site` runs every `.pth` file at start-up, and a machine's hooks can import
a lot before either command runs (one sandbox's hook imports certifi, which loads pathlib,
re, enum, tempfile and zipfile: about 20 ms that both sides then get for free, which
flatters the ratio of a command that needs those modules). `-S` starts both the same way
a clean install would, without anything preloaded.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_bytecode() -> None:
    """Write the package's bytecode before timing anything.

    With PYTHONDONTWRITEBYTECODE set (as on some shared machines) a source checkout never
    gets its .pyc files, so every run would compile every module and the benchmark would
    time the compiler. py_compile writes them regardless of that setting.
    """
    import compileall

    compileall.compile_dir(ROOT / "advisor", quiet=1)


compile_bytecode()


def _site_paths() -> list[str]:
    import site

    paths = [*site.getsitepackages(), site.getusersitepackages()]
    return [p for p in paths if os.path.isdir(p)]


def env(clean: bool = False) -> dict[str, str]:
    """The environment of a timed command: the checkout first on the path; with `clean`,
    the site-packages folders too (the command runs with -S, see `clean_argv`)."""
    path = [str(ROOT), *(_site_paths() if clean else [])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path)}


def clean_argv(argv: Sequence[str]) -> list[str]:
    """`argv` started without `site` (no .pth hooks): `python -S ...`."""
    if argv[0] != PY:
        raise ValueError("a clean start needs a command that runs this Python")
    return [PY, "-S", *argv[1:]]


def time_command(argv: Sequence[str], clean: bool = False) -> float:
    start = time.perf_counter()
    subprocess.run(
        clean_argv(argv) if clean else argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env=env(clean),
        cwd=ROOT,
    )
    return time.perf_counter() - start


def compare(name: str, command: Sequence[str], baseline: Sequence[str], rounds: int = 15) -> float:
    """Median time of command over median time of baseline, alternating the two, both as
    the interpreter starts here and from a clean start (-S); returns the larger ratio."""
    runs: dict[tuple[str, bool], list[float]] = {}
    for clean in (False, True):
        # One warm-up each: fills the OS file cache and the advisor's validated-data cache.
        time_command(command, clean)
        time_command(baseline, clean)
    for _ in range(rounds):
        for clean in (False, True):
            runs.setdefault(("base", clean), []).append(time_command(baseline, clean))
            runs.setdefault(("ours", clean), []).append(time_command(command, clean))
    ratios = []
    parts = []
    for clean, label in ((False, "as started here"), (True, "clean start, -S")):
        ours = statistics.median(runs["ours", clean])
        base = statistics.median(runs["base", clean])
        ratios.append(ours / base)
        parts.append(f"{label}: {ours / base:.2f}x ({ours * 1000:.0f} ms vs {base * 1000:.0f} ms)")
    print(f"{name}: {max(ratios):.2f}x  ({'; '.join(parts)}; medians of {rounds} rounds)")
    return max(ratios)


PY = sys.executable
# The command as users run it: what pip's `registry-advisor` console script does. Not
# `python -m advisor`, whose runpy and importlib.util (about 3 ms) the command never pays.
CONSOLE_SCRIPT = "import re, sys\nfrom advisor.cli.main import main\nsys.exit(main())"
ADVISOR = [PY, "-c", CONSOLE_SCRIPT]
