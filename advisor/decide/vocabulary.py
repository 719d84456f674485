"""The closed vocabulary shared by the rule models and the rule loader.

Kept in its own module so the pydantic models (`decide.models`) and the loader
(`decide.rules`) can both read it without importing each other.
"""

from __future__ import annotations

SETUP_PHASE, GLOBAL_PHASE, REGISTRY_PHASE, POST_PHASE = "setup", "global", "registry", "post"
PHASES = (SETUP_PHASE, GLOBAL_PHASE, REGISTRY_PHASE, POST_PHASE)
#: The three kinds of setup, in the order the article teaches them.
SETUP_TYPES = ("public", "private", "insecure")
#: The effects a rule's `then` may name; exactly one per rule.
EFFECT_KINDS = (
    "decide_setup",
    "vote_setup",
    "exclude",
    "require",
    "boost",
    "penalise",
    "warn",
    "show_gotchas",
)
