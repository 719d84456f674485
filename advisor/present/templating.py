"""The Jinja2 environments the Markdown, ADR and HTML reports are rendered with.

Imported only when one of those formats is asked for: Jinja2 stays off every other path.

- HTML: autoescape on. `Prose` renders its code spans as <code> (its `__html__`), `link`
  makes an <a> only for an http(s) URL.
- Markdown (the report and the ADR): autoescape is on as well, so that every `{{ value }}`
  passes through `finalize`, which is the one Markdown filter (advisor.present.markdown.md):
  nothing from data reaches the page unescaped, even when a template forgets a filter.
  What a filter or macro has already rendered is `Markup` and passes through unchanged.

Templates live in advisor/present/templates/ and ship inside the wheel.
"""

from __future__ import annotations

import contextlib
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from advisor.present.markdown import fence, md, md_link
from advisor.recommendation import words
from advisor.recommendation.words import safe_url

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _md_finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return Markup(md(value)) if value is not None else Markup("")


def _md_link(url: Any, label: Any = None) -> Markup:
    return Markup(md_link(url, label))


def _md_raw(text: Any) -> Markup:
    """Text the template itself wrote (a fenced code block, a command): not escaped."""
    return Markup(str(text))


def _html_link(url: Any, label: Any = None) -> Markup:
    safe = safe_url(url)
    if safe is None:
        return Markup('<span class="bad-url">{}</span>').format(url) if url else Markup("—")
    return Markup('<a href="{}">{}</a>').format(safe, label if label else safe)


def _cap(text: Any) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user's cache folder, so a repeat report skips
    compiling them; Jinja2 checks each template's source checksum, so an edited template is
    compiled again. Compiled code is loaded from there, so the folder must be one only this
    user can write: the cache folder advisor.io.cache trusts (owned by us, not group or
    world writable), and a `templates` folder in it passing the same check. None when the
    cache is off or no such folder can be had."""
    import os

    from advisor.io import cache

    # advisor.io.cache offers no public "trusted folder" yet; its own check is the one to use.
    base = cache._usable_dir(create=True)
    if base is None:
        return None
    folder = base / "templates"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        if not cache._safe(os.lstat(folder)):
            return None
    except OSError:
        return None
    return _QuietCache(str(folder))


class _QuietCache(jinja2.FileSystemBytecodeCache):
    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        # A cache that cannot be written only makes the next report slower.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _environment(**options: Any) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache(),
        **options,
    )
    env.filters["cap"] = _cap
    env.filters["prose"] = words.prose
    env.globals["_"] = _translate
    env.globals["ngettext"] = _translate_n
    return env


def _translate_n(singular: str, plural: str, n: int, **values: Any) -> str:
    """`ngettext(...)` in a template; `{count}` is filled with `n`."""
    from advisor.i18n import ngettext

    return ngettext(singular, plural, n).format(count=n, **values)


def _translate(message: str, **values: Any) -> str:
    """`_("text {name}", name=...)` in a template: the message in the current language
    (advisor.i18n, the same gettext catalog as the code), then its `{placeholders}` filled.
    The result is plain text, escaped like any other value (Markdown or HTML)."""
    from advisor.i18n import _

    text = _(message)
    return text.format(**values) if values else text


@cache
def markdown_env() -> jinja2.Environment:
    """Markdown and the ADR: every printed value goes through the Markdown escaper."""
    env = _environment(finalize=_md_finalize)
    env.filters["md"] = lambda v: Markup(md(v))
    env.filters["raw"] = _md_raw
    env.filters["trim_end"] = lambda text: str(text).rstrip()
    env.globals["link"] = _md_link
    env.globals["code"] = lambda text: Markup(md(words.code(text)))
    env.globals["fence"] = lambda code, lang="": Markup(fence(code, lang))
    return env


@cache
def html_env() -> jinja2.Environment:
    """HTML: autoescaped; links only for http(s) URLs."""
    from advisor.present.html import FILTERS

    env = _environment()
    env.globals["link"] = _html_link
    env.filters.update(FILTERS)
    return env


def render(template: str, **context: Any) -> str:
    """Render a template by file name; `.html.j2` ones get the HTML environment."""
    env = html_env() if template.endswith(".html.j2") else markdown_env()
    return env.get_template(template).render(**context)
