"""The registry catalog: pydantic models (`models`), light read-only objects (`data`),
loading with overlays (`load`), its JSON Schema (`models.json_schema`) and queries over it
(`query`: filters, fact ages, the audit)."""
