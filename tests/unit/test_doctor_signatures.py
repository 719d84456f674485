"""The error signatures in data/errors.yaml: each recognises a real message, the file is
validated at load, and causes are ordered and decided by the facts of a diagnosis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, assert_one_error_line, run_cli

from advisor.doctor.signatures import decide, load_signatures, match
from advisor.errors import DataError, UsageError

# (signature expected first, a message as Docker, containerd, Podman, skopeo, buildx or a
# registry prints it)
MESSAGES = [
    ("http-response-to-https",
     'Error response from daemon: Get "https://192.168.1.20:5000/v2/": http: server gave '
     "HTTP response to HTTPS client"),
    ("http-response-to-https",
     'failed to do request: Head "https://reg.lan:5000/v2/app/manifests/1": tls: first '
     "record does not look like a TLS handshake"),
    ("x509-unknown-authority",
     'Error response from daemon: Get "https://registry.lan/v2/": tls: failed to verify '
     "certificate: x509: certificate signed by unknown authority"),
    ("x509-legacy-common-name",
     'Get "https://10.0.0.5:5000/v2/": x509: certificate relies on legacy Common Name '
     "field, use SANs instead"),
    ("x509-legacy-common-name",
     "transport: authentication handshake failed: x509: certificate relies on legacy Common "
     "Name field, use SANs or temporarily enable Common Name matching with "
     "GODEBUG=x509ignoreCN=0"),
    ("x509-name-mismatch",
     'Get "https://registry.lan/v2/": x509: certificate is valid for ingress.local, not '
     "registry.lan"),
    ("x509-name-mismatch",
     'Get "https://10.1.2.3:5000/v2/": x509: cannot validate certificate for 10.1.2.3 '
     "because it doesn't contain any IP SANs"),
    ("x509-expired",
     'Get "https://reg.lan/v2/": x509: certificate has expired or is not yet valid: current '
     "time 2026-11-30T06:00:00Z is after 2026-11-01T00:00:00Z"),
    ("unauthorized",
     "Error response from daemon: Head \"https://reg.lan/v2/app/manifests/1\": "
     "unauthorized: authentication required"),
    ("no-basic-auth-credentials",
     "b175bcb79023: Image push failed\nHead https://registry.lan/v2/test/busybox/blobs/"
     "sha256:a3ed95caeb02: no basic auth credentials"),
    ("access-denied",
     "The push refers to repository [docker.io/library/myapp]\ndenied: requested access to "
     "the resource is denied"),
    ("ecr-token-expired",
     "Error response from daemon: pull access denied for 123456789012.dkr.ecr.eu-west-1."
     "amazonaws.com/api, repository does not exist or may require 'docker login': denied: "
     "Your authorization token has expired. Reauthenticate and try again."),
    ("toomanyrequests",
     "Error response from daemon: toomanyrequests: You have reached your unauthenticated "
     "pull rate limit. https://www.docker.com/increase-rate-limit"),
    ("manifest-unknown",
     "Error response from daemon: manifest for reg.lan/app:latest not found: manifest "
     "unknown: manifest unknown"),
    ("no-matching-platform",
     "no matching manifest for linux/arm64/v8 in the manifest list entries"),
    ("name-unknown",
     'reading manifest 1 in reg.lan/team/app: name unknown: repository name not known to '
     "registry"),
    ("request-entity-too-large",
     "error parsing HTTP 413 response body: invalid character '<' looking for beginning of "
     'value: "<html>\\r\\n<head><title>413 Request Entity Too Large</title></head>\\r\\n"'),
    ("html-instead-of-registry",
     "error parsing HTTP 404 response body: invalid character '<' looking for beginning of "
     'value: "<!DOCTYPE html>\\n<html>"'),
    ("connection-refused",
     'Get "https://reg.lan:5000/v2/": dial tcp 10.0.0.5:5000: connect: connection refused'),
    ("no-such-host",
     'Get "https://reg.lan/v2/": dial tcp: lookup reg.lan on 127.0.0.53:53: no such host'),
    ("timeout",
     'Get "https://reg.lan/v2/": net/http: request canceled while waiting for connection '
     "(Client.Timeout exceeded while awaiting headers)"),
    ("operation-unsupported",
     'Error: {"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}'),
    ("mixing-registries-conf",
     'Error: error creating new docker client: error loading registries: mixing sysregistry '
     "v1/v2 is not supported"),
    ("buildx-ca-file",
     "ERROR: failed to read CA file \"/etc/certs/ca.pem\": open /etc/certs/ca.pem: no such "
     "file or directory"),
    ("blob-unknown",
     "error pulling image configuration: download failed after attempts=1: blob unknown: "
     "blob unknown to registry"),
    ("invalid-reference",
     'invalid argument "MyApp:1.0" for "-t, --tag" flag: invalid reference format: '
     "repository name must be lowercase"),
]  # fmt: skip


@pytest.fixture(scope="module")
def signatures():
    return load_signatures()


@pytest.mark.parametrize(("expected", "message"), MESSAGES, ids=[m[0] for m in MESSAGES])
def test_each_message_names_its_signature_first(signatures, expected, message) -> None:
    matches = match(message, signatures)
    assert matches, message
    assert matches[0]["signature"] == expected, [m["id"] for m in matches]
    assert matches[0]["id"].startswith(expected + "/")


def test_every_signature_has_a_realistic_message(signatures) -> None:
    assert len(signatures) >= 15
    assert {s.id for s in signatures} == {expected for expected, _ in MESSAGES}


def test_lessons_exist_and_sources_are_https(signatures) -> None:
    slugs = {p.stem.split("-", 1)[1] for p in (ROOT / "data" / "lessons").glob("*.md")}
    slugs.add("registries-in-the-catalog")  # written from the catalog
    for sig in signatures:
        assert sig.lesson in slugs, sig.id
        assert all(url.startswith("https://") for url in sig.sources)
        assert sig.causes and all(c.fix and c.cause for c in sig.causes)


def test_unrelated_text_matches_nothing(signatures) -> None:
    assert match("Successfully pushed reg.lan:5000/app:1", signatures) == []


def test_empty_message_is_refused(signatures) -> None:
    with pytest.raises(UsageError, match="empty"):
        match("  \n", signatures)


def test_facts_confirm_and_rule_out_causes(signatures) -> None:
    message = "x509: certificate signed by unknown authority"
    facts = {"tls": "unknown-authority", "tls_problems": ["unknown-authority"],
             "tls_system_trust": False, "some_client_fails": True}  # fmt: skip
    ordered = match(message, signatures, facts)
    statuses = {m["id"]: m["status"] for m in ordered}
    assert ordered[0]["id"] == "x509-unknown-authority/ca-not-installed"
    assert statuses["x509-unknown-authority/ca-not-installed"] == "confirmed"
    assert statuses["x509-unknown-authority/incomplete-chain"] == "ruled-out"
    assert ordered[-1]["status"] == "ruled-out"
    # Without facts, the file's order stands and nothing is decided.
    plain = match(message, signatures)
    assert [m["status"] for m in plain] == ["possible"] * len(plain)
    assert plain[0]["id"] == "x509-unknown-authority/ca-not-installed"
    assert plain[1]["id"] == "x509-unknown-authority/incomplete-chain"


def test_decide_with_lists_and_unknown_facts(signatures) -> None:
    cause = next(c for s in signatures if s.id == "unauthorized" for c in s.causes)
    assert cause.when == {"auth": ["basic", "bearer"], "credentials": "valid"}
    assert decide(cause, {"auth": "bearer", "credentials": "valid"}) == "confirmed"
    assert decide(cause, {"auth": "basic", "credentials": "invalid"}) == "ruled-out"
    assert decide(cause, {"auth": "none"}) == "ruled-out"
    assert decide(cause, {"auth": "bearer"}) == "possible"  # no login was tested
    assert decide(cause, None) == "possible"


BROKEN = {
    "unknown fact": ("when: {tsl: plain-http}", "unknown fact 'tsl' (did you mean \"tls\"?)"),
    "bad value": ("when: {tcp: closed}", "'tcp' cannot be 'closed'"),
    "bad regex": ("when: {}", "not a valid regular expression"),
    "slow regex": ("when: {}", "nests quantifiers"),
}


def _file(tmp_path: Path, when: str, pattern: str = "x509: oops") -> Path:
    path = tmp_path / "errors.yaml"
    path.write_text(
        "version: 1\nsignatures:\n  - id: one\n    title: One\n"
        f"    patterns: ['{pattern}']\n    lesson: what-is-a-registry\n"
        "    sources: [{url: 'https://example.com/doc'}]\n"
        "    causes:\n      - id: c\n        cause: A cause.\n        fix: A fix.\n"
        f"        {when}\n"
    )
    return path


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_files_name_the_line_and_signature(tmp_path: Path, case: str) -> None:
    when, needle = BROKEN[case]
    pattern = {"bad regex": "x509: (unclosed", "slow regex": "(a+)+b"}.get(case, "x509")
    with pytest.raises(DataError) as info:
        load_signatures(_file(tmp_path, when, pattern))
    text = str(info.value)
    assert needle in text
    assert "signature one" in text
    assert str(tmp_path / "errors.yaml") + ":" in text


def test_a_good_custom_file_loads(tmp_path: Path) -> None:
    sigs = load_signatures(_file(tmp_path, "when: {tcp: refused}"))
    assert [s.id for s in sigs] == ["one"]
    assert match("x509: OOPS here", sigs)[0]["id"] == "one/c"


def test_error_cli_text_and_json() -> None:
    message = MESSAGES[3][1]
    text = run_cli("doctor", "--error", message)
    assert text.returncode == 0
    assert "[x509-legacy-common-name]" in text.stdout
    assert "registry-advisor learn running-your-own-registry" in text.stdout
    as_json = run_cli("doctor", "--error", message, "--json")
    doc = json.loads(as_json.stdout)
    import jsonschema

    jsonschema.validate(
        doc, json.loads((ROOT / "data" / "schemas" / "doctor.schema.json").read_text())
    )
    assert doc["schema_version"] == 1
    assert set(doc) == {"schema_version", "matches"}
    assert {"id", "cause", "fix", "lesson", "sources"} <= set(doc["matches"][0])
    piped = run_cli("doctor", "--json", input=message + "\n")
    assert json.loads(piped.stdout) == doc
    dash = run_cli("doctor", "--error", "-", "--json", input=message)
    assert json.loads(dash.stdout) == doc
    both = run_cli("doctor", "127.0.0.1:1", "--error", "-", "--user", "u", "--password-stdin",
                   input="x\n")  # fmt: skip
    assert_one_error_line(both, "cannot both read standard input")


def test_error_cli_no_match_and_empty() -> None:
    none = run_cli("doctor", "--error", "all good")
    assert none.returncode == 1
    assert "No known error signature" in none.stdout
    assert_one_error_line(run_cli("doctor", "--error", "   "), "error message is empty")
    assert_one_error_line(run_cli("doctor", input=""), "error message is empty")


def test_doctor_help_and_warm_error_runs_stay_light(tmp_path: Path) -> None:
    from test_imports import loaded_after

    assert loaded_after(["doctor", "--help"], ("textual", "pydantic", "cryptography")) == set()
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    args = ["doctor", "--error", MESSAGES[0][1]]
    loaded_after(args, ("pydantic",), env)  # fills the cache
    assert loaded_after(args, ("pydantic", "textual", "cryptography"), env) == set()
