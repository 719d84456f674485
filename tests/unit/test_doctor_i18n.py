"""doctor in Bahasa Indonesia (issue #15): the error-message diagnosis reads in Indonesian
(titles, causes and fixes translated as data in data/i18n/id/errors.yaml, keyed by
signature and cause id), `--json` stays English, and the translation is complete."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import ROOT, eight_word_runs, run_cli, seed_texts

ENGLISH_FILE = ROOT / "data" / "errors.yaml"
INDONESIAN_FILE = ROOT / "data" / "i18n" / "id" / "errors.yaml"
CODE = re.compile(r"`[^`]*`")


def _english() -> dict:
    data = yaml.safe_load(ENGLISH_FILE.read_text(encoding="utf-8"))
    return {s["id"]: s for s in data["signatures"]}


def _indonesian() -> dict:
    return yaml.safe_load(INDONESIAN_FILE.read_text(encoding="utf-8"))["signatures"]


def test_every_signature_and_cause_is_translated_and_nothing_else() -> None:
    english, indonesian = _english(), _indonesian()
    assert sorted(indonesian) == sorted(english)
    for sig_id, sig in english.items():
        ours = indonesian[sig_id]
        assert set(ours) == {"title", "causes"}, sig_id
        assert ours["title"].strip() and ours["title"] != sig["title"], sig_id
        assert sorted(ours["causes"]) == sorted(c["id"] for c in sig["causes"]), sig_id
        for cause in sig["causes"]:
            mine = ours["causes"][cause["id"]]
            assert set(mine) == {"cause", "fix"}, (sig_id, cause["id"])
            for field in ("cause", "fix"):
                assert mine[field].strip() and mine[field] != cause[field], (sig_id, field)
                # Commands, paths and keys in code spans are kept exactly.
                assert CODE.findall(mine[field]) == CODE.findall(cause[field]), (
                    sig_id,
                    cause["id"],
                    field,
                )


def test_the_translation_repeats_no_run_of_the_seed_article() -> None:
    seed = eight_word_runs(seed_texts())
    assert eight_word_runs(INDONESIAN_FILE.read_text(encoding="utf-8")) & seed == set()


MESSAGE = "x509: certificate signed by unknown authority"


def test_error_diagnosis_in_indonesian() -> None:
    proc = run_cli("--lang", "id", "doctor", "--error", MESSAGE)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    title = _indonesian()["x509-unknown-authority"]["title"]
    # The title, then its id: on the same line when both fit 80 columns.
    assert out.startswith(f"{title}\n  [x509-unknown-authority]\n") or out.startswith(
        f"{title}  [x509-unknown-authority]\n"
    )
    assert f"  cocok dengan: {MESSAGE}" in out
    for label in ("perbaikan:", "pengecekan penentu:", "pelajaran:", "sumber:"):
        assert label in out
    for english in ("fix:", "matched:", "lesson:", "The registry uses a private"):
        assert english not in out
    # Commands stay as typed.
    assert "`doctor HOST --ca CA.crt`" in out


def test_error_diagnosis_through_LANG_and_stdin() -> None:
    proc = run_cli("doctor", input=MESSAGE, env={"LANG": "id_ID.UTF-8"})
    assert "Sertifikatnya ditandatangani CA" in proc.stdout


def test_no_match_in_indonesian() -> None:
    proc = run_cli("--lang", "id", "doctor", "--error", "something else entirely")
    assert proc.returncode == 1
    assert proc.stdout.startswith("Tidak ada signature error yang dikenal")


@pytest.mark.parametrize("args", [("doctor", "--error", MESSAGE, "--json")])
def test_doctor_json_stays_english(args) -> None:
    assert run_cli("--lang", "id", *args).stdout == run_cli(*args).stdout


# --------------------------------------------------------------------------- live diagnosis


def test_live_diagnosis_in_indonesian_json_unchanged(tmp_path) -> None:
    from tests.unit.test_doctor_cli import server

    with server("basic") as host:
        proc = run_cli("--lang", "id", "doctor", host, "--root", str(tmp_path))
        english = run_cli("doctor", host, "--root", str(tmp_path))
        json_id = run_cli("--lang", "id", "doctor", host, "--root", str(tmp_path), "--json")
        json_en = run_cli("doctor", host, "--root", str(tmp_path), "--json")
    assert proc.returncode == english.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0] == f"doctor {host}"
    # The status marks and check ids stay; the sentences are Indonesian.
    heads = [m.group(2) for ln in lines if (m := re.match(r"(ok|WARN|FAIL|skip) +(\w+)", ln))]
    assert heads[:5] == ["tcp", "tls", "api", "auth", "client"]
    assert f"{host} menjawab di 127.0.0.1:" in proc.stdout
    assert "tanpa TLS: registry hanya menjawab HTTP biasa" in proc.stdout
    assert "API registry menjawab (registry/2.0, HTTP 401)" in proc.stdout
    assert any(ln.startswith("kesimpulan: FAIL: ") for ln in lines)
    assert "tambahkan ke " in proc.stdout and "perbaikan: " in proc.stdout
    for english_words in ("answers on", "no TLS:", "verdict:", "fix:", "will try HTTPS"):
        assert english_words not in proc.stdout, english_words
    # The lines to add are configuration: the same bytes in both languages.
    assert "insecure = true" in proc.stdout
    assert json_id.stdout == json_en.stdout
    assert '"summary": "no TLS: the registry answers plain HTTP only"' in json_id.stdout


def test_closed_port_in_indonesian() -> None:
    from tests.unit.test_doctor_cli import _closed_port

    proc = run_cli("--lang", "id", "doctor", f"127.0.0.1:{_closed_port()}", "--timeout", "3")
    assert proc.returncode == 1
    assert "tidak ada yang menjawab: 127.0.0.1:" in proc.stdout
    assert "tidak dijalankan: pengecekan tcp gagal" in proc.stdout
    assert "kesimpulan: FAIL: semua client akan gagal: tcp: " in proc.stdout


def test_client_misconfigurations_in_indonesian_with_paths_verbatim(tmp_path) -> None:
    from tests.unit.test_doctor_cli import _closed_port

    daemon = tmp_path / "etc" / "docker" / "daemon.json"
    daemon.parent.mkdir(parents=True)
    port = _closed_port()
    entries = {"insecure-registry": ["x"], "insecure-registries": [f"http://127.0.0.1:{port}"]}
    daemon.write_text(json.dumps(entries))
    args = ("doctor", f"127.0.0.1:{port}", "--root", str(tmp_path), "--timeout", "3")
    proc = run_cli("--lang", "id", *args)
    assert (
        f"masalah: {daemon}: key 'insecure-registry' bukan 'insecure-registries'; "
        "dockerd mengabaikan atau menolaknya"
    ) in proc.stdout
    assert f"'http://127.0.0.1:{port}' memakai skema atau garis miring" in proc.stdout
    english = run_cli(*args)
    assert "is not 'insecure-registries'; dockerd ignores or rejects it" in english.stdout
