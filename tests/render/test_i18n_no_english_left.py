"""Indonesian from the first line to the last (issue #15, Done-when).

Every example answers file through `--lang id recommend` in text, Markdown, HTML and ADR,
every lesson (`--lang id learn N`), the whole quiz (every question, answers piped on
stdin), the `setup` README of the examples, and beyond them the setup guide and README of
every registry in every setup type, hosting way and CI system are read line by line.

What may stay English is taken out first: code blocks, code spans, URLs and links'
targets, quoted client messages, the catalog's names, vendors and values, and ids
(registries, questions, rules, criteria, attributes). A line that still holds English
function words ("the", "and", "with", "your", ...) reads as English and fails the test,
with the lines listed.

The stop-word list leaves out words Indonesian text uses as written (glossary terms such as
push, pull, tag; "per" as in "per jam"), so a line of Indonesian with English technical
terms passes.
"""

from __future__ import annotations

import html
import re
from functools import cache

import pytest
import yaml

from tests.conftest import ROOT, run_cli

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
FORMATS = ("text", "markdown", "html", "adr")
CI = ("github-actions", "gitlab-ci", "jenkins", "other")

#: English function words. A token is a whole word: "pull-through" is one token, so its
#: "through" is not counted.
_WORDS = """
    the and with your you is are to of for that this when from not can it its be by an or
    will has have was were which only after before if into as at their they them then there
    what where how does do doesn't don't isn't aren't can't won't but so than more each every
    any all on in a should would could must may might been being our we us he she his her
    these those who whom whose while until also about because before over under up down out
    off here just very same other such own both either neither few most some no nor too
"""
STOP_WORDS = frozenset(_WORDS.split())
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
URL = re.compile(r"<?https?://[^\s<>)\]]+>?")
MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# A client's message quoted verbatim ("http: server gave HTTP response to HTTPS client").
QUOTED = re.compile(r"\"[^\"]{3,}\"|'[^'\s][^']{8,}'")
HTML_DROP = re.compile(r"<(pre|code|style|script|head)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


@cache
def _catalog() -> dict:
    return yaml.safe_load((ROOT / "data" / "registries.yaml").read_text(encoding="utf-8"))


@cache
def _kept_phrases() -> list[re.Pattern]:
    """Names, vendors and catalog values (each a phrase that may wrap across lines)."""
    phrases: set[str] = set()
    for reg in _catalog()["registries"]:
        phrases |= {reg["name"], reg["vendor"], reg["id"]}
        for attr, fact in reg["attributes"].items():
            phrases.add(attr)
            value = fact.get("value") if isinstance(fact, dict) else None
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str):
                    phrases.add(v.rstrip("."))  # a rule's sentence quotes it without its "."
    ids = yaml.safe_load((ROOT / "data" / "questions.yaml").read_text(encoding="utf-8"))
    for q in ids.get("questions", []):
        phrases.add(q["id"])
    rules = yaml.safe_load((ROOT / "data" / "rules.yaml").read_text(encoding="utf-8"))
    phrases |= {r["id"] for r in rules["rules"]}
    ordered = sorted((p for p in phrases if p and len(p) > 1), key=len, reverse=True)
    return [
        re.compile(r"(?<![\w.-])" + r"\s+".join(map(re.escape, p.split())) + r"(?![\w-])")
        for p in ordered
    ]


def _strip(text: str, fmt: str) -> list[str]:
    """The lines of `text` with what may stay English taken out."""
    if fmt == "html":
        text = HTML_DROP.sub(" ", text)
        text = html.unescape(TAG.sub(" ", text))
    text = URL.sub(" ", MD_LINK.sub(r"\1", text.replace("\\", "")))
    for pattern in _kept_phrases():
        text = pattern.sub(" ", text)
    out = []
    in_code = False
    for line in text.splitlines():
        if FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        line = MD_LINK.sub(r"\1", line)
        line = CODE_SPAN.sub(" ", line)
        line = URL.sub(" ", line)
        line = QUOTED.sub(" ", line)
        out.append(line)
    return out


