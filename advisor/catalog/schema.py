"""The committed JSON Schema of the catalog, generated from the pydantic models.

Regenerate after changing the models:  registry-advisor catalog schema --output
data/registries.schema.json --force  (a test fails when the committed file drifts).
"""

from __future__ import annotations

import json


def schema_text() -> str:
    from advisor.catalog.models import json_schema

    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
