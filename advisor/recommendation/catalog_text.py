"""The catalog's prose in the reader's language: registry summaries, gotchas (title and
detail), the notes on facts, the dated history and the checked claims of the seed article
that the reports and the catalog lesson show.

The catalog (data/registries.yaml) is written in English and stays the source of truth;
its values, names and sources never change with the language. Its whole paragraphs are
translated as data, `data/i18n/<lang>/catalog.yaml`:

    catalog:
      <registry id>:
        summary: {en: HASH, text: ...}
        gotchas:
          <gotcha_key(English title)>: {en: HASH, title: ..., detail: ...}
        notes:
          <attribute>: {en: HASH, text: ...}
        history:
          <date, YYYY-MM-DD>: {en: HASH, text: ...}
        claims:
          <claim_key(English claim)>: {en: HASH, claim: ..., finding: ...}

`en` is `source_hash()` of the English the translation was made from (for a gotcha, its
title and detail; for a checked claim, its claim and finding). When the catalog's English
has changed since, the translation is stale and the English is shown instead, so a reader
never gets an outdated claim;
tests/data/test_i18n_catalog.py fails on a stale, missing or extra entry. A registry from
a user's own catalog file has no translation and shows its own text.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

_SLUG = re.compile(r"[^a-z0-9]+")


def source_hash(*texts: Any) -> str:
    """12 hex digits of SHA-256 over the texts, whitespace runs made one space, joined by
    a newline: what a translation records as `en` to notice a changed English source."""
    joined = "\n".join(" ".join(str(t).split()) for t in texts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


def gotcha_key(title: str) -> str:
    """A gotcha's key in the translation file: its English title as a slug, at most 60
    characters ('Login tokens expire after 12 hours' -> 'login-tokens-expire-after-12-hours')."""
    return _SLUG.sub("-", str(title).lower()).strip("-")[:60].rstrip("-")


def claim_key(claim: str) -> str:
    """A checked claim's key: the first five words of its English as a slug. Short on
    purpose: the claims paraphrase the seed article, and a key must not quote it."""
    return "-".join(gotcha_key(claim).split("-")[:5])


def _entries(registry_id: str | None) -> dict[str, Any]:
    from advisor.i18n import data_translation, language

    if language() == "en" or not registry_id:
        return {}
    entry = data_translation("catalog").get(registry_id)
    return entry if isinstance(entry, dict) else {}


def _fresh(entry: Any, *english: Any) -> bool:
    return isinstance(entry, dict) and entry.get("en") == source_hash(*english)


def summary(registry_id: str | None, english: str) -> str:
    """The registry's summary in the current language (the English when untranslated)."""
    entry = _entries(registry_id).get("summary")
    if _fresh(entry, english) and isinstance(entry.get("text"), str):
        return entry["text"]
    return english


def gotcha(registry_id: str | None, title: str, detail: str) -> tuple[str, str]:
    """A gotcha's (title, detail) in the current language (the English when untranslated)."""
    entries = _entries(registry_id).get("gotchas")
    entry = entries.get(gotcha_key(title)) if isinstance(entries, dict) else None
    if _fresh(entry, title, detail):
        t, d = entry.get("title"), entry.get("detail")
        if isinstance(t, str) and isinstance(d, str):
            return t, d
    return title, detail


def note(registry_id: str | None, attribute: str, english: str) -> str:
    """The catalog's note on one fact (`attribute`, without 'registry.') in the current
    language (the English when untranslated)."""
    entries = _entries(registry_id).get("notes")
    entry = entries.get(attribute) if isinstance(entries, dict) else None
    if _fresh(entry, english) and isinstance(entry.get("text"), str):
        return entry["text"]
    return english


def history(registry_id: str | None, date: str, english: str) -> str:
    """A dated history event (`date` as YYYY-MM-DD) in the current language."""
    entries = _entries(registry_id).get("history")
    entry = entries.get(date) if isinstance(entries, dict) else None
    if _fresh(entry, english) and isinstance(entry.get("text"), str):
        return entry["text"]
    return english


def claim(registry_id: str | None, claim: str, finding: str) -> tuple[str, str]:
    """A checked claim of the seed article and what was found, as (claim, finding), in the
    current language (the English when untranslated)."""
    entries = _entries(registry_id).get("claims")
    entry = entries.get(claim_key(claim)) if isinstance(entries, dict) else None
    if _fresh(entry, claim, finding):
        c, f = entry.get("claim"), entry.get("finding")
        if isinstance(c, str) and isinstance(f, str):
            return c, f
    return claim, finding
