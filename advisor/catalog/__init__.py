"""The registry catalog: pydantic models (`models`), light read-only objects (`data`),
loading with overlays (`load`), the committed JSON Schema (`schema`) and queries over it
(`query`: filters, fact ages, the audit)."""
