"""The published JSON Schemas (draft 2020-12): the recommendation, the answers file, the catalog.

`registry-advisor schema NAME` prints one; the committed copies are in data/schemas/ and a
test fails when they drift from what this module generates. Regenerate them with

    registry-advisor schema NAME --output data/schemas/NAME.schema.json --force

- `recommendation`: generated from the typed records (advisor.decide.result, .trace and the
  report block in advisor.recommendation.report_block): every annotation becomes a property,
  every `DOC` line its description; keys in a record's `OPTIONAL` may be absent.
- `answers`: generated from data/questions.yaml: one property per question, with the
  values the answers loader (advisor.decide.answers.clean_value) accepts.
- `catalog`: generated from the catalog's pydantic models (advisor.catalog.models).
- `doctor`: what `doctor --json` prints; written by hand (advisor.doctor.schema) and
  checked against real output by the doctor tests.
"""

from __future__ import annotations

import json
import re
import typing
from typing import Any

from advisor.errors import UsageError, did_you_mean

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_NAMES = ("recommendation", "answers", "catalog", "doctor")
BASE_ID = "https://registry-advisor.invalid/schemas/"


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema called `name` (one of SCHEMA_NAMES); UsageError for another name."""
    if name == "recommendation":
        return recommendation_schema()
    if name == "doctor":
        # Written by hand beside advisor.doctor.model (a layer above this one), so it is
        # read from the committed file rather than generated here.
        from advisor.io.paths import data_file

        return json.loads(data_file("schemas", "doctor.schema.json").read_text("utf-8"))
    if name == "answers":
        from advisor.decide.questions import load_questions

        return answers_schema(load_questions())
    if name == "catalog":
        from advisor.catalog.models import json_schema

        return json_schema()
    raise UsageError(
        f"unknown schema '{name}'{did_you_mean(name, SCHEMA_NAMES)}; "
        f"schemas: {', '.join(SCHEMA_NAMES)}"
    )


def schema_text(name: str) -> str:
    """The schema as the committed file holds it: sorted keys, two-space indent."""
    return json.dumps(schema(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- recommendation


def recommendation_schema() -> dict[str, Any]:
    from advisor.decide.record import Record
    from advisor.decide.result import SCHEMA_VERSION, Recommendation
    from advisor.recommendation.report_block import ReportBlock

    defs: dict[str, Any] = {"Condition": _CONDITION}
    root = _record(Recommendation, defs, Record)
    block = _record(ReportBlock, defs, Record)
    del defs["Recommendation"]
    defs.pop("ReportBlock")
    root["properties"]["report"] = {
        **block,
        "description": "recommend --format json and the reports' JSON only: the report's "
        "date, tool version and citations (docs/report-json.md)",
    }
    return {
        "$schema": DIALECT,
        "$id": BASE_ID + "recommendation.schema.json",
        "title": f"Registry Advisor recommendation (schema_version {SCHEMA_VERSION})",
        "description": "What `registry-advisor recommend --format json` prints "
        "(docs/recommendation-json.md).",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


_NULLABLE_BOOL = {"type": ["boolean", "null"]}
_CONDITION = {
    "description": "A traced condition: an all/any/not node, or a leaf with the value seen",
    "oneOf": [
        {
            "type": "object",
            "required": ["fact", "op", "actual", "result"],
            "properties": {
                "fact": {"type": "string"},
                "op": {"type": "string"},
                "value": {},
                "actual": {},
                "result": _NULLABLE_BOOL,
                "assumed": {"const": True},
                "registry": {"type": "string"},
                "source": {"type": "string"},
            },
            "additionalProperties": False,
        },
        *(
            {
                "type": "object",
                "required": [kind, "result"],
                "properties": {
                    kind: {"type": "array", "items": {"$ref": "#/$defs/Condition"}},
                    "result": _NULLABLE_BOOL,
                },
                "additionalProperties": False,
            }
            for kind in ("all", "any")
        ),
        {
            "type": "object",
            "required": ["not", "result"],
            "properties": {"not": {"$ref": "#/$defs/Condition"}, "result": _NULLABLE_BOOL},
            "additionalProperties": False,
        },
    ],
}


def _record(cls: type, defs: dict[str, Any], base: type) -> dict[str, Any]:
    """An object schema for a record class; nested records go into `defs` by name."""
    hints = typing.get_type_hints(cls)
    props = {}
    for name in cls.__slots__:
        optional = name in cls.OPTIONAL
        prop = _type(hints[name], defs, base, drop_none=optional)
        doc = cls.DOC.get(name)
        if doc:
            prop = {**prop, "description": doc}
        props[name] = prop
    out = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n    ", " "),
        "properties": props,
        "required": [n for n in cls.__slots__ if n not in cls.OPTIONAL],
        "additionalProperties": False,
    }
    defs[cls.__name__] = out
    return dict(out)


def _type(hint: Any, defs: dict[str, Any], base: type, *, drop_none: bool = False) -> Any:
    if hint is Any:
        return {}
    if hint is type(None):
        return {"type": "null"}
    if getattr(hint, "__supertype__", None) is dict:  # the Condition NewType
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if isinstance(hint, type):
        if issubclass(hint, base):
            if hint.__name__ not in defs:
                defs[hint.__name__] = {}  # reserve: records may nest
                _record(hint, defs, base)
            return {"$ref": f"#/$defs/{hint.__name__}"}
        simple = {str: "string", bool: "boolean", int: "integer", float: "number", dict: "object"}
        if hint in simple:
            return {"type": simple[hint]}
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Literal:
        return {"const": args[0]} if len(args) == 1 else {"enum": list(args)}
    if origin is list:
        return {"type": "array", "items": _type(args[0], defs, base)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type(args[1], defs, base)}
    if args:  # a union
        members = [a for a in args if not (drop_none and a is type(None))]
        if len(members) == 1:
            return _type(members[0], defs, base)
        return {"anyOf": [_type(a, defs, base) for a in members]}
    raise TypeError(f"no JSON Schema for {hint!r}")  # a new annotation this must learn


# ---------------------------------------------------------------- answers


def answers_schema(questions: Any) -> dict[str, Any]:
    """One property per question, accepting what advisor.decide.answers accepts: a choice
    (surrounding spaces forgiven), yes/no as a boolean or a word in any case, and a multiple
    choice as a list or a comma-separated string."""
    from advisor.decide.answers import FALSE_WORDS, TRUE_WORDS

    props: dict[str, Any] = {}
    for q in questions:
        desc = " ".join(str(q.prompt).split())
        if q.type == "bool":
            words = sorted(TRUE_WORDS | FALSE_WORDS)
            prop: dict[str, Any] = {
                "anyOf": [
                    {"type": "boolean"},
                    {"type": "string", "pattern": _spaced(_any_case(words))},
                ]
            }
        elif q.type == "choice":
            prop = {
                "anyOf": [
                    {"enum": list(q.values)},
                    {"type": "string", "pattern": _spaced(_alternation(q.values))},
                ]
            }
        else:
            item = _alternation(q.values)
            prop = {
                "anyOf": [
                    {
                        "type": "array",
                        "items": {"type": "string", "pattern": _spaced(item)},
                    },
                    {
                        "type": "string",
                        "pattern": rf"^[\s,]*(?:{item})?(?:\s*,[\s,]*(?:{item}))*[\s,]*$",
                    },
                ]
            }
        props[q.id] = {"description": desc, **prop}
    return {
        "$schema": DIALECT,
        "$id": BASE_ID + "answers.schema.json",
        "title": "Registry Advisor answers file",
        "description": "A mapping of question id to answer (data/questions.yaml); "
        "registry-advisor recommend --answers FILE reads it.",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }


def _alternation(values: Any) -> str:
    return "|".join(re.escape(v) for v in values)


def _any_case(words: Any) -> str:
    return "|".join(
        "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in w)
        for w in words
    )


def _spaced(alternation: str) -> str:
    return rf"^\s*(?:{alternation})\s*$"
