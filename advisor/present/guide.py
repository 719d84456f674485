"""A short setup guide for the recommended setup type, in numbered steps.

Which guide a report shows follows from the recommendation JSON: the setup type and the
top registry's `hosting`. The steps are the same recipe steps the setup bundle's README
renders (data/setup, through `advisor.setup.readme.rendered_flow` with output "guide"),
and the config snippets are the files the bundle's emitters write, made for a placeholder
address; the sources listed under the guide are the steps' own. Addresses are placeholders
(`registry.lan:5000`, `REGION`, `ACCOUNT_ID`) for the reader to replace.
"""

from __future__ import annotations

import re
from typing import Any

from advisor.frozen import frozen, replace
from advisor.i18n import _

HOST = "registry.lan:5000"


@frozen
class Step:
    text: str  # may hold `code` spans
    code: str | None = None
    lang: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (label, url)


@frozen
class Guide:
    kind: str  # insecure | self-hosted | hosted
    title: str
    intro: str
    steps: tuple[Step, ...]
    sources: tuple[str, ...]
    command: str


def _kind(rec: dict[str, Any], top: dict[str, Any]) -> str:
    if rec.get("setup") == "insecure":
        return "insecure"
    hosting = top.get("hosting")
    hosting = hosting if isinstance(hosting, list) else []
    own = (rec.get("effective_answers") or {}).get("own_infrastructure") is True
    if "saas" in hosting and ("self-hosted" not in hosting or not own):
        return "hosted"
    return "self-hosted"


def setup_guide(rec: dict[str, Any], catalog: Any = None, *, code: bool = True) -> Guide | None:
    """The guide for the recommendation's setup type and top registry; None if none ranked.

    `rec` is the recommendation JSON; `catalog` (optional) supplies the top registry's
    homepage and catalog notes. `code=False` leaves the config files' text out of the steps
    (their code is empty) but keeps every step, title and source: the JSON report cites only
    those, and skips emitting YAML and TOML it would not print. Raises DataError if the
    shipped recipes are broken.
    """
    from advisor.recommendation import catalog_text
    from advisor.setup import recipe_text
    from advisor.setup.bundle import catalog_only_recipe, plan_values, registry_recipe
    from advisor.setup.host import parse_host
    from advisor.setup.plan import Plan, Profile, profile_for, profiles
    from advisor.setup.readme import Context, gotchas, make_flags, rendered_flow
    from advisor.setup.recipes import load_recipes, one_line

    ranked = rec.get("registries") or []
    if not ranked:
        return None
    top = ranked[0]
    name = one_line(str(top.get("name") or top["id"]))
    reg = catalog.get(top["id"]) if catalog is not None else None
    kind = _kind(rec, top)
    setup = "public" if rec.get("setup") == "public" else "private"
    setup = "insecure" if kind == "insecure" else setup
    answers = rec.get("effective_answers") or {}

    recipes = load_recipes()
    known = profiles()
    if top["id"] in known:
        profile = known[top["id"]]
    elif reg is not None:
        profile = profile_for(top["id"], reg)
    else:
        hosted = kind == "hosted"
        profile = Profile(top["id"], name, hosted, not hosted, "", from_catalog=True)
    registry = registry_recipe(recipes, profile) or catalog_only_recipe(profile)

    if kind == "hosted":
        plan_kind, host = "hosted", None
    else:
        plan_kind = "server" if profile.id == "distribution" else "self-hosted"
        host = parse_host(HOST)
    plan = Plan(setup=setup, profile=profile, kind=plan_kind, host=host, ci="none")
    values = plan_values(plan, have_ca=False, expiry=None)
    values["name"] = name
    values["user"] = "USERNAME" if kind == "hosted" else "ci"
    homepage = getattr(reg, "homepage", None)
    if not profile.docs and isinstance(homepage, str) and homepage.startswith("https://"):
        values["docs"] = homepage
    notes = {}
    anon = reg.attr("anonymous_pull") if reg is not None and hasattr(reg, "attr") else None
    if anon is not None and getattr(anon, "note", None):
        notes["anonymous_pull"] = catalog_text.note(top["id"], "anonymous_pull", str(anon.note))
    ctx = Context(
        values=values,
        flags=make_flags(
            setup=setup,
            kind=plan_kind,
            output="guide",
            offline=answers.get("offline") is True,
            docs=values["docs"].startswith("https://"),
        ),
        output="guide",
        files=_files(plan, recipes, code) if kind != "hosted" else {},
        install_notes=recipe_text.notes(registry, "install_notes"),
        catalog_notes=notes,
    )
    rsteps = rendered_flow(recipes, f"guide-{kind}", registry, ctx)
    if not rsteps:
        # A product the bundle treats as self-hosted that the catalog also lists as hosted
        # (e.g. a vendor's cloud edition): no recipe for that, only the unconfirmed login.
        rsteps = rendered_flow(recipes, f"guide-{kind}", catalog_only_recipe(profile), ctx)
    steps: list[Step] = []
    sources: list[str] = []
    for rs in rsteps:
        steps += _as_guide_steps(rs)
        sources += rs.sources
    if kind == "hosted":
        for text, more in gotchas(registry, ctx):
            steps.append(Step(_plain(text)))
            sources += more

    public = setup == "public"
    if kind == "insecure":
        title = _("Setting up {name} as an insecure (plain HTTP) registry").format(name=name)
        intro = _("Replace `{host}` with the address your clients use for the registry.")
        command = f"registry-advisor setup --answers FILE --host {HOST} --output DIR"
    elif kind == "self-hosted":
        title = (
            _("Setting up {name} as a public registry you run yourself (TLS and logins)")
            if public
            else _("Setting up {name} as a private registry you run yourself (TLS and logins)")
        ).format(name=name)
        intro = _("Replace `{host}` and `registry.lan` with your registry's address.")
        command = f"registry-advisor setup --answers FILE --host {HOST} --output DIR"
    else:
        title = (
            _("Getting started with {name} (public, hosted)")
            if public
            else _("Getting started with {name} (private, hosted)")
        ).format(name=name)
        intro = _("Words in capitals (REGION, ACCOUNT_ID, USERNAME) are placeholders for yours.")
        command = "registry-advisor setup --answers FILE --output DIR"
    intro = intro.format(host=HOST)
    return Guide(
        kind=kind,
        title=title,
        intro=intro,
        steps=tuple(steps),
        sources=tuple(dict.fromkeys(sources)),
        command=command,
    )


