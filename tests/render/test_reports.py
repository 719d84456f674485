"""Reports: golden files for every format, what each must contain, and HTML safety.

The goldens are built from a fixed catalog (tests/fixtures/report-catalog.yaml) with the
shipped questions and rules, a frozen date and a pinned tool version. After a deliberate
change, regenerate them with

    UPDATE_GOLDEN=1 python3 -m pytest tests/render/test_reports.py

and review the diff.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, ROOT

import advisor
from advisor.catalog.data import catalog_from_json
from advisor.catalog.load import parse_catalog_file
from advisor.decide.answers import load_answers
from advisor.decide.engine import recommend
from advisor.decide.session import load_context
from advisor.errors import UsageError
from advisor.present import REPORT_FORMATS, render_report

TODAY = dt.date(2026, 11, 27)
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
CASES = {
    "onprem-offline": ROOT / "examples" / "onprem-offline.yaml",
    "startup-github": ROOT / "examples" / "startup-github.yaml",
}
EXTENSIONS = {"markdown": "md", "html": "html", "adr": "adr.md", "json": "json"}
VERSION = "0.0.0-golden"


@pytest.fixture(scope="module")
def context() -> Any:
    return load_context()


@pytest.fixture(scope="module")
def catalog() -> Any:
    return parse_catalog_file(FIXTURES / "report-catalog.yaml")


@pytest.fixture(autouse=True)
def pinned_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """The goldens must not change with each release."""
    monkeypatch.setattr(advisor, "__version__", VERSION)


def make_rec(case: str, context: Any, catalog: Any) -> dict[str, Any]:
    answers = load_answers(CASES[case], context.questions)
    return recommend(catalog, context.questions, context.rules, answers).to_json()


def render(
    fmt: str, rec: dict[str, Any], context: Any, catalog: Any, today: dt.date = TODAY
) -> str:
    return render_report(fmt, rec, catalog=catalog, questions=context.questions, today=today)


# ---------------------------------------------------------------- goldens


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str, fmt: str, context: Any, catalog: Any) -> None:
    text = render(fmt, make_rec(case, context, catalog), context, catalog)
    path = GOLDEN / f"report-{case}.{EXTENSIONS[fmt]}"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden {path.name}; run with UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"golden/{path.name}",
                tofile="rendered",
                n=2,
            )
        )
        pytest.fail(
            f"{path.name} differs from the golden (UPDATE_GOLDEN=1 rewrites it):\n" + diff[:20000],
            pytrace=False,
        )


# ---------------------------------------------------------------- the entry point


def test_formats_and_unknown_format(context: Any, catalog: Any) -> None:
    assert REPORT_FORMATS == ("markdown", "html", "adr", "json")
    rec = make_rec("onprem-offline", context, catalog)
    with pytest.raises(UsageError) as err:
        render("pdf", rec, context, catalog)
    assert "pdf" in err.value.message
    for fmt in REPORT_FORMATS:
        assert fmt in err.value.message
    with pytest.raises(UsageError, match='did you mean "html"'):
        render("htm", rec, context, catalog)


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_deterministic_and_dated_by_today_only(fmt: str, context: Any, catalog: Any) -> None:
    rec = make_rec("startup-github", context, catalog)
    first = render(fmt, rec, context, catalog)
    assert render(fmt, rec, context, catalog) == first
    later = render(fmt, rec, context, catalog, today=dt.date(2031, 2, 3))
    assert "2031-02-03" in later and "2031-02-03" not in first
    assert VERSION in first


def test_rendering_does_not_change_the_recommendation(context: Any, catalog: Any) -> None:
    rec = make_rec("onprem-offline", context, catalog)
    before = json.dumps(rec, sort_keys=True)
    for fmt in REPORT_FORMATS:
        render(fmt, rec, context, catalog)
    assert json.dumps(rec, sort_keys=True) == before


# ---------------------------------------------------------------- content


def cited_sources(rec: dict[str, Any]) -> set[str]:
    """Every catalog fact source named in a ranked registry's reasons."""
    return {
        f["source"]
        for reg in rec["registries"]
        for reason in reg["reasons"]
        for f in reason["facts"]
        if f["fact"].startswith("registry.") and f.get("source")
    }


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_reports_show_everything(case: str, fmt: str, context: Any, catalog: Any) -> None:
    rec = make_rec(case, context, catalog)
    text = render(fmt, rec, context, catalog)
    if fmt == "html":
        plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    else:
        plain = re.sub(r"\\([\\<>\[\]`|])", r"\1", text)
    assert "2026-11-27" in text and VERSION in text
    for q in context.questions:
        if q.id in rec["effective_answers"]:
            assert q.prompt in plain, q.id
            assert q.label_of(rec["effective_answers"][q.id]) in plain, q.id
    assert "default assumed" in text  # both cases leave must_have unanswered
    for reason in rec["setup_reasons"]:
        assert reason["because"] in plain
    for reg in rec["registries"]:
        assert reg["name"] in plain
        for reason in reg["reasons"]:
            assert reason["because"] in plain, reason["rule"]
    for reg in rec["excluded"]:
        assert reg["name"] in plain
    for w in rec["warnings"]:
        assert w["title"] in plain, w["id"]
        for url in w["sources"]:
            assert url in text
    for src in cited_sources(rec):
        assert src in text
    for s in rec["sensitivity"]:
        for change in s["changes"]:
            assert change["label"] in plain
    assert "registry-advisor setup --answers FILE" in text
    assert "Sources" in text


