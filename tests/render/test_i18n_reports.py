"""The reports in Indonesian (issue #15), and the translated rules behind them.

- every rule in data/rules.yaml has an Indonesian `because`, an `unconfirmed` exactly when
  the English has one, a warning `title` exactly for `warn` rules, and the same
  `{registry.x}` placeholders;
- `--lang id recommend` renders Markdown, HTML and the ADR with Indonesian headings and
  reasons (no English heading of the English report left), the HTML says lang="id";
- `--format json` stays English: the machine interface does not change with the language.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from tests.conftest import ROOT, run_cli

RULES = yaml.safe_load((ROOT / "data" / "rules.yaml").read_text(encoding="utf-8"))["rules"]
ID_RULES = yaml.safe_load(
    (ROOT / "data" / "i18n" / "id" / "rules.yaml").read_text(encoding="utf-8")
)["rules"]
PLACEHOLDER = re.compile(r"\{registry\.[a-z_]+\}")
ANSWERS = str(ROOT / "examples" / "onprem-offline.yaml")


def test_rule_ids_match_both_ways():
    english = {r["id"] for r in RULES}
    assert sorted(english - set(ID_RULES)) == [], "rules without an Indonesian translation"
    assert sorted(set(ID_RULES) - english) == [], "translations of rules that do not exist"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r["id"])
def test_rule_translation_has_the_same_fields_and_placeholders(rule):
    entry = ID_RULES[rule["id"]]
    want = {"because"}
    want |= {"unconfirmed"} if "unconfirmed" in rule else set()
    want |= {"title"} if "warn" in rule["then"] else set()
    assert set(entry) == want
    for key in ("because", "unconfirmed"):
        if key in rule:
            assert sorted(PLACEHOLDER.findall(entry[key])) == sorted(
                PLACEHOLDER.findall(rule[key])
            ), key
            assert " ".join(entry[key].split()) != " ".join(rule[key].split()), "untranslated"
    if "title" in want:
        assert entry["title"].strip() and entry["title"] != rule["then"]["warn"]["title"]


def _recommend(fmt: str, *extra: str) -> str:
    out = run_cli("--lang", "id", "recommend", "--answers", ANSWERS, "--format", fmt, *extra)
    assert out.returncode == 0, out.stderr
    return out.stdout


ENGLISH_MD = (
    "## Your answers", "## Ranking", "## Excluded", "## Warnings", "## Assumptions",
    "## What if", "## Setup guide", "## Sources", "Top choice", "Setup type",
    "Based on",
)  # fmt: skip


def test_markdown_report_in_indonesian():
    text = _recommend("markdown")
    assert text.startswith("# Rekomendasi container registry: setup Insecure, zot")
    for heading in ("## Jawabanmu", "## Peringkat", "## Dikeluarkan", "## Peringatan"):
        assert heading in text
    assert "Jaringan air-gapped tidak bisa menjangkau registry hosted" in text
    for english in ENGLISH_MD:
        assert english not in text, english


def test_html_report_in_indonesian():
    text = _recommend("html")
    assert '<html lang="id">' in text
    assert "<h2>Jawabanmu</h2>" in text and "<h2>Peringkat</h2>" in text
    assert "Your answers" not in text and ">Ranking<" not in text


def test_adr_in_indonesian():
    text = _recommend("adr")
    assert "# Memilih container registry insecure: zot" in text
    assert "## Konteks dan Rumusan Masalah" in text
    assert "karena jaringan air-gapped" in text  # the clause follows "karena" in lower case
    assert "Context and Problem Statement" not in text and ", because" not in text


def test_json_stays_english():
    data = json.loads(_recommend("json"))
    english = json.loads(run_cli("recommend", "--answers", ANSWERS, "--format", "json").stdout)
    assert data["recommendation"] == english["recommendation"] if "recommendation" in data else True
    assert data["setup"] == english["setup"]
    becauses = json.dumps(data)
    assert "An air-gapped network cannot reach any hosted registry" in becauses
    assert "Jaringan air-gapped" not in becauses
