"""The recipes' prose in the reader's language, for the report's setup guide and the
bundle's README (advisor.setup.readme renders both).

The recipes (data/setup/*.yaml) are written in English. Their prose is translated as data,
`data/i18n/<lang>/setup.yaml`, keyed by recipe file id:

    setup:
      <file id>:
        steps:     {<step id>: {en: HASH, title: ..., blocks: {<block index>: text}}}
        sections:  {<section id>: {en: HASH, title: ..., blocks: {<block index>: text}}}
        install_notes: {<index>: {en: HASH, text: ...}}
        gotchas:   {<index>: {en: HASH, text: ...}}
        secrets:   {<NAME>: {en: HASH, what: ...}}
        native:    {en: HASH, note: ...}
        systems:   {<CI system>: {en: HASH, intro: ..., where: ..., ca_note: ..., purpose: ...}}
        texts:     {<name>: {en: HASH, text: ...}}

`en` is `source_hash()` of the English the entry was translated from (for a step: its title
and text blocks in order; for a CI system: its fields in the order above). An entry whose
English has changed since is stale and the English is used, so a reader never follows an
outdated instruction; tests/data/test_i18n_setup.py fails on a stale, missing or extra
entry, and on placeholders, `code` spans or URLs that differ from the English.

Only prose is translated: code blocks, emitted files, commands and the CI files' contents
(which also quote a secret's `what`) stay as the recipes and emitters write them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.recommendation.catalog_text import source_hash

SYSTEM_FIELDS = ("intro", "where", "ca_note", "purpose")


def _file(file_id: str | None) -> Mapping[str, Any]:
    from advisor.i18n import data_translation, language

    if language() == "en" or not file_id:
        return {}
    entry = data_translation("setup").get(file_id)
    return entry if isinstance(entry, dict) else {}


def _group(file_id: str | None, group: str) -> Mapping[str, Any]:
    value = _file(file_id).get(group)
    return value if isinstance(value, dict) else {}


def item_english(item: Mapping[str, Any]) -> tuple[str, ...]:
    """A step's or section's English texts in hash order: its title, then its text blocks."""
    return (item["title"], *(b["text"] for b in item["blocks"] if "text" in b))


def _fresh(entry: Any, english: Sequence[str]) -> bool:
    return isinstance(entry, dict) and entry.get("en") == source_hash(*english)


def step(file_id: str | None, item: Mapping[str, Any], group: str = "steps") -> Mapping[str, Any]:
    """A step (or, with group='sections', a section) with its title and text blocks in the
    current language; the step itself when there is no fresh translation."""
    entry = _group(file_id, group).get(item.get("id"))
    if not _fresh(entry, item_english(item)):
        return item
    blocks = entry.get("blocks") or {}
    out_blocks = []
    for j, block in enumerate(item["blocks"]):
        text = blocks.get(j, blocks.get(str(j))) if "text" in block else None
        out_blocks.append({**block, "text": text} if isinstance(text, str) else block)
    title = entry.get("title")
    return {
        **item,
        "title": title if isinstance(title, str) else item["title"],
        "blocks": out_blocks,
    }


def section(file_id: str | None, item: Mapping[str, Any]) -> Mapping[str, Any]:
    """A README section (common.yaml's `sections`) in the current language."""
    return step(file_id, item, "sections")


def notes(registry: Mapping[str, Any] | None, group: str) -> tuple[Mapping[str, Any], ...]:
    """The registry's `install_notes` or `gotchas`, each text in the current language."""
    registry = registry or {}
    entries = _group(registry.get("id"), group)
    out = []
    for i, note in enumerate(registry.get(group, ())):
        entry = entries.get(i, entries.get(str(i)))
        if _fresh(entry, (note["text"],)) and isinstance(entry.get("text"), str):
            note = {**note, "text": entry["text"]}
        out.append(note)
    return tuple(out)


def secret_what(file_ids: Sequence[str | None], name: str, english: str) -> str:
    """What a CI secret holds, in the current language: the first of `file_ids` (the
    registry's recipe, then ci.yaml) with a fresh translation of this `english`."""
    for file_id in file_ids:
        entry = _group(file_id, "secrets").get(name)
        if _fresh(entry, (english,)) and isinstance(entry.get("what"), str):
            return entry["what"]
    return english


def native_note(file_id: str | None, english: str) -> str:
    """The note of a CI system's own login (GITHUB_TOKEN, CI_REGISTRY_*), translated."""
    entry = _file(file_id).get("native")
    if _fresh(entry, (english,)) and isinstance(entry.get("note"), str):
        return entry["note"]
    return english


def ci_system(name: str, system: Mapping[str, Any]) -> Mapping[str, Any]:
    """ci.yaml's texts for one CI system (intro, where, ca_note, purpose), translated."""
    entry = _group("ci", "systems").get(name)
    english = tuple(system[f] for f in SYSTEM_FIELDS if f in system)
    if not _fresh(entry, english):
        return system
    return {
        **system,
        **{f: entry[f] for f in SYSTEM_FIELDS if f in system and isinstance(entry.get(f), str)},
    }


def ci_texts(texts: Mapping[str, str]) -> Mapping[str, str]:
    """ci.yaml's shared `texts`, each in the current language."""
    entries = _group("ci", "texts")
    out = dict(texts)
    for name, english in texts.items():
        entry = entries.get(name)
        if _fresh(entry, (english,)) and isinstance(entry.get("text"), str):
            out[name] = entry["text"]
    return out