def test_markdown_sections_in_order(context: Any, catalog: Any) -> None:
    text = render("markdown", make_rec("onprem-offline", context, catalog), context, catalog)
    heads = [line for line in text.splitlines() if line.startswith("## ")]
    assert heads == [
        "## Your answers",
        "## Setup type: Insecure",
        "## Ranking",
        "## Excluded",
        "## Warnings",
        "## Assumptions",
        "## What if",
        "## Gotchas of the top choices",
        "## Setup guide",
        "## Sources",
    ]


def test_insecure_guide(context: Any, catalog: Any) -> None:
    text = render("markdown", make_rec("onprem-offline", context, catalog), context, catalog)
    guide = text.split("## Setup guide", 1)[1].split("## Sources", 1)[0]
    for needle in (
        "insecure-registries",
        "every machine",
        "restart Docker",
        "hosts.toml",
        "config_path",
        "registries.conf",
        "registries.yaml",
        "every node",
        "unencrypted",
        "internal CA",
        "/etc/docker/certs.d/<host:port>/ca.crt",
        "registry-advisor setup --answers FILE --host registry.lan:5000 --output DIR",
    ):
        assert needle in guide, needle
    assert re.search(r"^1\. ", guide, re.M) and re.search(r"^10\. ", guide, re.M)


def test_hosted_guide_is_the_top_registrys_login(context: Any, catalog: Any) -> None:
    rec = make_rec("startup-github", context, catalog)
    assert rec["registries"][0]["id"] == "ghcr"
    text = render("markdown", rec, context, catalog)
    guide = text.split("## Setup guide", 1)[1].split("## Sources", 1)[0]
    for needle in (
        "GITHUB_TOKEN",
        "packages: write",
        "--password-stdin",
        "private",
        "registry-advisor setup --answers FILE --output DIR",
    ):
        assert needle in guide, needle


@pytest.mark.parametrize(
    ("example", "kind", "needles"),
    [
        (
            "onprem-tls.yaml",
            "self-hosted",
            ("internal CA", "ca.crt", "--password-stdin", "--host registry.lan:5000"),
        ),
        ("private-aws.yaml", "hosted", ("get-login-password", "12 hours", "ecr-login")),
        ("public-oss.yaml", None, ("docker login",)),
    ],
)
def test_guides_with_the_shipped_catalog(
    example: str, kind: str | None, needles: tuple[str, ...], context: Any
) -> None:
    answers = load_answers(ROOT / "examples" / example, context.questions)
    rec = recommend(context.catalog, context.questions, context.rules, answers).to_json()
    data = json.loads(render("json", rec, context, context.catalog))
    guide = data["report"]["setup_guide"]
    if kind is not None:
        assert guide["kind"] == kind
    text = render("markdown", rec, context, context.catalog)
    section = text.split("## Setup guide", 1)[1]
    for needle in needles:
        assert needle in section, needle


def test_json_report_block(context: Any, catalog: Any) -> None:
    rec = make_rec("onprem-offline", context, catalog)
    data = json.loads(render("json", rec, context, catalog))
    block = data.pop("report")
    assert data == rec  # the recommendation itself, unchanged
    assert block["schema_version"] == 1
    assert block["generated"] == "2026-11-27"
    assert block["tool_version"] == VERSION
    assert block["catalog_date"] == rec["catalog"]["newest_verified"]
    cited = {(c["registry"], c["attribute"]) for c in block["citations"]}
    for reg in rec["registries"] + rec["excluded"]:
        for reason in reg["reasons"]:
            for f in reason["facts"]:
                if f["fact"].startswith("registry."):
                    assert (reg["id"], f["fact"].removeprefix("registry.")) in cited
    for c in block["citations"]:
        assert set(c) == {"registry", "attribute", "value", "source", "verified"}
        fact = catalog.get(c["registry"]).attr(c["attribute"])
        assert c["source"] == fact.source
        assert c["verified"] == fact.verified.isoformat()
    gotchas = [w for w in rec["warnings"] if w["kind"] == "gotcha"]
    assert [g["title"] for g in block["gotchas"]] == [g["title"] for g in gotchas]
    assert block["setup_guide"]["kind"] == "insecure"
    # the documented keys, no more
    doc = (ROOT / "docs" / "report-json.md").read_text(encoding="utf-8")
    for key in block:
        assert f"| `{key}` |" in doc, key


