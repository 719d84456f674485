"""`recommend --format json` against `python -c "import yaml, pydantic"`, and the engine on
synthetic catalogs of 1,000 and 10,000 registries.

Run: python benchmarks/bench_recommend.py
Targets: (1) 1.2x or less (issue #14); (2) 10,000 registries take about 10x the time of
1,000 (linear).
"""

from __future__ import annotations

import statistics
import sys
import time

from _timing import ADVISOR, PY, ROOT, compare

sys.path.insert(0, str(ROOT))

BASELINE = [PY, "-c", "import yaml, pydantic"]
EXAMPLE = str(ROOT / "examples" / "onprem-offline.yaml")
ANSWERS = {
    "reach": "anywhere",
    "audience": "restricted",
    "own_infrastructure": True,
    "cloud": "aws",
    "ci": "github-actions",
    "artifacts": ["images", "helm"],
    "must_have": ["scanning"],
    "pull_volume": "heavy",
}


def synthetic(catalog, n: int):
    """n registries: the catalog's entries repeated under new ids."""
    from advisor.catalog.data import Catalog
    from advisor.frozen import replace

    base = list(catalog.registries)
    regs = tuple(
        replace(base[i % len(base)], id=f"{base[i % len(base)].id}-{i:05d}") for i in range(n)
    )
    return Catalog(schema_version=1, registries=regs)


def time_engine(catalog, questions, rules, answers, *, sensitivity: bool, rounds: int) -> float:
    from advisor.decide.engine import recommend

    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        recommend(catalog, questions, rules, answers, sensitivity=sensitivity).to_json()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def engine_scaling() -> None:
    from advisor.catalog.load import load_catalog, parse_catalog_file, shipped_catalog_path
    from advisor.decide.answers import validate_answers
    from advisor.decide.questions import load_questions
    from advisor.decide.rules import load_rules

    questions = load_questions()
    rules = load_rules(questions)
    if shipped_catalog_path().exists():
        source = load_catalog()
    else:
        source = parse_catalog_file(ROOT / "tests" / "fixtures" / "catalog-small.yaml")
    answers = validate_answers(ANSWERS, questions)
    for sensitivity, label in ((False, "engine"), (True, "engine + what-if")):
        t1 = time_engine(
            synthetic(source, 1_000), questions, rules, answers, sensitivity=sensitivity, rounds=5
        )
        t10 = time_engine(
            synthetic(source, 10_000), questions, rules, answers, sensitivity=sensitivity, rounds=3
        )
        print(
            f"{label}: 1,000 registries {t1 * 1000:.0f} ms, 10,000 registries "
            f"{t10 * 1000:.0f} ms, ratio {t10 / t1:.1f} (linear = 10)"
        )


if __name__ == "__main__":
    compare(
        "recommend --format json (warm cache)",
        [*ADVISOR, "recommend", "--answers", EXAMPLE, "--format", "json"],
        BASELINE,
    )
    compare("recommend text (warm cache)", [*ADVISOR, "recommend", "--answers", EXAMPLE], BASELINE)
    engine_scaling()