def english_lines(text: str, fmt: str = "markdown") -> list[str]:
    """The lines that still read as English after stripping."""
    bad = []
    for line in _strip(text, fmt):
        words = [w.lower().strip("'’-") for w in WORD.findall(line)]
        hits = [w for w in words if w in STOP_WORDS]
        if len(hits) >= 2 or (hits and len(hits) / len(words) >= 0.25):
            bad.append(line.strip())
    return bad


def _ok(*args: str, input: str | None = None) -> str:
    out = run_cli("--lang", "id", *args, input=input)
    assert out.returncode == 0, out.stderr
    return out.stdout + out.stderr


def _report(lines: list[str], what: str) -> None:
    assert not lines, f"{len(lines)} English line(s) in {what}:\n" + "\n".join(lines[:40])


# ---------------------------------------------------------------- the detector itself


def test_detector_flags_english_and_passes_indonesian():
    english = "Replace the address with the one your clients use for the registry."
    indonesian = (
        "Ganti `registry.lan:5000` dengan alamat yang dipakai client untuk push dan pull ke "
        "registry, lalu restart Docker."
    )
    assert english_lines(english) == [english]
    assert english_lines(indonesian) == []
    assert english_lines("```console\ndocker push the/image\n```") == []
    assert english_lines("**Pilihan teratas: Amazon Elastic Container Registry (ECR and\n"
                         "ECR Public)** (skor 10)") == []  # fmt: skip


# ---------------------------------------------------------------- the outputs


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("answers", EXAMPLES, ids=lambda p: p.stem)
def test_recommend_report_has_no_english_line(answers, fmt):
    text = _ok("recommend", "--answers", str(answers), "--format", fmt)
    _report(english_lines(text, fmt), f"{answers.name} --format {fmt}")


# The advisor's own words for its rules, in Indonesian, are "aturan" (glossary): the reports
# said "[rule x]", "rule `x`", "81 rule diperiksa", "Dikutip oleh rules". Catalog prose
# may still name a vendor's "lifecycle rule"; these are the advisor's labels only.
MIXED_TERMS = re.compile(
    r"\[rule |\brule <code>|\brule `|\d+ rule diperiksa|oleh rules|sebuah rule"
)


@pytest.mark.parametrize("fmt", ("text", "markdown", "html"))
def test_reports_call_rules_aturan(fmt):
    text = _ok("recommend", "--answers", str(ROOT / "examples" / "onprem-offline.yaml"),
               "--format", fmt)  # fmt: skip
    assert MIXED_TERMS.findall(text) == []
    assert "aturan" in text


@pytest.mark.parametrize("lang", ("en", "id"))
@pytest.mark.parametrize("answers", EXAMPLES, ids=lambda p: p.stem)
def test_text_report_fits_80_columns(answers, lang):
    """At COLUMNS=80 every line fits, Indonesian being the longer: warning titles, long
    registry names with their score, the setup line and the footer ran past the edge.
    A URL is never broken, so a line holding one may be longer."""
    out = run_cli("--lang", lang, "recommend", "--answers", str(answers), env={"COLUMNS": "80"})
    assert out.returncode == 0, out.stderr
    wide = [line for line in out.stdout.splitlines() if len(line) > 80 and "://" not in line]
    assert wide == []


def _lesson_count() -> int:
    return len(list((ROOT / "data" / "lessons" / "id").glob("*.md"))) + 1  # + the catalog's


@pytest.mark.parametrize("number", range(1, _lesson_count() + 1))
def test_lesson_has_no_english_line(number):
    text = _ok("learn", str(number))
    assert text.strip()
    _report(english_lines(text), f"lesson {number}")


def test_whole_quiz_has_no_english_line():
    count = 500  # more than the bank: every question once
    text = _ok("quiz", "--count", str(count), "--seed", "1", input="1\n" * count)
    assert "Skor:" in text
    _report(english_lines(text, "text"), "the quiz")


@pytest.mark.parametrize(
    "answers,extra",
    [
        ("onprem-tls.yaml", ["--host", "registry.lan:5000"]),
        ("onprem-offline.yaml", ["--host", "registry.lan:5000"]),
        ("private-aws.yaml", []),
        ("startup-github.yaml", []),
    ],
)
def test_setup_readme_has_no_english_line(tmp_path, answers, extra):
    out = tmp_path / "bundle"
    args = ["setup", "--answers", str(ROOT / "examples" / answers), "--output", str(out), *extra]
    _ok(*args)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "## Langkah-langkah" in readme and "## Steps" not in readme
    assert "Alasan pilihan ini" in readme  # the reasons, translated like the reports'
    _report(english_lines(readme), f"README of {answers}")
    english = tmp_path / "english"
    done = run_cli(*args[: -2 - len(extra)], "--output", str(english), *extra)
    assert done.returncode == 0, done.stderr
    assert "## Steps" in (english / "README.md").read_text(encoding="utf-8")