def test_citation_from_another_catalog_claims_no_date(context: Any, catalog: Any) -> None:
    rec = make_rec("onprem-offline", context, catalog)
    data = json.loads(render("json", rec, context, context.catalog.__class__(1, ())))
    assert data["report"]["citations"]
    assert all(c["verified"] is None for c in data["report"]["citations"])


def test_adr_is_madr(context: Any, catalog: Any) -> None:
    rec = make_rec("onprem-offline", context, catalog)
    text = render("adr", rec, context, catalog)
    assert text.startswith("---\n")
    front = yaml.safe_load(text.split("---\n", 2)[1])
    assert front["status"] == "proposed"
    assert str(front["date"]) == "2026-11-27"
    assert "decision-makers" in front and "deciders" not in front
    heads = [line for line in text.splitlines() if line.startswith("#")]
    assert heads[0] == "# Choose insecure container registry: zot"
    order = [
        "## Context and Problem Statement",
        "## Decision Drivers",
        "## Considered Options",
        "## Decision Outcome",
        "### Consequences",
        "## Pros and Cons of the Options",
        "## More Information",
    ]
    positions = [heads.index(h) for h in order]
    assert positions == sorted(positions)
    assert 'Chosen option: "zot", because ' in text
    considered = text.split("## Considered Options", 1)[1].split("##", 1)[0]
    assert considered.count("\n* ") == min(5, len(rec["registries"]))
    assert "* Good, because " in text and "* Bad, because " in text
    assert "registry-advisor recommend --answers FILE --format adr" in text
    assert VERSION in text and "verified up to 2026-11-27" in text
    # the answers in More Information are a valid answers file for the same answers
    block = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert yaml.safe_load(block) == rec["answers"]


def test_nothing_ranked(context: Any, catalog: Any) -> None:
    rec = make_rec("onprem-offline", context, catalog)
    rec = {**rec, "registries": [], "warnings": [], "sensitivity": []}
    for fmt in REPORT_FORMATS:
        text = render(fmt, rec, context, catalog)
        assert text.endswith("\n")
    assert "# Choose insecure container registry: none fits" in render("adr", rec, context, catalog)
    assert "No guide" in render("markdown", rec, context, catalog)


# ---------------------------------------------------------------- HTML structure and safety

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source"}


class TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += attrs
        self.hrefs += [v or "" for k, v in attrs if k in ("href", "src", "action")]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def check_html(text: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(text)
    checker.close()
    assert not checker.problems, checker.problems[:5]
    assert checker.stack == [], checker.stack
    return checker


@pytest.mark.parametrize("case", sorted(CASES))
def test_html_is_self_contained(case: str, context: Any, catalog: Any) -> None:
    text = render("html", make_rec(case, context, catalog), context, catalog)
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<meta charset="utf-8">' in text and "<title>" in text
    assert "<style>" in text and "@media print" in text
    checker = check_html(text)
    assert "script" not in checker.tags
    assert {"link", "img", "iframe", "object", "embed"}.isdisjoint(checker.tags)
    assert "@import" not in text and "url(" not in text
    assert all(h.startswith(("https://", "http://", "#")) for h in checker.hrefs)
    assert not [k for k, _ in checker.attrs if k.startswith("on")]
    rec = make_rec(case, context, catalog)
    for level in {w["level"] for w in rec["warnings"]}:
        assert f'class="badge {level}"' in text


EVIL = "<script>alert(1)</script>"
EVIL_URLS = (
    "javascript:alert(1)",
    " JaVaScRiPt:alert(2)",
    "data:text/html,<b>x</b>",
    'https://example.com/" onmouseover="alert(3)',
    'https://example.com/"onmouseover="alert(4)',
)


def evil_catalog(catalog: Any) -> Any:
    data = {"schema_version": 1, "registries": [r.to_json() for r in catalog.registries]}
    for reg in data["registries"]:
        if reg["id"] in ("zot", "ghcr"):
            reg["name"] = f"{EVIL}{reg['name']}"
            reg["summary"] = f"<img src=x onerror=alert(1)> {EVIL} [x](javascript:alert(1))"
            reg["homepage"] = EVIL_URLS[0]
            reg["attributes"]["hosting"]["source"] = EVIL_URLS[1]
            reg["attributes"]["open_source"]["source"] = EVIL_URLS[3]
            reg["attributes"]["formats"]["source"] = EVIL_URLS[4]
            reg["attributes"]["native_to"]["source"] = EVIL_URLS[4]
            for g in reg["gotchas"]:
                g["title"] = f"{EVIL} <b onclick=alert(1)>bold</b>"
                g["detail"] = f"{EVIL} `<script>x</script>`"
                g["source"] = EVIL_URLS[2]
    return catalog_from_json(data)


@pytest.mark.parametrize("case", sorted(CASES))
def test_html_escapes_everything(case: str, context: Any, catalog: Any) -> None:
    bad = evil_catalog(catalog)
    rec = make_rec(case, context, bad)
    rec["setup_reasons"][0]["because"] = f"{EVIL} because"
    rec["setup_reasons"][0]["sources"] = list(EVIL_URLS)
    text = render("html", rec, context, bad)
    low = text.lower()
    assert "<script" not in low
    checker = check_html(text)
    assert "script" not in checker.tags and "img" not in checker.tags
    for href in checker.hrefs:
        assert href.startswith(("https://", "http://", "#")), href
        assert '"' not in href and " " not in href
    assert not re.search(r"href\s*=\s*[\"']?\s*(javascript|data):", low)
    tags = re.findall(r"<[a-zA-Z][^>]*>", text)
    assert not [t for t in tags if re.search(r"\son\w+\s*=", t, re.I)]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # shown, as text
    assert "javascript:alert(1)" in text  # the bad URL is shown as text, not linked
    assert "onmouseover=&#34;alert(4)" in text  # so is the one that tried to close href


@pytest.mark.parametrize("fmt", ["markdown", "adr"])
def test_markdown_escapes_everything(fmt: str, context: Any, catalog: Any) -> None:
    bad = evil_catalog(catalog)
    rec = make_rec("startup-github", context, bad)
    text = render(fmt, rec, context, bad)
    outside_code = re.sub(r"`[^`\n]*`", "", text)
    assert not re.search(r"(?<!\\)<script", outside_code, re.I)  # only as \<script
    assert not re.search(r"(?<!\\)<img", outside_code)
    assert not re.search(r"(?<!\\)\]\(\s*(javascript|data):", text, re.I)
    assert not re.search(r"<\s*(javascript|data):", text, re.I)
    assert "\\<script\\>" in text


@pytest.mark.parametrize("example", sorted(p.name for p in (ROOT / "examples").glob("*.yaml")))
def test_every_example_renders_with_the_shipped_catalog(example: str, context: Any) -> None:
    answers = load_answers(ROOT / "examples" / example, context.questions)
    rec = recommend(context.catalog, context.questions, context.rules, answers).to_json()
    for fmt in REPORT_FORMATS:
        text = render(fmt, rec, context, context.catalog)
        assert text.endswith("\n") and len(text) > 1000
    check_html(render("html", rec, context, context.catalog))


def test_compiled_templates_are_cached_and_give_the_same_report(context: Any, catalog: Any) -> None:
    from advisor.io.cache import cache_dir

    rec = make_rec("onprem-offline", context, catalog)
    first = render("markdown", rec, context, catalog)
    cached = list((cache_dir() / "templates").iterdir())
    assert cached, "the compiled template was not cached"
    from advisor.present import templating

    templating.markdown_env.cache_clear()  # a new process: templates come from the cache
    assert render("markdown", rec, context, catalog) == first


def test_templates_live_inside_the_package_and_ship() -> None:
    """The wheel packs everything under advisor/ that git does not ignore
    (pyproject [tool.hatch.build.targets.wheel] packages = ["advisor"])."""
    import subprocess

    from advisor.present import TEMPLATES
    from advisor.present.templating import TEMPLATES as folder

    assert folder.is_relative_to(Path(advisor.__file__).parent)
    names = [*TEMPLATES.values(), "report.css"]
    for name in names:
        assert (folder / name).is_file(), name
    ignored = subprocess.run(
        ["git", "check-ignore", *[str(folder / n) for n in names]],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert ignored.stdout == "", ignored.stdout


def test_compiled_templates_are_not_read_from_a_folder_others_can_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.present.templating import _bytecode_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _bytecode_cache() is not None
    (tmp_path / "registry-advisor" / "templates").chmod(0o777)
    assert _bytecode_cache() is None
