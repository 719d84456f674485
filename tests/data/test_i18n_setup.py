"""The setup recipes' prose in Indonesian (data/i18n/id/setup.yaml), issue #15.

- every translatable text of every recipe in data/setup (step and section titles and text
  blocks, install notes, gotchas, CI secrets' `what`, the native login note, the CI
  systems' texts and ci.yaml's shared texts) has a translation, and nothing else does;
- each translation was made from today's English (`en` hash), so a changed recipe names
  the entry to update;
- `{{placeholders}}`, `code` spans and URLs are the same as the English's, and the text is
  not the English (a name such as "k3s" may stay);
- code blocks are never translated: a translated step keeps its code blocks as they are;
- at run time English renders the recipe's own words and a stale entry falls back to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml

from advisor.recommendation.catalog_text import source_hash
from advisor.setup.recipe_text import SYSTEM_FIELDS, item_english
from advisor.setup.recipes import load_recipes
from tests.conftest import ROOT

ID = yaml.safe_load((ROOT / "data" / "i18n" / "id" / "setup.yaml").read_text(encoding="utf-8"))[
    "setup"
]
PLACEHOLDER = re.compile(r"\{\{[A-Za-z_]+\}\}")
CODE = re.compile(r"(`+)(.+?)\1", re.S)
URL = re.compile(r"https?://[^\s)>\]]+")
ENGLISH = frozenset(
    ("the", "and", "with", "your", "is", "are", "to", "of", "for", "that", "this", "when", "from")
    + ("not", "can", "it", "on", "in", "or")
)


def _items() -> Iterator[tuple[str, tuple, tuple[str, ...], dict[str, str]]]:
    """(file id, key path, English texts hashed, {field: English}) of every entry."""
    recipes = load_recipes()
    for fid, data in recipes.files.items():
        for group in ("steps", "sections"):
            for item in data.get(group, []):
                fields = {"title": item["title"]}
                fields |= {j: b["text"] for j, b in enumerate(item["blocks"]) if "text" in b}
                yield fid, (group, item["id"]), item_english(item), fields
        for group in ("install_notes", "gotchas"):
            for i, note in enumerate(data.get(group, [])):
                yield fid, (group, i), (note["text"],), {"text": note["text"]}
        login = data.get("login") or {}
        for s in login.get("secrets") or ():
            yield fid, ("secrets", s["name"]), (s["what"],), {"what": s["what"]}
        if login.get("native"):
            note = login["native"]["note"]
            yield fid, ("native",), (note,), {"note": note}
        for name, system in (data.get("systems") or {}).items():
            fields = {f: system[f] for f in SYSTEM_FIELDS if f in system}
            yield fid, ("systems", name), tuple(fields.values()), fields
        for name, text in (data.get("texts") or {}).items():
            yield fid, ("texts", name), (text,), {"text": text}


ITEMS = list(_items())


def _entry(fid: str, path: tuple) -> dict | None:
    node = ID.get(fid)
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _translated(entry: dict, field: str | int) -> str | None:
    if isinstance(field, int):
        return (entry.get("blocks") or {}).get(field)
    return entry.get(field)


def test_every_recipe_file_is_translated_and_nothing_else():
    assert sorted(ID) == sorted(load_recipes().files)


def test_no_extra_entries():
    want = {(fid, path) for fid, path, _, _ in ITEMS}
    have = set()
    for fid, data in ID.items():
        for group, value in data.items():
            if group == "native":
                have.add((fid, ("native",)))
            else:
                have |= {(fid, (group, key)) for key in value}
    assert sorted(have - want, key=str) == [], "translations of nothing in data/setup"
    for fid, path, _, fields in ITEMS:
        entry = _entry(fid, path) or {}
        keys = set(entry) - {"en", "blocks"} | {("b", j) for j in entry.get("blocks") or {}}
        expect = {f if isinstance(f, str) else ("b", f) for f in fields}
        assert keys == expect, (fid, path)


@pytest.mark.parametrize(
    "fid,path,english,fields", ITEMS, ids=[f"{i[0]}:{'/'.join(map(str, i[1]))}" for i in ITEMS]
)
def test_translation_matches_todays_english(fid, path, english, fields):
    entry = _entry(fid, path)
    assert isinstance(entry, dict), f"no Indonesian for {fid} {path}"
    assert entry.get("en") == source_hash(*english), (
        f"{fid} {path}: the English changed since it was translated; update the translation "
        f"and set en: '{source_hash(*english)}'"
    )
    for field, en in fields.items():
        idn = _translated(entry, field)
        assert isinstance(idn, str) and idn.strip(), (field, "missing")
        assert sorted(PLACEHOLDER.findall(idn)) == sorted(PLACEHOLDER.findall(en)), field
        assert sorted(URL.findall(idn)) == sorted(URL.findall(en)), field
        codes_en = sorted(" ".join(c.split()) for _, c in CODE.findall(en))
        assert sorted(" ".join(c.split()) for _, c in CODE.findall(idn)) == codes_en, field
        if ENGLISH & set(re.findall(r"[a-z]+", en.lower())):  # names alone ("k3s") may stay
            assert " ".join(idn.split()) != " ".join(en.split()), (field, "untranslated")
        assert en.count("\n") == idn.count("\n") or "\n" not in en, (field, "list lines differ")


def _guide(lang: str) -> str:
    from advisor import i18n
    from advisor.present.guide import setup_guide

    rec = {
        "setup": "insecure",
        "registries": [{"id": "distribution", "name": "CNCF Distribution", "hosting": []}],
        "effective_answers": {"offline": True},
    }
    i18n.set_language(lang)
    try:
        guide = setup_guide(rec)
        assert guide is not None
        return "\n".join([guide.title, guide.intro] + [s.text for s in guide.steps])
    finally:
        i18n.set_language("en")


def test_guide_in_both_languages():
    english = _guide("en")
    assert "Carry the images in." in english and "Bawa masuk" not in english
    indonesian = _guide("id")
    assert "Bawa masuk image-nya." in indonesian and "Carry the images in" not in indonesian
    assert "registry insecure (HTTP biasa)" in indonesian


def test_code_blocks_stay_and_stale_entries_fall_back(monkeypatch):
    from advisor import i18n
    from advisor.setup import recipe_text

    step = next(s for s in load_recipes().get("clients")["steps"] if s["id"] == "containerd")
    monkeypatch.setattr(i18n, "_language", "id")
    out = recipe_text.step("clients", step)
    assert out["title"] != step["title"]
    for before, after in zip(step["blocks"], out["blocks"], strict=True):
        if "code" in before or "file" in before:
            assert after == before
    changed = {**step, "title": step["title"] + " (changed)"}
    assert recipe_text.step("clients", changed) is changed
    monkeypatch.setattr(i18n, "_language", "en")
    assert recipe_text.step("clients", step) is step
