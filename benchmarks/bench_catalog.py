"""`catalog list --json` and `validate` against `python -c "import yaml, pydantic"`.

Run: python benchmarks/bench_catalog.py     (target: 1.3x or less)
"""

from __future__ import annotations

import os
import tempfile

from _timing import ADVISOR, PY, compare

BASELINE = [PY, "-c", "import yaml, pydantic"]

if __name__ == "__main__":
    compare("catalog list --json (warm cache)", [*ADVISOR, "catalog", "list", "--json"], BASELINE)
    compare("validate (warm cache)", [*ADVISOR, "validate"], BASELINE)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ADVISOR_NO_CACHE"] = "1"
        compare(
            "catalog list --json (no cache)",
            [*ADVISOR, "catalog", "list", "--json"],
            BASELINE,
            rounds=7,
        )
        del os.environ["ADVISOR_NO_CACHE"]
    compare("--help vs python -c pass", [*ADVISOR, "--help"], [PY, "-c", "pass"])
