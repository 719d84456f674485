"""The catalog: models, the shipped data, overlays, and every bad input through the real CLI."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, assert_one_error_line, run_cli
from pydantic import ValidationError

from advisor import clock
from advisor.catalog.load import load_catalog, merge, parse_catalog_file
from advisor.catalog.models import REQUIRED_ATTRIBUTES, Catalog
from advisor.errors import DataError, DataErrors

EXPECTED_IDS = {
    "dockerhub",
    "ecr",
    "artifact-registry",
    "ghcr",
    "gitlab",
    "quay",
    "jfrog",
    "nexus",
    "harbor",
    "acr",
    "distribution",
    "zot",
}
SEED_IDS = {"dockerhub", "ecr", "artifact-registry", "ghcr", "gitlab", "quay", "jfrog", "nexus"}


def overlay_data() -> dict:
    return yaml.safe_load((FIXTURES / "overlay.yaml").read_text())


def write(tmp_path: Path, name: str, data: object | str) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
    return path


# ---------------------------------------------------------------- the shipped catalog


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog()


def test_shipped_catalog_has_the_twelve_registries(shipped: Catalog) -> None:
    assert set(shipped.ids) == EXPECTED_IDS


def test_every_known_fact_has_an_https_source_and_a_date(shipped: Catalog) -> None:
    today = clock.today()
    for reg in shipped.registries:
        for name in REQUIRED_ATTRIBUTES:
            fact = reg.attr(name)
            assert fact is not None, (reg.id, name)
            if fact.value == "unknown":
                assert fact.note, (reg.id, name)
            else:
                assert fact.source and fact.source.startswith("https://"), (reg.id, name)
                assert fact.verified and fact.verified <= today, (reg.id, name)


def test_insecure_only_for_self_hosted(shipped: Catalog) -> None:
    for reg in shipped.registries:
        setups = reg.attributes.setups.value
        if isinstance(setups, list) and "insecure" in setups:
            assert "self-hosted" in reg.attributes.hosting.value, reg.id


def test_seed_registries_check_the_article(shipped: Catalog) -> None:
    for rid in SEED_IDS:
        assert shipped.get(rid).seed_claims, f"{rid} has no checked claims of the seed article"
    ar = shipped.get("artifact-registry")
    assert any("2025-03-18" in h.date.isoformat() for h in ar.history), (
        "Container Registry's shutdown must be recorded"
    )


def test_shipped_catalog_follows_its_schema() -> None:
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "data" / "schemas" / "catalog.schema.json").read_text())
    data = yaml.safe_load((ROOT / "data" / "registries.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)


# ---------------------------------------------------------------- models


def test_unknown_value_needs_a_note() -> None:
    data = overlay_data()
    data["registries"][0]["attributes"]["sso"] = {"value": "unknown"}
    with pytest.raises(ValidationError, match="needs a note"):
        Catalog.model_validate(data)


def test_known_value_needs_source_and_date() -> None:
    data = overlay_data()
    data["registries"][0]["attributes"]["sso"] = {"value": True, "verified": dt.date(2026, 1, 1)}
    with pytest.raises(ValidationError, match="needs a source"):
        Catalog.model_validate(data)


def test_http_source_refused() -> None:
    data = overlay_data()
    data["registries"][0]["attributes"]["sso"]["source"] = "http://example.com/"
    with pytest.raises(ValidationError):
        Catalog.model_validate(data)


def test_future_date_refused() -> None:
    data = overlay_data()
    future = clock.today() + dt.timedelta(days=2)
    data["registries"][0]["attributes"]["sso"]["verified"] = future
    with pytest.raises(ValidationError, match="in the future"):
        Catalog.model_validate(data)


def test_insecure_needs_self_hosted() -> None:
    data = overlay_data()
    data["registries"][0]["attributes"]["hosting"]["value"] = ["saas"]
    with pytest.raises(ValidationError, match="plain HTTP"):
        Catalog.model_validate(data)


def test_unknown_keys_refused_in_models() -> None:
    data = overlay_data()
    data["registries"][0]["colour"] = "blue"
    with pytest.raises(ValidationError, match="Extra inputs"):
        Catalog.model_validate(data)


def test_strict_bools() -> None:
    data = overlay_data()
    data["registries"][0]["attributes"]["sso"]["value"] = "true"
    with pytest.raises(ValidationError):
        Catalog.model_validate(data)


# ---------------------------------------------------------------- overlay


def test_overlay_adds_and_overrides(tmp_path: Path) -> None:
    data = overlay_data()
    added = load_catalog([FIXTURES / "overlay.yaml"])
    assert added.ids[-1] == "acme-harbor"
    # Override a shipped entry by id: the overlay's facts win and the order is kept.
    data["registries"][0]["id"] = "harbor"
    data["registries"][0]["name"] = "Our Harbor"
    over = load_catalog([write(tmp_path, "o.yaml", data)])
    base = load_catalog()
    assert over.ids == base.ids
    assert over.get("harbor").name == "Our Harbor"


def test_merge_is_pure() -> None:
    a = parse_catalog_file(FIXTURES / "overlay.yaml")
    merged = merge(a, a)
    assert merged.ids == ["acme-harbor"] and a.ids == ["acme-harbor"]


def test_overlay_through_cli() -> None:
    proc = run_cli("catalog", "list", "--json", "--catalog", str(FIXTURES / "overlay.yaml"))
    assert proc.returncode == 0, proc.stderr
    ids = [r["id"] for r in json.loads(proc.stdout)["registries"]]
    assert "acme-harbor" in ids and len(ids) == 13
    proc = run_cli("--catalog", str(FIXTURES / "overlay.yaml"), "compare", "acme-harbor", "harbor")
    assert proc.returncode == 0, proc.stderr
    assert "ACME internal Harbor" in proc.stdout


# ---------------------------------------------------------------- commands


def test_list_shows_twelve() -> None:
    proc = run_cli("catalog", "list")
    assert proc.returncode == 0, proc.stderr
    for rid in EXPECTED_IDS:
        assert rid in proc.stdout
    assert proc.stdout.startswith("12 of 12 registries")


def test_list_filters() -> None:
    proc = run_cli("catalog", "list", "--json", "--filter", "setups=insecure")
    rows = json.loads(proc.stdout)["registries"]
    assert rows and all("insecure" in r["setups"] for r in rows)
    assert all("self-hosted" in r["hosting"] for r in rows)
    proc = run_cli(
        "catalog", "list", "--json", "--filter", "hosting=saas", "--filter", "native_to=aws"
    )
    assert [r["id"] for r in json.loads(proc.stdout)["registries"]] == ["ecr"]


def test_show_json_has_every_required_attribute() -> None:
    proc = run_cli("catalog", "show", "ghcr", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["id"] == "ghcr"
    for name in REQUIRED_ATTRIBUTES:
        fact = data["attributes"][name]
        assert "value" in fact
        if fact["value"] != "unknown":
            assert fact["source"].startswith("https://") and fact["verified"]


def test_show_text_has_sources_and_ages() -> None:
    proc = run_cli("catalog", "show", "dockerhub")
    assert proc.returncode == 0
    assert "days ago" in proc.stdout and "https://" in proc.stdout


def test_compare_json_marks_differences() -> None:
    proc = run_cli("compare", "harbor", "ghcr", "--json")
    data = json.loads(proc.stdout)
    assert data["registries"] == ["harbor", "ghcr"]
    assert data["attributes"]["hosting"]["differs"] is True
    cell = data["attributes"]["hosting"]["cells"]["harbor"]
    assert isinstance(cell["age_days"], int) and cell["source"].startswith("https://")


def test_compare_table() -> None:
    proc = run_cli("compare", "harbor", "zot", "distribution")
    assert proc.returncode == 0, proc.stderr
    assert "hosting" in proc.stdout and "(zot)" in proc.stdout


def test_audit_lists_unknown_and_stale(tmp_path: Path) -> None:
    proc = run_cli("catalog", "audit", "--json", "--max-age", "0")
    data = json.loads(proc.stdout)
    assert data["facts"] > 12 * len(REQUIRED_ATTRIBUTES) - 1
    shipped = load_catalog()
    unknown = sum(
        1 for r in shipped.registries for n in REQUIRED_ATTRIBUTES if r.attr(n).value == "unknown"
    )
    assert data["unknown"] >= unknown
    old = overlay_data()  # verified 2026-11-01, so stale against --max-age 1
    proc = run_cli(
        "catalog", "audit", "--max-age", "1", "--catalog", str(write(tmp_path, "o.yaml", old))
    )
    assert "acme-harbor" in proc.stdout and "stale" in proc.stdout


def test_validate_shipped_and_fixture() -> None:
    proc = run_cli("validate")
    assert proc.returncode == 0, proc.stderr
    assert "valid: 12 registries" in proc.stdout
    assert run_cli("validate", str(FIXTURES / "overlay.yaml")).returncode == 0


def test_schema_command(tmp_path: Path) -> None:
    proc = run_cli("catalog", "schema")
    assert json.loads(proc.stdout)["title"] == "Registry Advisor catalog"
    assert proc.stdout == run_cli("schema", "catalog").stdout  # the alias prints the same


# ---------------------------------------------------------------- bad input, through the CLI


def test_missing_file(tmp_path: Path) -> None:
    assert_one_error_line(
        run_cli("validate", str(tmp_path / "nope.yaml")), "nope.yaml", "no such file"
    )


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"schema_version: 1\nname: caf\xe9\n")
    assert_one_error_line(run_cli("validate", str(path)), "latin.yaml:2", "UTF-8")


def test_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", "schema_version: 1\nregistries:\n  - id: [x\n")
    assert_one_error_line(run_cli("validate", str(path)), "broken.yaml:4:1", "YAML syntax error")


def test_empty_file(tmp_path: Path) -> None:
    assert_one_error_line(
        run_cli("validate", str(write(tmp_path, "e.yaml", "\n"))), "e.yaml", "empty"
    )


def test_list_where_mapping_belongs(tmp_path: Path) -> None:
    path = write(tmp_path, "l.yaml", "- id: x\n")
    assert_one_error_line(run_cli("validate", str(path)), "l.yaml:1", "expected a mapping", "list")


def test_registries_not_a_list(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", "schema_version: 1\nregistries:\n  id: x\n")
    assert_one_error_line(run_cli("validate", str(path)), "m.yaml:2", "registries")


def test_unknown_key_suggests(tmp_path: Path) -> None:
    data = overlay_data()
    attrs = data["registries"][0]["attributes"]
    attrs["retention_policy"] = attrs.pop("retention_policies")
    err = assert_one_error_line(
        run_cli("validate", str(write(tmp_path, "k.yaml", data))),
        "retention_policy",
        'did you mean "retention_policies"',
    )
    assert "k.yaml:" in err


def test_wrong_type(tmp_path: Path) -> None:
    data = overlay_data()
    data["registries"][0]["attributes"]["sso"]["value"] = "sometimes"
    err = assert_one_error_line(
        run_cli("validate", str(write(tmp_path, "t.yaml", data))), "attributes.sso.value", "boolean"
    )
    assert "'sometimes'" in err


def test_duplicate_id(tmp_path: Path) -> None:
    data = overlay_data()
    data["registries"].append(copy.deepcopy(data["registries"][0]))
    text = yaml.safe_dump(data, sort_keys=False)
    err = assert_one_error_line(
        run_cli("validate", str(write(tmp_path, "d.yaml", text))), "duplicate id 'acme-harbor'"
    )
    assert "first defined on line 3" in err


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    data = overlay_data()
    attrs = data["registries"][0]["attributes"]
    attrs["sso"]["value"] = "maybe"
    attrs["formats"]["value"] = ["docker"]
    del attrs["pricing"]
    proc = run_cli("validate", str(write(tmp_path, "many.yaml", data)))
    lines = assert_one_error_line(proc).splitlines()
    assert len(lines) == 3, lines
    assert any("pricing" in ln for ln in lines)


def test_alias_bomb_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    prev = "a"
    for name in "bcdefghij":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
        prev = name
    path = write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    proc = run_cli("validate", str(path), timeout=20)
    assert_one_error_line(proc, "bomb.yaml", "alias")


def test_oversized_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * (3 * 1024 * 1024) + "\n")
    assert_one_error_line(run_cli("validate", str(path)), "big.yaml", "limit")


def test_unknown_id_in_show_and_compare() -> None:
    assert_one_error_line(
        run_cli("catalog", "show", "gchr"), "unknown registry id 'gchr'", 'did you mean "ghcr"'
    )
    assert_one_error_line(run_cli("compare", "harbor", "zott"), 'did you mean "zot"')


def test_bad_filter() -> None:
    assert_one_error_line(
        run_cli("catalog", "list", "--filter", "hostng=saas"), 'did you mean "hosting"'
    )
    assert_one_error_line(run_cli("catalog", "list", "--filter", "sso"), "ATTR=VALUE")


def test_bad_overlay_names_its_file(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", "schema_version: 1\nregistries: []\nextra: 1\n")
    assert_one_error_line(
        run_cli("catalog", "list", "--catalog", str(path)), "mine.yaml:3", "extra"
    )


def test_data_errors_lines() -> None:
    errs = DataErrors([DataError("a", file="f", line=1), DataError("b", file="f", line=2)])
    assert errs.lines() == ["f:1: a", "f:2: b"]


def test_light_objects_agree_with_the_models() -> None:
    from advisor.catalog import data as catalog_data
    from advisor.catalog import models as catalog_models

    assert catalog_data.ATTRIBUTE_NAMES == catalog_models.ATTRIBUTE_NAMES
    assert catalog_data.REQUIRED_ATTRIBUTES == catalog_models.REQUIRED_ATTRIBUTES


def test_cache_hit_matches_a_fresh_validation(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    cold = run_cli("catalog", "show", "zot", "--json", env=env)
    warm = run_cli("catalog", "show", "zot", "--json", env=env)
    off = run_cli("catalog", "show", "zot", "--json", env={"ADVISOR_NO_CACHE": "1"})
    assert cold.returncode == warm.returncode == off.returncode == 0
    assert cold.stdout == warm.stdout == off.stdout
    assert list((tmp_path / "cache" / "registry-advisor").glob("catalog-*.json"))


def test_edited_file_is_revalidated_despite_the_cache(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    path = write(tmp_path, "o.yaml", overlay_data())
    assert run_cli("validate", str(path), env=env).returncode == 0
    data = overlay_data()
    data["registries"][0]["attributes"]["sso"]["value"] = "perhaps"
    write(tmp_path, "o.yaml", data)
    assert_one_error_line(run_cli("validate", str(path), env=env), "sso")


@pytest.mark.parametrize(
    ("given", "allowed"),
    [
        ("hosting=bad", "saas, self-hosted, unknown"),
        ("setups=secure", "public, private, insecure, unknown"),
        ("native_to=aws2", "aws, gcp, azure, github, gitlab, openshift, kubernetes, unknown"),
        ("ops_effort=tiny", "none, low, medium, high, unknown"),
        ("open_source=maybe", "true, false, yes, no, on, off, 1, 0, unknown"),
    ],
)
def test_list_filter_refuses_a_value_the_attribute_cannot_have(given: str, allowed: str) -> None:
    key, value = given.split("=")
    for args in (["catalog", "list"], ["catalog", "list", "--json"]):
        proc = run_cli(*args, "--filter", given)
        err = assert_one_error_line(proc, f"--filter {key}: '{value}'", f"allowed: {allowed}")
        assert len(err.strip().splitlines()) == 1 and proc.stdout == ""


def test_list_filter_suggests_the_close_value_and_takes_any_case() -> None:
    proc = run_cli("catalog", "list", "--filter", "hosting=self-hostd")
    assert_one_error_line(proc, 'did you mean "self-hosted"?')
    for ok in ("hosting=SaaS", "setups=unknown", "open_source=yes", "free_tier=anything"):
        assert run_cli("catalog", "list", "--json", "--filter", ok).returncode == 0, ok
