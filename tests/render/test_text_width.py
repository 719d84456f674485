"""Text printed on the terminal fits $COLUMNS: prose wraps at spaces, only URLs run over."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, run_cli

from advisor.io.terminal import fit

URL = re.compile(r"https?://")
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def too_wide(text: str, width: int) -> list[str]:
    return [line for line in text.splitlines() if len(line) > width and not URL.search(line)]


@pytest.mark.parametrize("columns", [60, 80, 100])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_recommend_text_fits_the_width(example, columns: int) -> None:
    proc = run_cli("recommend", "--answers", str(example), env={"COLUMNS": str(columns)})
    assert proc.returncode == 0, proc.stderr
    assert too_wide(proc.stdout, columns) == []
    # Titles with a registry prefix keep their words whole: the first line holds the prefix.
    assert "[" in proc.stdout


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_image_explain_and_catalog_show_fit_the_width(columns: int) -> None:
    env = {"COLUMNS": str(columns)}
    image = run_cli("image", "explain", "ubuntu", "ghcr.io/owner/app:1.0", env=env)
    assert too_wide(image.stdout, columns) == []
    for registry in ("harbor", "quay", "jfrog"):
        show = run_cli("catalog", "show", registry, env=env)
        assert show.returncode == 0, show.stderr
        assert too_wide(show.stdout, columns) == []


def test_fit_wraps_under_the_text_and_never_splits_a_word() -> None:
    long_url = "https://example.com/" + "x" * 80
    lines = [
        "  !  [Quay (quay.io, Red Hat Quay), hosted by the vendor] Proxy cache fails once the "
        "upstream is down past the staleness period",
        "  3. JFrog Artifactory / JFrog Container Registry, hosted by the vendor  score 6.8",
        f"       {long_url}",
        "short",
    ]
    out = fit(lines, 60)
    assert all(len(line) <= 60 for line in out if long_url not in line)
    assert " ".join(" ".join(out).split()) == " ".join(" ".join(lines).split())  # same words
    # Continuations start under the text, after the indentation and the list marker.
    assert out[:3] == [
        "  !  [Quay (quay.io, Red Hat Quay), hosted by the vendor]",
        "     Proxy cache fails once the upstream is down past the",
        "     staleness period",
    ]
    assert out[4] == "     the vendor  score 6.8"  # spacing inside a line is kept
    assert f"       {long_url}" in out  # a URL stays whole, with its indentation
    assert out[-1] == "short"
