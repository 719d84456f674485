"""Rendering recipe steps: the bundle's README and, through `rendered_flow`, the report's
setup guide (advisor/present/guide.py) render the same steps from data/setup.

A flow (common.yaml, or the registry's own file) lists the steps in order; each step,
block and gotcha shows when its `when`/`unless` flags and its `in` (readme, guide) fit the
context. Placeholders are filled by `recipes.fill`: one shell-quoted word in shell code,
one line in prose. Code goes in fences longer than any run of backticks inside, so no
value can close a fence (CommonMark, https://spec.commonmark.org/0.31.2/#fenced-code-blocks).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from advisor.frozen import field, frozen
from advisor.i18n import _
from advisor.setup import recipe_text
from advisor.setup.recipes import Recipes, fill, one_line, shows, sources_of

if TYPE_CHECKING:
    from advisor.setup.ci import CiLogin
    from advisor.setup.plan import Plan

FILE_LANGS = {".json": "json", ".toml": "toml", ".conf": "toml", ".yaml": "yaml", ".yml": "yaml"}


@frozen
class Context:
    """What a rendering knows: placeholder values, flags, the output, the emitted files."""

    values: Mapping[str, str]
    flags: frozenset[str]
    output: str  # "readme" | "guide"
    files: Mapping[str, str] = field(default_factory=dict)  # bundle path → emitted text
    install_notes: tuple[Mapping[str, Any], ...] = ()
    catalog_notes: Mapping[str, str] = field(default_factory=dict)


@frozen
class RStep:
    """A rendered step: a title, blocks ("text" | "code", content, lang), its sources."""

    title: str
    blocks: tuple[tuple[str, str, str], ...]
    sources: tuple[str, ...]
    links: tuple[tuple[str, str], ...] = ()  # (label, url)


def make_flags(
    *,
    setup: str,
    kind: str,
    output: str,
    loopback: bool = False,
    have_ca: bool = False,
    have_secrets: bool = False,
    expiry: bool = False,
    offline: bool = False,
    docs: bool = True,
    port_defaulted: bool = False,
) -> frozenset[str]:
    """The flags a recipe's `when`/`unless` can name (see advisor/setup/models.py)."""
    secure = setup != "insecure"
    flags = {
        "secure" if secure else "insecure",
        "public" if setup == "public" else "private",
        "hosted" if kind == "hosted" else "self_run",
        output,
    }
    flags |= {"server"} if kind == "server" else {"product"} if kind == "self-hosted" else set()
    for name, on in (
        ("loopback", loopback),
        ("have_ca", have_ca),
        ("have_secrets", have_secrets),
        ("constrained", have_secrets),
        ("expiry", expiry),
        ("offline", offline),
        ("docs", docs),
        ("port_defaulted", port_defaulted),
        ("public_guide", output == "guide" and setup == "public" and secure),
    ):
        if on:
            flags.add(name)
    return frozenset(flags)


def render_step(step: Mapping[str, Any], ctx: Context) -> RStep | None:
    """One step in this context, or None when it (or every block of it) does not apply."""
    if not shows(step, ctx.flags, ctx.output):
        return None
    blocks: list[tuple[str, str, str]] = []
    links: list[tuple[str, str]] = []
    sources = list(sources_of(step))
    for block in step["blocks"]:
        if not shows(block, ctx.flags, ctx.output):
            continue
        if "text" in block:
            blocks.append(("text", fill(block["text"], ctx.values), ""))
        elif "code" in block:
            lang = block["lang"]
            blocks.append(("code", fill(block["code"], ctx.values, lang=lang), lang))
        elif "file" in block:
            path = block["file"]
            if path in ctx.files:
                ext = re.search(r"\.[a-z]+$", path)
                lang = FILE_LANGS.get(ext.group(0) if ext else "", "")
                blocks.append(("code", ctx.files[path].rstrip("\n"), lang))
        elif block.get("install_notes"):
            for note in ctx.install_notes:
                blocks.append(("text", fill(note["text"], ctx.values), ""))
                sources += sources_of(note)
        elif "link" in block:
            url = ctx.values.get(block["link"], "")
            if url.startswith("https://"):
                label = _("{name} documentation").format(name=ctx.values.get("name", ""))
                links.append((one_line(label), url))
        elif "catalog_note" in block:
            note = ctx.catalog_notes.get(block["catalog_note"])
            if note:
                name = ctx.values.get("name", "")
                line = _("The catalog notes for {name}: {note}").format(name=name, note=note)
                blocks.append(("text", one_line(line), ""))
    if not blocks:
        return None
    title = fill(step["title"], ctx.values)
    return RStep(title, tuple(blocks), tuple(dict.fromkeys(sources)), tuple(links))