def _registry_ids() -> list[str]:
    return [r["id"] for r in _catalog()["registries"]]


@pytest.mark.parametrize("registry", _registry_ids())
def test_setup_guide_of_every_registry_and_setup_has_no_english_line(registry):
    """Beyond the examples: the guide for each registry, each setup type, on and off line."""
    from advisor import i18n
    from advisor.catalog.load import load_catalog
    from advisor.present.guide import setup_guide

    catalog = load_catalog()
    hosting = catalog.get(registry).attr("hosting").value
    i18n.set_language("id")
    try:
        for setup in ("public", "private", "insecure"):
            for answers in ({"own_infrastructure": True}, {"offline": True}, {}):
                rec = {
                    "setup": setup,
                    "registries": [{"id": registry, "name": registry, "hosting": hosting}],
                    "effective_answers": answers,
                }
                guide = setup_guide(rec, catalog)
                assert guide is not None
                text = "\n".join([guide.title, guide.intro, *(s.text for s in guide.steps)])
                _report(english_lines(text), f"the {setup} guide for {registry} {answers}")
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("registry", _registry_ids())
def test_setup_readme_of_every_registry_setup_and_ci_has_no_english_line(registry):
    """Every README `setup` can write for a registry: each setup type it allows, self-run
    and hosted, each CI system, on and off line (plans the planner refuses are skipped)."""
    from advisor import i18n
    from advisor.errors import AdvisorError
    from advisor.setup.bundle import build_bundle, make_plan, profiles

    profile = profiles()[registry]
    combos = [
        (setup, host, "none", offline)
        for setup in ("public", "private", "insecure")
        for host in ("registry.lan:5000", None)
        for offline in (False, True)
    ]
    # each CI system once, with each way of running the registry
    combos += [("private", host, ci, False) for host in ("registry.lan:5000", None) for ci in CI]
    i18n.set_language("id")
    made = 0
    try:
        for setup, host, ci, offline in combos:
            try:
                plan = make_plan(setup=setup, profile=profile, host=host, ci=ci, offline=offline)
            except AdvisorError:
                continue  # a plan the planner refuses (e.g. an insecure hosted registry)
            readme = build_bundle(plan)["README.md"][0]
            made += 1
            what = f"README {registry} {setup} {host} {ci} offline={offline}"
            _report(english_lines(readme), what)
    finally:
        i18n.set_language("en")
    assert made


def _without_notes(text: str) -> str:
    """`catalog show` text less the facts' notes: only the notes the reports and the
    catalog lesson show are translated (docs/i18n.md), the others stay English."""
    out, in_note = [], False
    for line in text.splitlines():
        if line.startswith("      catatan: "):
            in_note = True
            continue
        if in_note and line.startswith(" " * 15):
            continue
        in_note = False
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("registry", _registry_ids())
def test_catalog_show_has_no_english_line(registry):
    """`catalog show ID` says the catalog's translated prose (summary, gotchas, history,
    checked claims), as the reports and the catalog lesson do; it printed the English."""
    from advisor import i18n
    from advisor.catalog.load import load_catalog
    from advisor.present.catalog import registry_markdown, show_text

    reg = load_catalog().get(registry)
    i18n.set_language("id")
    try:
        text = show_text(reg, width=80)
        markdown = registry_markdown(reg)
    finally:
        i18n.set_language("en")
    _report(english_lines(_without_notes(text), "text"), f"catalog show {registry}")
    english_summary = " ".join(reg.summary.split())
    for shown in (" ".join(text.split()), " ".join(markdown.split())):
        assert english_summary[:60] not in shown
    for g in reg.gotchas:
        assert g.title not in text and g.title not in markdown, g.title
    assert all(len(line) <= 80 or "http" in line for line in text.splitlines())
