"""The JSON report's guide (code=False) cites the same steps as the full guide."""

from __future__ import annotations

import pytest
from conftest import ROOT

from advisor.decide.session import recommend_in_context
from advisor.present.guide import setup_guide

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_summary_guide_has_the_full_guides_steps_titles_and_sources(example) -> None:
    rec, context = recommend_in_context(str(example))
    data = rec.to_json()
    full = setup_guide(data, context.catalog)
    summary = setup_guide(data, context.catalog, code=False)
    assert full is not None and summary is not None
    assert (summary.kind, summary.title, summary.intro, summary.sources, summary.command) == (
        full.kind,
        full.title,
        full.intro,
        full.sources,
        full.command,
    )
    assert [s.text for s in summary.steps] == [s.text for s in full.steps]
    # Each step keeps its recipe code; only the emitted config files are left empty.
    for short, whole in zip(summary.steps, full.steps, strict=True):
        assert (short.code is None) == (whole.code is None)
        assert short.code is None or short.code.strip() in whole.code
    if full.kind != "hosted":  # a self-hosted guide shows config files: the summary does not
        assert sum(len(s.code or "") for s in summary.steps) < sum(
            len(s.code or "") for s in full.steps
        )