def rendered_flow(
    recipes: Recipes,
    flow: str,
    registry: Mapping[str, Any] | None,
    ctx: Context,
    ci_step: Callable[[], RStep | None] | None = None,
) -> list[RStep]:
    """The steps of a flow in this context, in order; `ci` items call `ci_step`."""
    out: list[RStep] = []
    for ref in recipes.flow(flow, registry):
        if ref == "ci":
            made = ci_step() if ci_step is not None else None
            if made is not None:
                out.append(made)
            continue
        file_id, _sep, _step = ref.partition(":")
        if file_id == "self":
            file_id = (registry or {}).get("id", "")
        for step in recipes.steps_of(ref, registry):
            made = render_step(recipe_text.step(file_id, step), ctx)
            if made is not None:
                out.append(made)
    return out


def gotchas(registry: Mapping[str, Any] | None, ctx: Context) -> list[tuple[str, list[str]]]:
    """(text, sources) of the registry's gotchas that apply, in the current language."""
    return [
        (fill(g["text"], ctx.values), sources_of(g))
        for g in recipe_text.notes(registry, "gotchas")
        if shows(g, ctx.flags, ctx.output)
    ]


# --- Markdown -------------------------------------------------------------------------


def fence(code: str, lang: str) -> str:
    """A fenced code block whose fence no run of backticks inside can close."""
    longest = max((len(m) for m in re.findall(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{lang}\n{code}\n{ticks}"


def _indent(block: str, width: int) -> str:
    pad = " " * width
    return "\n".join((pad + line) if line else "" for line in block.split("\n"))


def steps_markdown(steps: list[RStep]) -> str:
    """Numbered steps; a list item's content is indented by its marker's width (CommonMark)."""
    items = []
    for n, step in enumerate(steps, 1):
        marker = f"{n}. "
        text = f"{marker}**{step.title}**"
        for kind, content, lang in step.blocks:
            body = fence(content, lang) if kind == "code" else content
            text += "\n" + _indent(body, len(marker))
        items.append(text)
    return "\n\n".join(items)


def section_markdown(section: Mapping[str, Any], ctx: Context) -> str:
    out = [f"## {fill(section['title'], ctx.values)}", ""]
    for block in section["blocks"]:
        if not shows(block, ctx.flags, ctx.output):
            continue
        if "code" in block:
            out.append(fence(fill(block["code"], ctx.values, lang=block["lang"]), block["lang"]))
        elif "text" in block:
            out.append(fill(block["text"], ctx.values))
        out.append("")
    return "\n".join(out).rstrip()


# --- the CI step -----------------------------------------------------------------------


def ci_step(plan: Plan, r: CiLogin, recipes: Recipes, ctx: Context) -> RStep:
    """'Push from CI': where the CI file goes and which secrets to create."""
    ci = recipes.ci
    system = recipe_text.ci_system(plan.ci, ci["systems"][plan.ci])
    texts = recipe_text.ci_texts(ci["texts"])
    owners = (plan.profile.id, "ci")  # whose recipe the secrets come from

    def secret_line(name: str, what: str, file: bool) -> str:
        what = recipe_text.secret_what(owners, name, what)
        if plan.ci == "jenkins":
            kind = _("secret file") if file else _("secret text")
            return f"- `{name.lower().replace('_', '-')}` ({kind}): {what}"
        if plan.ci == "gitlab-ci" and file:
            kind = _("type File")
            return f"- `{name}` ({kind}): {what}"
        if plan.ci in ("other", "none") and file:
            return f"- `{name}_FILE`: " + _("the path of {what}").format(what=what)
        return f"- `{name}`: {what}"

    intro = fill(system["intro"], ctx.values)
    none_note = None
    if r.plain_http:
        if plan.ci in ("other", "none"):
            intro = fill(texts["plain_http_intro"], ctx.values)
        none_note = fill(texts["plain_http_secrets"], ctx.values)
    elif r.native is not None and r.native["system"] == plan.ci:
        none_note = one_line(recipe_text.native_note(plan.profile.id, r.native["note"]))
    lines = [secret_line(s.name, s.what, s.file) for s in r.secrets]
    if r.ca_from_secret and plan.ci == "github-actions":
        lines.append("- " + fill(texts["ca_secret"], ctx.values))
    blocks: list[tuple[str, str, str]] = [("text", intro, "")]
    if none_note is not None:
        blocks.append(("text", _("No secrets to create: {why}").format(why=none_note), ""))
        lines = lines[len(r.secrets) :] if not r.plain_http else []
        if lines:
            blocks.append(("text", "\n".join(lines), ""))
    elif lines:
        create = _("Create {where}:").format(where=system["where"])
        blocks += [("text", create, ""), ("text", "\n".join(lines), "")]
    if r.ca_from_secret:
        note = system.get("ca_note") or texts["ca_note"]
        blocks.append(("text", fill(note, ctx.values), ""))
    if not r.confirmed:
        blocks.append(("text", fill(texts["unconfirmed"], ctx.values), ""))
    login = (recipes.get(plan.profile.id) or {}).get("login") or ci["login"]
    return RStep(_("Push from CI"), tuple(blocks), tuple(sources_of(login)))
