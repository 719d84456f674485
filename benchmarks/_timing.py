"""Timing helpers for the benchmarks: whole commands, alternated with a baseline in one run.

These machines are shared and noisy, so every number is a ratio against a baseline timed
in the same run, interleaved, taking the median of several rounds.
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


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def time_command(argv: Sequence[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env=_env(),
        cwd=ROOT,
    )
    return time.perf_counter() - start


def compare(name: str, command: Sequence[str], baseline: Sequence[str], rounds: int = 15) -> float:
    """Median time of command over median time of baseline, alternating the two."""
    # One warm-up each: fills the OS file cache and the advisor's validated-data cache.
    time_command(command)
    time_command(baseline)
    ours: list[float] = []
    base: list[float] = []
    for _ in range(rounds):
        base.append(time_command(baseline))
        ours.append(time_command(command))
    ratio = statistics.median(ours) / statistics.median(base)
    print(
        f"{name}: {ratio:.2f}x  (median {statistics.median(ours) * 1000:.0f} ms vs "
        f"baseline {statistics.median(base) * 1000:.0f} ms, {rounds} rounds)"
    )
    return ratio


PY = sys.executable
ADVISOR = [PY, "-m", "advisor"]
