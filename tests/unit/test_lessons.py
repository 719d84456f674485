"""Lessons: the shipped files, topic lookup, the generated catalog lesson, and `learn`."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import eight_word_runs, run_cli, seed_texts
from markdown_it import MarkdownIt

from advisor.errors import DataError, UsageError
from advisor.learn import lessons
from advisor.learn.lessons import (
    CATALOG_SLUG,
    catalog_lesson,
    file_lessons,
    find_lesson,
    get_lesson,
    list_lessons,
    read_lesson_file,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def run_advisor(*args: str, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess."""
    return run_cli(*args, input=input)


def headings(text: str) -> list[tuple[int, str]]:
    """(level, text) of every heading, as a Markdown parser sees them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    out = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            out.append((int(tok.tag[1]), tokens[i + 1].content))
    return out


FILE_LESSONS = file_lessons()


# --------------------------------------------------------------------------- shipped files


def test_five_numbered_lessons_then_the_generated_one():
    all_lessons = list_lessons()
    assert [x.number for x in all_lessons] == list(range(1, len(all_lessons) + 1))
    assert len(FILE_LESSONS) == 5
    assert all_lessons[-1].slug == CATALOG_SLUG
    assert all_lessons[-1].generated
    assert not any(x.generated for x in FILE_LESSONS)


@pytest.mark.parametrize("lesson", FILE_LESSONS, ids=lambda x: x.id)
def test_lesson_has_front_matter_and_renders(lesson):
    raw = Path(lesson.origin).read_text(encoding="utf-8")
    assert raw.startswith("---\n")
    assert lesson.title and lesson.summary and 1 <= lesson.minutes <= 60

    found = headings(lesson.markdown)
    assert found[0] == (1, lesson.title)
    assert sum(1 for level, _ in found if level == 1) == 1, "one title per lesson"
    sections = [text for level, text in found if level == 2]
    assert len(sections) >= 3
    assert sections[-1] == "Try it"
    # Reading time is honest: at least one minute per 220 words of prose.
    words = len(re.findall(r"\w+", lesson.markdown))
    assert lesson.minutes >= words // 220, (lesson.id, words)


@pytest.mark.parametrize("lesson", FILE_LESSONS, ids=lambda x: x.id)
def test_lesson_cites_sources_as_links(lesson):
    tokens = MarkdownIt("commonmark").enable("table").parse(lesson.markdown)
    links = [
        child.attrGet("href")
        for tok in tokens
        if tok.children
        for child in tok.children
        if child.type == "link_open"
    ]
    assert links, "a lesson cites at least one source"
    assert all(str(href).startswith("https://") for href in links), links


@pytest.mark.parametrize(
    ("number", "needles"),
    [
        (2, ["Scenario 1", "Scenario 2", "Scenario 3", "100 pulls per 6 hours", "withdrew"]),
        (
            3,
            [
                "`GET /v2/`",
                "/tags/list",
                "Link",
                "WWW-Authenticate",
                "Docker-Content-Digest",
                "_catalog",
                "--password-stdin",
                "docker tag",
                "docker push",
                "docker pull",
                "CI/CD",
            ],
        ),
        (
            4,
            [
                "docker.io/library/ubuntu:latest",
                "`localhost:5000/app`",
                "`docker.io/library/localhost:5000`",
                "Tags move, digests do not",
            ],
        ),
        (
            5,
            [
                "insecure-registries",
                "Restart that engine",
                "BuildKit does not read this setting",
                "/etc/docker/certs.d/<host:port>/ca.crt",
                "bcrypt",
                "garbage-collect",
                "One cache instance mirrors **one** upstream",
            ],
        ),
    ],
)
def test_lessons_cover_their_topics(number, needles):
    text = find_lesson(str(number), FILE_LESSONS).markdown
    for needle in needles:
        assert needle in text, needle


def test_outdated_facts_of_the_seed_are_corrected():
    everything = "\n".join(x.markdown for x in FILE_LESSONS)
    assert "2025-03-18" in everything and "Artifact Registry" in everything
    # Docker Hub: today's limits, and the 2025 per-hour ones named as withdrawn
    assert "100 pulls per 6 hours" in everything and "withdrew" in everything


def test_lessons_are_in_our_own_words():
    seed = eight_word_runs(seed_texts())
    for lesson in FILE_LESSONS:
        copied = seed & eight_word_runs(lesson.markdown)
        assert not copied, (lesson.id, [" ".join(run) for run in copied])


# --------------------------------------------------------------------------- broken files


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_bad_minutes_names_file_line_and_key(tmp_path):
    path = _write(
        tmp_path,
        "01-x.md",
        """
        ---
        title: X
        summary: Y
        minutes: lots
        ---
        ## Body
        """,
    )
    with pytest.raises(DataError) as info:
        read_lesson_file(path)
    assert (info.value.file, info.value.line, info.value.key) == (str(path), 4, "minutes")


def test_unknown_front_matter_key_suggests_the_right_one(tmp_path):
    path = _write(tmp_path, "01-x.md", "---\ntitle: X\nsumary: Y\nminutes: 3\n---\n## Body\n")
    with pytest.raises(DataError, match='did you mean "summary"') as info:
        read_lesson_file(path)
    assert info.value.line == 3


def test_missing_front_matter_and_yaml_errors_have_lines(tmp_path):
    with pytest.raises(DataError, match="front matter") as info:
        read_lesson_file(_write(tmp_path, "01-a.md", "## No front matter\n"))
    assert info.value.line == 1
    with pytest.raises(DataError, match="YAML syntax") as info:
        read_lesson_file(_write(tmp_path, "02-b.md", "---\ntitle: [x\nminutes: 2\n---\nx\n"))
    assert info.value.line is not None and info.value.line >= 2


def test_duplicate_lesson_numbers_are_refused(tmp_path):
    body = "---\ntitle: X\nsummary: Y\nminutes: 3\n---\n## Body\n"
    _write(tmp_path, "01-one.md", body)
    _write(tmp_path, "01-two.md", body)
    with pytest.raises(DataError, match="also used by"):
        file_lessons(tmp_path)


# --------------------------------------------------------------------------- lookup


@pytest.mark.parametrize(
    ("topic", "slug"),
    [
        ("4", "repositories-tags-digests-naming"),
        ("04", "repositories-tags-digests-naming"),
        ("04-repositories-tags-digests-naming", "repositories-tags-digests-naming"),
        ("repositories-tags-digests-naming", "repositories-tags-digests-naming"),
        ("repo", "repositories-tags-digests-naming"),
        ("naming", "repositories-tags-digests-naming"),
        ("Running", "running-your-own-registry"),
        ("6", CATALOG_SLUG),
        ("public", "public-private-insecure"),
    ],
)
def test_find_lesson(topic, slug):
    assert get_lesson(topic).slug == slug


def test_ambiguous_topic_lists_the_candidates():
    with pytest.raises(UsageError, match="ambiguous") as info:
        get_lesson("registry")
    assert "what-is-a-registry" in str(info.value)
    assert "running-your-own-registry" in str(info.value)


@pytest.mark.parametrize(
    ("topic", "suggestion"),
    [
        ("runing", "running-your-own-registry"),
        ("public-privte-insecure", "public-private-insecure"),
        ("nameing", "repositories-tags-digests-naming"),
    ],
)
def test_unknown_topic_says_did_you_mean_and_lists_topics(topic, suggestion):
    with pytest.raises(UsageError) as info:
        get_lesson(topic)
    message = str(info.value)
    assert f'did you mean "{suggestion}"' in message
    assert "1 what-is-a-registry" in message and f"6 {CATALOG_SLUG}" in message


def test_unknown_number_is_an_error():
    with pytest.raises(UsageError, match="no lesson '99'"):
        get_lesson(99)


# --------------------------------------------------------------------------- the catalog lesson


def _fact(value, source="https://example.com/docs", verified=dt.date(2026, 11, 1), note=None):
    return SimpleNamespace(value=value, source=source, verified=verified, note=note)


def _fake_registry(rid, name, **over):
    attrs = {
        "hosting": _fact(["saas"]),
        "setups": _fact(["public", "private"]),
        "open_source": _fact(False),
        "anonymous_pull": _fact(True),
        "native_to": _fact([]),
        "free_tier": _fact("One private repo | unlimited public"),
        "pull_rate_limits": _fact("10 per hour anonymous", source="https://example.com/limits"),
        "pricing": _fact("as of 2026-11-01: $5/month"),
    }
    attrs.update(over)
    return SimpleNamespace(
        id=rid,
        name=name,
        vendor="Example Inc.",
        homepage=f"https://{rid}.example.com",
        summary="A registry   for\ntesting.",
        attributes=SimpleNamespace(**attrs),
        gotchas=[
            SimpleNamespace(
                title="Tokens expire",
                detail="Refresh the login every 12 hours.",
                source="https://example.com/tokens",
                verified=dt.date(2026, 10, 30),
            )
        ],
    )


def test_catalog_lesson_from_a_fake_catalog():
    fake = SimpleNamespace(
        registries=[
            _fake_registry("alpha", "Alpha | Registry"),
            _fake_registry(
                "beta",
                "Beta Registry",
                hosting=_fact(["self-hosted"], source="https://beta.example.com/install"),
                open_source=_fact("unknown", source=None, verified=None, note="licence unclear"),
            ),
        ]
    )
    text = catalog_lesson(fake)
    found = headings(text)
    assert found[0] == (1, "The registries in the catalog")
    # the name is escaped like any catalog text: a Markdown reader shows "Alpha | Registry"
    assert (3, "Alpha \\| Registry") in found and (3, "Beta Registry") in found
    assert (2, "Try it") in found

    # The overview table: a header and one row per registry, pipes in values escaped.
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 1 + 2
    assert "| Beta Registry | self-hosted | public, private | unknown | yes | none |" in text
    assert "| Alpha \\| Registry | saas |" in text

    # Sources and verified dates for facts, gotchas and table cells.
    assert "[source](https://example.com/limits), checked 2026-11-01" in text
    assert "*Tokens expire.* Refresh the login every 12 hours." in text
    assert "checked 2026-10-30" in text
    assert "hosting ([source](https://beta.example.com/install), checked 2026-11-01)" in text
    assert "not confirmed: open source" in text
    assert "A registry for testing." in text  # whitespace folded


def test_catalog_lesson_with_missing_optional_parts():
    bare = SimpleNamespace(
        id="bare", name="Bare", attributes=SimpleNamespace(hosting=_fact(["saas"]))
    )
    text = catalog_lesson(SimpleNamespace(registries=[bare]))
    assert "| Bare | saas | — | — | — | — |" in text
    assert "### Bare" in text
    empty = catalog_lesson(SimpleNamespace(registries=[]))
    assert "The catalog is empty" in empty


def test_catalog_lesson_from_the_real_catalog_names_every_registry():
    catalog_mod = pytest.importorskip("advisor.catalog.load")
    catalog = catalog_mod.load_catalog()
    text = get_lesson(CATALOG_SLUG).markdown
    found = headings(text)
    for reg in catalog.registries:
        assert (3, reg.name) in found
    rows = [t for t in MarkdownIt("commonmark").enable("table").parse(text) if t.type == "tr_open"]
    assert len(rows) == 1 + len(catalog.registries)


def test_catalog_lesson_includes_the_users_own_registries():
    pytest.importorskip("advisor.catalog.load")
    text = get_lesson("6", [str(FIXTURES / "overlay.yaml")]).markdown
    assert "### ACME internal Harbor" in text


def test_core_modules_import_without_pydantic_textual_or_rich():
    code = (
        "import sys\n"
        "from advisor.learn.lessons import list_lessons\n"
        "from advisor.learn.quiz import build_quiz\n"
        "ls = list_lessons(); [x.markdown for x in ls if not x.generated]\n"
        "build_quiz(count=None, seed=1)\n"
        "bad = [m for m in ('pydantic', 'textual', 'rich') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr


# --------------------------------------------------------------------------- the command


def test_learn_lists_the_lessons():
    proc = run_advisor("learn")
    assert proc.returncode == 0, proc.stderr
    for lesson in list_lessons():
        assert re.search(rf"^\s*{lesson.number}\s+{lesson.slug}\s+", proc.stdout, re.M)
    assert run_advisor("learn", "--list").stdout == proc.stdout


def test_learn_prints_a_lesson_as_markdown():
    proc = run_advisor("learn", "naming")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == get_lesson("naming").markdown


def test_learn_unknown_topic_is_one_error_line():
    proc = run_advisor("learn", "runing")
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("registry-advisor: error: no lesson 'runing'")
    assert 'did you mean "running-your-own-registry"' in lines[0]


def test_learn_topic_and_list_together_is_a_usage_error():
    proc = run_advisor("learn", "1", "--list")
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1


def test_learn_renders_with_rich_on_a_terminal(monkeypatch, capsys):
    from advisor.cli import learn

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    args = SimpleNamespace(topic="1", list=False)
    assert learn.run(args) == 0
    out = capsys.readouterr().out
    assert "What is a container registry?" in out
    assert "## The short answer" not in out  # rendered, not raw Markdown


def test_lessons_dir_is_the_shipped_folder():
    assert lessons.lessons_dir() == ROOT / "data" / "lessons"
