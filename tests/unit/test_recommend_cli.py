"""`registry-advisor recommend` as a user runs it: bad input exits 2 with one clear line on
stderr and no traceback; good input prints the text or the documented JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, assert_one_error_line, run_cli

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
RULES = (ROOT / "data" / "rules.yaml").read_text()


def recommend(*args: str):
    return run_cli("recommend", *args)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def one_line(proc, *needles: str) -> str:
    err = assert_one_error_line(proc, *needles)
    assert len(err.strip().splitlines()) == 1, err
    assert proc.stdout == ""
    return err


# ---------------------------------------------------------------------------------------
# Bad input: exit 2, one line


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("reech: anywhere\n", ("unknown question 'reech'", 'did you mean "reach"', ":1:")),
        ("reach: lan\n", ("'lan' is not a choice", "allowed: local-network, anywhere")),
        ("offline: maybe\n", ("offline", "expected yes or no")),
        ("reach: 3\n", ("reach", "a number")),
        ("artifacts: [images, rpm]\n", ("'rpm' is not a choice", "allowed: images")),
        ("", ("file is empty",)),
        ("# only a comment\n", ("holds no data",)),
        ("- reach\n- anywhere\n", ("expected a mapping", "got a list")),
        ("just text\n", ("expected a mapping", "got a string")),
        ("reach: [anywhere\n", ("YAML syntax error", ":2:")),
    ],
    ids=[
        "unknown-id",
        "bad-choice",
        "bad-bool",
        "wrong-type",
        "bad-multi",
        "empty",
        "comments-only",
        "list",
        "scalar",
        "syntax",
    ],
)
def test_bad_answers_file(tmp_path, text, needles) -> None:
    one_line(recommend("--answers", write(tmp_path, "a.yaml", text)), *needles)


def test_missing_answers_file() -> None:
    one_line(recommend("--answers", "/nonexistent/answers.yaml"), "no such file")


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--answer", "reach=lan"], ("--answer reach", "allowed: local-network, anywhere")),
        (["--answer", "ofline=yes"], ("unknown question 'ofline'", 'did you mean "offline"')),
        (["--answer", "offline=perhaps"], ("expected yes or no",)),
        (["--answer", "reach"], ("ID=VALUE",)),
        (["--weight", "cots=2"], ("unknown criterion 'cots'", 'did you mean "cost"')),
        (["--weight", "cost=lots"], ("expected a number",)),
        (["--weight", "cost=99"], ("between 0 and 10",)),
        (["--format", "pdf"], ("invalid choice",)),
    ],
)
def test_bad_arguments(args, needles) -> None:
    one_line(recommend(*args), *needles)


def test_rules_file_naming_an_unknown_fact(tmp_path) -> None:
    old = "- id: anyone-may-pull\n    when: {fact: answer.audience,"
    assert old in RULES
    rules = write(
        tmp_path,
        "rules.yaml",
        RULES.replace(old, "- id: anyone-may-pull\n    when: {fact: answer.audiense,"),
    )
    err = one_line(
        recommend("--rules", rules, "--answer", "reach=anywhere"),
        "rule anyone-may-pull",
        "unknown fact 'answer.audiense'",
        'did you mean "answer.audience"',
    )
    assert "rules.yaml:" in err


def test_rules_file_with_a_syntax_error(tmp_path) -> None:
    rules = write(tmp_path, "rules.yaml", "rules: [\n")
    one_line(recommend("--rules", rules), "YAML syntax error")


def test_output_refuses_to_overwrite(tmp_path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("keep me")
    proc = recommend("--answer", "reach=anywhere", "--output", str(target))
    one_line(proc, "already exists", "--force")
    assert target.read_text() == "keep me"


# ---------------------------------------------------------------------------------------
# Good input (needs the shipped catalog)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_text(example) -> None:
    proc = recommend("--answers", str(example))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for heading in ("Setup:", "Registries that can serve it", "What if"):
        assert heading in out
    assert "Traceback" not in proc.stderr and proc.stderr == ""


def test_onprem_offline_reads_well() -> None:
    proc = recommend("--answers", str(ROOT / "examples" / "onprem-offline.yaml"))
    out = proc.stdout
    assert out.startswith("Setup: INSECURE")
    assert "Warnings and gotchas" in out and "Plain HTTP" in out
    flat = " ".join(out.split())
    assert "a TLS certificate?” were yes: the setup would be private." in flat
    assert "weights: fit 1" in out


def test_json_shape() -> None:
    proc = recommend(
        "--answers",
        str(ROOT / "examples" / "onprem-offline.yaml"),
        "--format",
        "json",
        "--weight",
        "cost=2",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    for key in (
        "schema_version",
        "setup",
        "setup_reasons",
        "registries",
        "excluded",
        "warnings",
        "assumptions",
        "sensitivity",
        "weights",
        "answers",
        "effective_answers",
        "catalog",
        "trace",
    ):
        assert key in data, key
    assert data["schema_version"] == 2
    assert data["setup"] == "insecure"
    first = data["registries"][0]
    assert {"id", "name", "rank", "score", "criteria", "hosting", "setups", "reasons"} <= set(first)
    assert data["weights"]["cost"]["value"] == 2
    assert data["answers"]["offline"] is True
    assert all(
        {"rule", "phase", "effect", "because", "evaluations"} <= set(t) for t in data["trace"]
    )


def test_overrides_win_over_the_file(tmp_path) -> None:
    base = str(ROOT / "examples" / "onprem-offline.yaml")
    proc = recommend("--answers", base, "--answer", "tls_certificates=yes", "--format", "json")
    assert json.loads(proc.stdout)["setup"] == "private"


def test_output_file_and_force(tmp_path) -> None:
    target = tmp_path / "rec.json"
    args = ["--answer", "audience=anyone", "--format", "json", "--output", str(target)]
    assert recommend(*args).returncode == 0
    assert json.loads(target.read_text())["setup"] == "public"
    assert recommend(*args).returncode == 2
    assert recommend(*args, "--force").returncode == 0


def test_json_is_deterministic() -> None:
    args = ("--answers", str(ROOT / "examples" / "private-aws.yaml"), "--format", "json")
    assert recommend(*args).stdout == recommend(*args).stdout


def test_full_trace_has_every_registry(tmp_path) -> None:
    proc = recommend("--answer", "reach=anywhere", "--format", "json", "--full-trace")
    data = json.loads(proc.stdout)
    entry = next(t for t in data["trace"] if t["rule"] == "open-source-freedom")
    # one evaluation per candidate: each registry in each mode its catalog hosting lists
    assert {e["registry"] for e in entry["evaluations"]} == {
        r["id"] for r in data["registries"] + data["excluded"]
    }
    assert len(entry["evaluations"]) >= data["catalog"]["registries"]
    assert {e["mode"] for e in entry["evaluations"]} == {"saas", "self-hosted"}


def test_warm_cache_recommend_skips_pydantic_and_textual(tmp_path) -> None:
    from test_imports import loaded_after

    env = {"XDG_CACHE_HOME": str(tmp_path)}
    args = [
        "recommend",
        "--answers",
        str(ROOT / "examples" / "onprem-offline.yaml"),
        "--format",
        "json",
    ]
    loaded_after(args, ("pydantic",), env)  # fills the cache
    assert loaded_after(args, ("pydantic", "textual", "rich"), env) == set()


def test_strict_unknowns_switch() -> None:
    proc = recommend("--answer", "must_have=scanning", "--strict-unknowns", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    for reg in data["registries"]:
        assert all(x["weighted"] <= 0 for x in reg["reasons"] if x.get("confirmed") is False)
    assert "--strict-unknowns" in run_cli("recommend", "--help").stdout
