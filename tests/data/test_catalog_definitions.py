"""Definitions written once, required attributes refused, and what `catalog audit` reports.

The shipped catalog is held to the definitions in docs/catalog.md; each cross-rule is also
shown to fire on a registry that breaks it, so none of these checks can pass vacuously.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, ROOT, assert_one_error_line, run_cli

from advisor.catalog.data import Catalog, Registry, catalog_from_json, registry_from_json
from advisor.catalog.load import load_catalog, parse_catalog_file
from advisor.catalog.models import (
    ATTRIBUTE_DEFINITIONS,
    ATTRIBUTE_NAMES,
    REQUIRED_ATTRIBUTES,
    json_schema,
)
from advisor.catalog.query import audit, definition_problems, is_vendor_source
from advisor.errors import DataError

MAX_UNKNOWN = 10


def overlay_data() -> dict[str, Any]:
    return yaml.safe_load((FIXTURES / "overlay.yaml").read_text())


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog()


def light(data: dict[str, Any]) -> Registry:
    """The first registry of a raw catalog mapping, as the light object the audit reads."""
    raw = json.loads(json.dumps(data["registries"][0], default=str))
    return registry_from_json(raw)


# ---------------------------------------------------------------- definitions, written once


def test_every_attribute_has_one_definition() -> None:
    assert set(ATTRIBUTE_DEFINITIONS) == set(ATTRIBUTE_NAMES)


def test_schema_carries_the_definitions() -> None:
    props = json_schema()["$defs"]["Attributes"]["properties"]
    for name in ATTRIBUTE_NAMES:
        assert props[name]["description"] == ATTRIBUTE_DEFINITIONS[name], name


def test_docs_repeat_each_definition_word_for_word() -> None:
    docs = (ROOT / "docs" / "catalog.md").read_text()
    for name in ATTRIBUTE_NAMES:
        heading = f"### `{name}`"
        assert heading in docs, f"docs/catalog.md has no section for {name}"
        section = " ".join(docs.split(heading, 1)[1].split("\n### ", 1)[0].split())
        assert ATTRIBUTE_DEFINITIONS[name] in section, f"docs/catalog.md drifted for {name}"


def test_ops_effort_is_required() -> None:
    assert "ops_effort" in REQUIRED_ATTRIBUTES


# ---------------------------------------------------------------- cross-rules


def test_shipped_catalog_keeps_the_cross_rules(shipped: Catalog) -> None:
    broken = {r.id: definition_problems(r) for r in shipped.registries}
    assert not any(broken.values()), broken


def test_oci_artifacts_imply_helm_and_signatures(shipped: Catalog) -> None:
    """The rule that decides image_signing, applied the same way to every registry."""
    for reg in shipped.registries:
        formats = reg.attr("formats").value
        if "oci-artifacts" in formats:
            assert "helm" in formats, reg.id
            assert reg.attr("image_signing").value is True, reg.id


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda a: a["formats"].update(value=["oci-images", "oci-artifacts"]), "not 'helm'"),
        (
            lambda a: (
                a["formats"].update(value=["oci-images", "oci-artifacts", "helm"]),
                a["image_signing"].update(value=False),
            ),
            "image_signing is false",
        ),
        (lambda a: a["hosting"].update(value=["saas"]), "'insecure'"),
        (
            lambda a: (
                a["hosting"].update(value=["saas"]),
                a["setups"].update(value=["public", "private"]),
                a["air_gapped"].update(value=True),
            ),
            "air_gapped is true",
        ),
        (lambda a: a["anonymous_pull"].update(value=True), "anonymous_pull is true"),
        (
            lambda a: a["setups"].update(value=["public", "private", "insecure"]),
            "anonymous_pull is false",
        ),
        (lambda a: a["ops_effort"].update(value="none"), "ops_effort is 'none'"),
        (
            lambda a: (
                a["ops_effort"].update(value="none"),
                a["hosting"].update(value=["saas", "self-hosted"]),
            ),
            "ops_effort is 'none' but hosting lists 'self-hosted'",
        ),
    ],
)
def test_each_cross_rule_fires(change: Any, expected: str) -> None:
    data = overlay_data()
    assert definition_problems(light(data)) == []
    change(data["registries"][0]["attributes"])
    problems = definition_problems(light(data))
    assert any(expected in p for p in problems), problems


def test_unknown_facts_break_no_rule() -> None:
    data = overlay_data()
    attrs = data["registries"][0]["attributes"]
    attrs["formats"]["value"] = ["oci-images", "oci-artifacts", "helm"]
    attrs["image_signing"] = {"value": "unknown", "note": "not read yet"}
    assert definition_problems(light(data)) == []


# ---------------------------------------------------------------- the shipped facts


def test_at_most_ten_unknowns_each_saying_what_would_settle_it(shipped: Catalog) -> None:
    unknown = [
        (r.id, n, r.attr(n).note)
        for r in shipped.registries
        for n in ATTRIBUTE_NAMES
        if r.attr(n) is not None and not r.attr(n).known
    ]
    assert len(unknown) <= MAX_UNKNOWN, unknown
    for rid, name, note in unknown:
        assert note and "settle" in note, (rid, name)


def test_every_registry_has_ops_effort_and_vendor_domains(shipped: Catalog) -> None:
    for reg in shipped.registries:
        assert reg.attr("ops_effort") is not None, reg.id
        assert reg.vendor_domains, reg.id


def test_attribute_sources_are_the_vendors_own(shipped: Catalog) -> None:
    for reg in shipped.registries:
        for name in ATTRIBUTE_NAMES:
            fact = reg.attr(name)
            if fact is not None and fact.source:
                assert is_vendor_source(fact.source, reg.vendor_domains), (reg.id, name)


def test_docker_hub_limits_match_the_current_usage_page(shipped: Catalog) -> None:
    hub = shipped.get("dockerhub")
    limits = hub.attr("pull_rate_limits")
    # today's figures lead the value; the withdrawn per-hour ones are named only as history
    assert limits.value.startswith("as of 2026-11-30: unauthenticated 100 pulls per 6 hours")
    assert "Personal (free, signed in) 200 pulls per 6 hours" in limits.value
    assert limits.source == "https://docs.docker.com/docker-hub/usage/pulls/"
    assert limits.verified == dt.date(2026, 11, 30)
    dates = {h.date.isoformat() for h in hub.history}
    assert {"2020-11-02", "2025-01-10", "2025-02-21", "2025-03-27", "2025-04-03"} <= dates


def test_definitional_corrections_hold(shipped: Catalog) -> None:
    assert "insecure" in shipped.get("quay").attr("setups").value
    for rid in ("ghcr", "distribution"):
        assert "helm" in shipped.get(rid).attr("formats").value, rid


# ---------------------------------------------------------------- required attributes


def test_validate_refuses_an_entry_without_ops_effort(tmp_path: Path) -> None:
    data = overlay_data()
    del data["registries"][0]["attributes"]["ops_effort"]
    proc = run_cli("validate", str(write(tmp_path, "no-ops.yaml", data)))
    err = assert_one_error_line(proc, "no-ops.yaml:", "'acme-harbor'", "'ops_effort'")
    assert len(err.strip().splitlines()) == 1, err


def test_every_command_that_loads_the_catalog_refuses_it(tmp_path: Path) -> None:
    data = overlay_data()
    del data["registries"][0]["attributes"]["ops_effort"]
    path = write(tmp_path, "no-ops.yaml", data)
    assert_one_error_line(
        run_cli("catalog", "list", "--catalog", str(path)), "'acme-harbor'", "'ops_effort'"
    )


@pytest.mark.parametrize("name", REQUIRED_ATTRIBUTES)
def test_loader_names_registry_and_attribute(tmp_path: Path, name: str) -> None:
    data = overlay_data()
    del data["registries"][0]["attributes"][name]
    with pytest.raises(DataError) as err:
        parse_catalog_file(write(tmp_path, "missing.yaml", data))
    assert f"registry 'acme-harbor' lacks required attribute '{name}'" in str(err.value)


def test_optional_attributes_may_be_absent(tmp_path: Path) -> None:
    data = overlay_data()
    for name in ("token_lifetime", "max_layer_size"):
        data["registries"][0]["attributes"].pop(name, None)
    assert parse_catalog_file(write(tmp_path, "optional.yaml", data)).ids == ["acme-harbor"]


# ---------------------------------------------------------------- the audit


def test_vendor_domains_match_hosts_and_path_prefixes() -> None:
    domains = ["docker.com", "github.com/docker"]
    assert is_vendor_source("https://docs.docker.com/docker-hub/", domains)
    assert is_vendor_source("https://docker.com/pricing", domains)
    assert is_vendor_source("https://github.com/docker/docs/blob/main/x.md", domains)
    assert not is_vendor_source("https://github.com/dockerfan/docs", domains)
    assert not is_vendor_source("https://notdocker.com/", domains)
    assert not is_vendor_source("https://example.com/docker.com", domains)


def _audit_of(data: dict[str, Any], max_age: int = 180) -> dict[str, Any]:
    raw = json.loads(json.dumps(data, default=str))
    return audit(catalog_from_json(raw), max_age, today=dt.date(2026, 12, 1))


def test_audit_groups_unknowns_by_attribute_and_registry() -> None:
    data = overlay_data()
    second = copy.deepcopy(data["registries"][0])
    second["id"] = "acme-zot"
    data["registries"].append(second)
    for reg in data["registries"]:
        reg["attributes"]["pricing"] = {"value": "unknown", "note": "a price list would settle it"}
    found = _audit_of(data)
    assert found["unknown_by_attribute"]["pricing"] == ["acme-harbor", "acme-zot"]
    assert found["unknown_by_attribute"]["ops_effort"] == ["acme-harbor", "acme-zot"]
    assert [r["id"] for r in found["registries"]] == ["acme-harbor", "acme-zot"]


def test_audit_flags_foreign_sources_secondary_notes_and_stale_facts() -> None:
    data = overlay_data()
    reg = data["registries"][0]
    reg["vendor_domains"] = ["goharbor.io", "github.com/goharbor"]
    attrs = reg["attributes"]
    attrs["sso"]["source"] = "https://blog.example.com/harbor-sso"
    attrs["sso"]["note"] = "From a secondary write-up; Harbor's page would confirm."
    found = _audit_of(data, max_age=0)
    entry = found["registries"][0]
    assert {"where": "attributes.sso", "source": "https://blog.example.com/harbor-sso"} in entry[
        "non_vendor_sources"
    ]
    assert [s["attribute"] for s in entry["secondary"]] == ["sso"]
    assert entry["stale"] and found["stale"] == len(entry["stale"])
    assert "vendor_domains_missing" not in entry


def test_audit_says_when_vendor_domains_are_missing() -> None:
    found = _audit_of(overlay_data())
    assert found["registries"][0]["vendor_domains_missing"] is True
    assert found["registries"][0]["non_vendor_sources"] == []


def test_audit_reports_broken_definitions() -> None:
    data = overlay_data()
    data["registries"][0]["attributes"]["formats"]["value"] = ["oci-images", "oci-artifacts"]
    found = _audit_of(data)
    assert found["definitions"] == 1
    assert "helm" in found["registries"][0]["definitions"][0]


def test_audit_cli_text_and_json() -> None:
    proc = run_cli("catalog", "audit", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["unknown"] <= MAX_UNKNOWN and data["definitions"] == 0
    assert set(data["unknown_by_attribute"]) <= set(ATTRIBUTE_NAMES)
    text = run_cli("catalog", "audit").stdout
    assert "Unknown, by attribute:" in text and "secondary" in text
    assert "foreign" in text  # the Debian package page cited by a Distribution gotcha


def test_seed_claims_carry_what_this_check_settled(shipped: Catalog) -> None:
    quay = shipped.get("quay").seed_claims[0]
    assert quay.status == "wrong" and "plain HTTP" in quay.finding
    ghcr = shipped.get("ghcr").seed_claims[0]
    assert (
        ghcr.source == "https://docs.github.com/en/billing/concepts/product-billing/github-packages"
    )
    assert "no tag immutability" in ghcr.finding


def test_light_value_sets_agree_with_the_models() -> None:
    """catalog.data's closed value sets (used by --filter without pydantic) are the models'."""
    import typing

    from advisor.catalog.data import ATTRIBUTE_VALUES, BOOLEAN_ATTRIBUTES
    from advisor.catalog.models import Attributes
    from advisor.catalog.query import _FALSE, _TRUE, _allowed_values

    closed, booleans = {}, []
    for name, info in Attributes.model_fields.items():
        fact = next(
            a
            for a in (info.annotation, *typing.get_args(info.annotation))
            if hasattr(a, "__pydantic_generic_metadata__")
        )
        (value_type,) = fact.__pydantic_generic_metadata__["args"]
        if value_type is bool:
            booleans.append(name)
            continue
        if typing.get_origin(value_type) is list:
            (value_type,) = typing.get_args(value_type)
        if typing.get_origin(value_type) is typing.Literal:
            closed[name] = typing.get_args(value_type)
    assert closed == ATTRIBUTE_VALUES
    assert tuple(booleans) == BOOLEAN_ATTRIBUTES
    assert set(_allowed_values("sso") or ()) == _TRUE | _FALSE | {"unknown"}