def _files(plan: Any, recipes: Any, code: bool) -> dict[str, str]:
    """The config files the steps show: emitted, or (code=False) the same paths, empty."""
    from advisor.setup.emit import config_files, config_paths

    return config_files(plan, recipes) if code else dict.fromkeys(config_paths(plan), "")


_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EMPHASIS = re.compile(r"(?<=\s)\*(\w[^*]*?)\*(?=\s)")


def _plain(text: str) -> str:
    """Recipe prose without Markdown emphasis: the report's renderers show text as text."""
    return _EMPHASIS.sub(r"\1", _STRONG.sub(r"\1", text))


def _sentence(title: str, text: str) -> str:
    """A step's title and its text as one paragraph."""
    lead = title if title.endswith((".", ":", "?", "!")) else title + "."
    return f"{lead} {text}".strip()


def _as_guide_steps(rs: Any) -> list[Step]:
    """A rendered recipe step as guide steps: one per code block (a guide step holds one),
    text before a code block goes with it, text after the last one joins the last step."""
    out: list[Step] = []
    texts: list[str] = []
    for kind, content, lang in rs.blocks:
        if kind == "text":
            texts.append(_plain(content))
            continue
        if not out:
            out.append(Step(_sentence(rs.title, " ".join(texts)), content, lang, rs.links))
        elif not texts and out[-1].lang == lang and out[-1].code is not None:
            out[-1] = replace(out[-1], code=f"{out[-1].code}\n\n{content}")
        else:
            lead = " ".join(texts) or _("{title}, continued:").format(title=rs.title)
            out.append(Step(lead, content, lang))
        texts = []
    if texts:
        if out:
            out[-1] = replace(out[-1], text=f"{out[-1].text} {' '.join(texts)}")
        else:
            out.append(Step(_sentence(rs.title, " ".join(texts)), links=rs.links))
    return out
