"""What choosing Indonesian costs.  Run: python benchmarks/bench_i18n.py

`--help` and `image explain ubuntu` with `--lang id` against the same commands in English,
interleaved in one run (ratios, as the machines are noisy), plus the in-process cost of
loading the compiled catalog. Target: a few milliseconds; no Babel, no YAML on these paths.
"""

from __future__ import annotations

import statistics
import time

from _timing import ADVISOR, ROOT, compare


def catalog_load_ms(rounds: int = 200) -> float:
    import sys

    sys.path.insert(0, str(ROOT))
    from advisor import i18n

    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        i18n.set_language("id")
        times.append(time.perf_counter() - start)
        i18n.set_language("en")
    return statistics.median(times) * 1000


if __name__ == "__main__":
    compare("--help, id vs en", [*ADVISOR, "--lang", "id", "--help"], [*ADVISOR, "--help"])
    compare(
        "image explain ubuntu, id vs en",
        [*ADVISOR, "--lang", "id", "image", "explain", "ubuntu"],
        [*ADVISOR, "image", "explain", "ubuntu"],
    )
    print(f"loading the compiled Indonesian catalog (.mo): {catalog_load_ms():.2f} ms median")
