"""The catalog's prose in Indonesian (data/i18n/id/catalog.yaml), issue #15.

- every registry's summary, every gotcha (title and detail), every note the reports and the
  catalog lesson show (facts the catalog could not confirm, anonymous_pull's, which the setup
  guide quotes, and the lesson's detail facts), every dated history event and every checked
  claim of the seed article has a translation, and nothing else does;
- each translation was made from the English the catalog holds today (its `en` hash
  matches): when the English changes, this test names the entry to update;
- URLs and `code` spans are the same as in the English; the text is not the English;
- at run time a stale translation is not shown: the English is.
"""

from __future__ import annotations

import re

import pytest
import yaml

from advisor.learn.catalog_lesson import DETAIL_FACTS
from advisor.recommendation.catalog_text import claim_key, gotcha_key, source_hash
from tests.conftest import ROOT

CATALOG = yaml.safe_load((ROOT / "data" / "registries.yaml").read_text(encoding="utf-8"))
ID = yaml.safe_load((ROOT / "data" / "i18n" / "id" / "catalog.yaml").read_text(encoding="utf-8"))[
    "catalog"
]
URL = re.compile(r"https?://[^\s)>\]]+")
CODE = re.compile(r"(`+)(.+?)\1")


def translated_notes(reg: dict) -> dict[str, str]:
    """The notes shown: unconfirmed facts', anonymous_pull's and the lesson's detail facts'."""
    shown = {"anonymous_pull", *(name for name, _label in DETAIL_FACTS)}
    return {
        name: fact["note"]
        for name, fact in reg["attributes"].items()
        if isinstance(fact, dict)
        and fact.get("note")
        and (fact.get("value") == "unknown" or name in shown)
    }


def _expected() -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(registry, part, key, English texts) for everything that needs a translation."""
    out = []
    for reg in CATALOG["registries"]:
        out.append((reg["id"], "summary", "", (reg["summary"],)))
        for g in reg.get("gotchas") or ():
            out.append((reg["id"], "gotchas", gotcha_key(g["title"]), (g["title"], g["detail"])))
        for name, note in translated_notes(reg).items():
            out.append((reg["id"], "notes", name, (note,)))
        for h in reg.get("history") or ():
            out.append((reg["id"], "history", str(h["date"]), (h["event"],)))
        for c in reg.get("seed_claims") or ():
            out.append((reg["id"], "claims", claim_key(c["claim"]), (c["claim"], c["finding"])))
    return out


EXPECTED = _expected()


def _entry(registry: str, part: str, key: str) -> dict | None:
    reg = ID.get(registry) or {}
    return reg.get(part) if part == "summary" else (reg.get(part) or {}).get(key)


def test_counts():
    gotchas = sum(1 for e in EXPECTED if e[1] == "gotchas")
    assert gotchas == sum(len(r.get("gotchas") or ()) for r in CATALOG["registries"])
    assert gotchas >= 49
    assert sorted(ID) == sorted(r["id"] for r in CATALOG["registries"])


def test_no_extra_entries():
    want = {(r, p, k) for r, p, k, _ in EXPECTED}
    have = set()
    for rid, reg in ID.items():
        for part, value in reg.items():
            if part == "summary":
                have.add((rid, part, ""))
            else:
                have |= {(rid, part, key) for key in value}
    assert sorted(have - want) == [], "translations of nothing in the catalog"


@pytest.mark.parametrize(
    "registry,part,key,english", EXPECTED, ids=lambda x: x if isinstance(x, str) else ""
)
def test_translated_from_todays_english(registry, part, key, english):
    entry = _entry(registry, part, key)
    assert isinstance(entry, dict), f"no Indonesian for {registry} {part} {key}"
    assert entry.get("en") == source_hash(*english), (
        f"{registry} {part} {key}: the English changed since it was translated; update the "
        f"translation and set en: {source_hash(*english)}"
    )
    fields = {"gotchas": ("title", "detail"), "claims": ("claim", "finding")}.get(part, ("text",))
    assert set(entry) == {"en", *fields}
    texts = [entry[f] for f in fields]
    for en, idn in zip(english, texts, strict=True):
        assert idn.strip() and " ".join(idn.split()) != " ".join(en.split()), "untranslated"
        assert sorted(URL.findall(idn)) == sorted(URL.findall(en)), "URLs differ"
        assert sorted(c for _, c in CODE.findall(idn)) == sorted(c for _, c in CODE.findall(en))


def test_stale_translation_shows_the_english(monkeypatch):
    from advisor import i18n
    from advisor.recommendation import catalog_text

    reg = CATALOG["registries"][0]
    g = reg["gotchas"][0]
    monkeypatch.setattr(i18n, "_language", "id")
    title, detail = catalog_text.gotcha(reg["id"], g["title"], g["detail"])
    assert title == ID[reg["id"]]["gotchas"][gotcha_key(g["title"])]["title"]
    changed = g["detail"] + " Changed."
    assert catalog_text.gotcha(reg["id"], g["title"], changed) == (g["title"], changed)
    assert catalog_text.summary(reg["id"], reg["summary"]) == ID[reg["id"]]["summary"]["text"]
    assert catalog_text.summary(reg["id"], "Other.") == "Other."
    assert catalog_text.summary("not-in-catalog", "Mine.") == "Mine."
    monkeypatch.setattr(i18n, "_language", "en")
    assert catalog_text.summary(reg["id"], reg["summary"]) == reg["summary"]
