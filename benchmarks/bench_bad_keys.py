"""Reporting every bad key of an answers file is linear: 20,000 bad keys against 2,000.

Run: python benchmarks/bench_bad_keys.py
Target: about 10x (linear); the rescan per key it replaced was about 100x (quadratic).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _timing import ADVISOR, compare


def answers_file(directory: Path, n: int) -> str:
    path = directory / f"bad-{n}.yaml"
    path.write_text("reach: anywhere\n" + "".join(f"bad{i}: x\n" for i in range(n)))
    return str(path)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small = answers_file(Path(tmp), 2_000)
        large = answers_file(Path(tmp), 20_000)
        ratio = compare(
            "20,000 vs 2,000 bad keys",
            [*ADVISOR, "recommend", "--answers", large],
            [*ADVISOR, "recommend", "--answers", small],
            rounds=5,
        )
    print("linear" if ratio < 20 else "NOT linear")


if __name__ == "__main__":
    main()
