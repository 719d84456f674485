"""The one Markdown filter, checked by rendering through a real CommonMark parser
(markdown-it-py): hostile names and texts come out as the same text, never as HTML, links,
emphasis or code spans that close early."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from advisor.present.markdown import md, md_code
from advisor.recommendation.words import prose

PARSER = MarkdownIt("commonmark").enable("table")

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "a`b",
    "``double`` and ```triple```",
    "`````",
    "[x](javascript:alert(1))",
    "![i](http://x/y.png)",
    "*bold* _em_ __strong__ ~~gone~~",
    "# heading",
    "1. list",
    "- item",
    "> quote",
    "a | b | c",
    "back\\slash\\",
    "&lt;script&gt; &amp; &#60;",
    "line\nbreak\r\nand\ttab",
    "<https://example.com>",
    "x\x00y\x1b[31mz",
]


def inline_text(markdown: str) -> tuple[str, list[str]]:
    """The plain text a paragraph renders to, and the token types inside it."""
    tokens = PARSER.parseInline(markdown)[0].children or []
    return "".join(t.content for t in tokens if t.type in ("text", "code_inline")), [
        t.type for t in tokens
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_stays_text(text: str) -> None:
    rendered = PARSER.render("x " + md(text))
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    assert "<em>" not in rendered and "<strong>" not in rendered and "<code>" not in rendered
    assert "<h1>" not in rendered and "<ol>" not in rendered and "<blockquote>" not in rendered
    content, types = inline_text(md(text))
    assert set(types) <= {"text", "softbreak"}, types
    expected = " ".join("".join(c for c in text if c >= " " or c in "\t\n\r").split())
    expected = expected.replace("\x1b", "")
    assert content == expected.replace("\x7f", "")


@pytest.mark.parametrize("text", HOSTILE)
def test_text_at_the_start_of_a_line_makes_no_block(text: str) -> None:
    html = PARSER.render(md(text) + "\n")
    assert html.startswith("<p>"), html


@pytest.mark.parametrize(
    "body", ["a`b", "``x``", "` leading", "trailing `", " spaced ", "<script>", "````"]
)
def test_code_spans_hold_any_backticks(body: str) -> None:
    tokens = PARSER.parseInline("see " + md_code(body) + " after")[0].children
    codes = [t.content for t in tokens if t.type == "code_inline"]
    assert codes == [body]
    assert "after" in tokens[-1].content


def test_prose_keeps_its_code_spans_and_escapes_the_rest() -> None:
    text = prose("run `docker login <host>` then <b>not html</b> and `` a`b ``")
    tokens = PARSER.parseInline(md(text))[0].children
    assert [t.content for t in tokens if t.type == "code_inline"] == ["docker login <host>", "a`b"]
    assert "<b>" not in PARSER.render(md(text))


@pytest.mark.parametrize("text", HOSTILE)
def test_table_cells_hold_anything(text: str) -> None:
    table = f"| a | b |\n|---|---|\n| {md(text)} | {md(prose('`x|y` z'))} |\n"
    html = PARSER.render(table)
    assert html.count("<td>") == 2, html
    assert "<script" not in html and "<img" not in html


@pytest.mark.parametrize("code", ["plain", "a\n```\n<script>x</script>", "````\n`````", "x ``` y"])
def test_fenced_code_cannot_close_early(code: str) -> None:
    from advisor.present.markdown import fence

    opening = fence(code, "sh`<b>")
    ticks = opening.rstrip("shb")
    tokens = PARSER.parse(f"{opening}\n{code}\n{ticks}\n\nafter\n")
    fences = [t for t in tokens if t.type == "fence"]
    assert [t.content for t in fences] == [code + "\n"]
    assert fences[0].info == "shb"
    assert tokens[-2].content == "after"
