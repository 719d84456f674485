"""The words the engine writes into a recommendation: a registry's name with its mode,
catalog values filled into a rule's sentence, and the sentence for an unconfirmed outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.decide import conditions as C
from advisor.i18n import N_

#: How each mode is named after the registry, for registries offered in both.
# English (the JSON's words); the faces translate them (msgids listed for Babel).
MODE_LABELS = {"saas": N_("hosted by the vendor"), "self-hosted": N_("self-hosted")}
#: An exclusion that rests on an unconfirmed fact costs this many `fit` points instead.
UNKNOWN_EXCLUDE_POINTS = 1.0


def modes_of(registry: Any) -> tuple[str, ...]:
    """The modes a registry can run in, from its catalog `hosting` (both when unknown)."""
    hosting = C.registry_value(registry, "hosting")[0]
    if hosting == C.UNKNOWN or not isinstance(hosting, list | tuple):
        return C.MODES
    return tuple(m for m in C.MODES if m in hosting) or C.MODES


def display_name(registry: Any, mode: str) -> str:
    """The registry's name, followed by its mode when the catalog offers it in both."""
    if len(modes_of(registry)) > 1:
        return f"{registry.name}, {MODE_LABELS.get(mode, mode)}"
    return registry.name


def fill_in(text: str, registry: Any) -> str:
    """Replace `{registry.<attribute>}` with that attribute's value (text, never code)."""
    if registry is None or "{registry." not in text:
        return text

    def value(match: Any) -> str:
        v = C.registry_value(registry, match.group(1).split(".", 1)[1])[0]
        if isinstance(v, list | tuple):
            return ", ".join(str(x) for x in v) or "none"
        return "not confirmed" if v == C.UNKNOWN else str(v).rstrip(".")

    from advisor.decide.rules import PLACEHOLDER

    return PLACEHOLDER.sub(value, text)


#: Said after an unconfirmed reason when `--strict-unknowns` counted the fact as missing.
STRICT_TAIL = N_("With --strict-unknowns it counts as missing: a penalty in full, no credit.")


def unconfirmed_sentence(facts: Sequence[str], kind: str, *, strict: bool = False) -> str:
    """The reason given for an outcome that rests on unconfirmed facts, when the rule has
    no `unconfirmed` sentence of its own; `strict` for `--strict-unknowns` runs."""
    names = ", ".join(f.split(".", 1)[-1].replace("_", " ") for f in facts) or "a fact"
    if strict:
        return f"Not confirmed: the catalog could not confirm its {names}. {STRICT_TAIL}"
    if kind in ("exclude", "require"):
        return (
            f"Not confirmed: the catalog could not confirm its {names}, so instead of ruling "
            f"it out this costs {UNKNOWN_EXCLUDE_POINTS:g} fit point; check the vendor's "
            "documentation."
        )
    return (
        f"Not confirmed: the catalog could not confirm its {names}, so this counts a third "
        "of its usual weight."
    )


def note_of(registry: Any, fact_name: str) -> str | None:
    if registry is None or not fact_name.startswith("registry."):
        return None
    fact = getattr(registry.attributes, fact_name.split(".", 1)[1], None)
    return getattr(fact, "note", None) if fact is not None else None
