"""The published JSON Schema of `doctor --json` (data/schemas/doctor.schema.json).

Written by hand next to advisor.doctor.model, whose `to_json` methods it describes; the
tests validate real output (from Distribution and from small local servers) against it,
and `additionalProperties: false` makes a key added on one side only fail them.
"""

from __future__ import annotations

from pathlib import Path


def schema_path() -> Path:
    from advisor.io.paths import data_file

    return data_file("schemas", "doctor.schema.json")


def schema_text() -> str:
    """The schema file's text (JSON, draft 2020-12)."""
    return schema_path().read_text(encoding="utf-8")
