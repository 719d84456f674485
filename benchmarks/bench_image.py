"""`image explain ubuntu` against a bare interpreter.  Run: python benchmarks/bench_image.py

Target: 2.5x or less of `python -c pass` (issue #14).
"""

from __future__ import annotations

from _timing import ADVISOR, PY, compare

if __name__ == "__main__":
    compare("image explain ubuntu", [*ADVISOR, "image", "explain", "ubuntu"], [PY, "-c", "pass"])
