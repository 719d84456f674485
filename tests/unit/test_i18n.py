"""Language choice and the gettext catalog (issue #15).

- `--lang` works before or after any command; LC_ALL / LC_MESSAGES / LANG pick the
  language otherwise (POSIX order), English by default; a bad language is one usage line.
- Every message in the code is in the template, every template message has an Indonesian
  translation (not fuzzy), with the same `{placeholders}`; the committed .mo is exactly
  what Babel compiles from the committed .po, so the two cannot drift.
- The quiz keeps its answer keys in every language; lessons exist in both languages.
- English and `--help` never load a catalog; Indonesian loads only the compiled .mo.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import i18n
from tests.conftest import ROOT, run_cli

LOCALE = ROOT / "advisor" / "i18n" / "locale"
PO = LOCALE / "id" / "LC_MESSAGES" / "advisor.po"
MO = LOCALE / "id" / "LC_MESSAGES" / "advisor.mo"
POT = LOCALE / "advisor.pot"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")

babel = pytest.importorskip("babel")  # the test extra declares it; CI always has it


def _read_po(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        return read_po(fh, locale="id")


# --------------------------------------------------------------------------- choosing


@pytest.mark.parametrize(
    ("env", "want"),
    [
        ({}, "en"),
        ({"LANG": "id_ID.UTF-8"}, "id"),
        ({"LANG": "id"}, "id"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "id_ID.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),  # LC_ALL wins
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "id_ID.UTF-8"}, "id"),
        ({"LC_ALL": "", "LANG": "id_ID@latin"}, "id"),  # empty means unset
    ],
)
def test_language_from_environment(env, want):
    assert i18n.from_environment(env) == want


def test_lang_option_beats_the_environment():
    assert i18n.choose("en", {"LANG": "id_ID.UTF-8"}) == "en"
    assert i18n.choose("id", {"LANG": "en_US.UTF-8"}) == "id"
    assert i18n._("Correct.") == "Benar."
    i18n.set_language("en")
    assert i18n._("Correct.") == "Correct."


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        i18n.choose("fr")


@pytest.mark.parametrize(
    "args",
    [("--lang", "id", "learn"), ("learn", "--lang", "id"), ("learn", "--lang=id")],
)
def test_lang_before_or_after_the_command(args):
    out = run_cli(*args)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].split()[1] == "pelajaran"
    assert "Total sekitar" in out.stdout


def test_lang_from_LANG_in_a_subprocess():
    out = run_cli("learn", env={"LANG": "id_ID.UTF-8"})
    assert "pelajaran" in out.stdout.splitlines()[0]
    assert "lesson" in run_cli("learn").stdout.splitlines()[0]


@pytest.mark.parametrize(("args", "what"), [(("--lang", "fr", "learn"), "fr"), (("--lang",), "")])
def test_bad_lang_is_one_usage_line(args, what):
    out = run_cli(*args)
    assert out.returncode == 2
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("registry-advisor: error:"), out.stderr
    assert "en, id" in lines[0] or "en or id" in lines[0]
    assert what in lines[0]


def test_arguments_after_double_dash_are_left_alone():
    from advisor.cli.main import take_lang

    assert take_lang(["x", "--", "--lang", "id"]) == (None, ["x", "--", "--lang", "id"])


# --------------------------------------------------------------------------- the catalog


def test_template_lists_every_message_in_the_code(tmp_path):
    """Babel extracts the code again: the committed .pot must hold the same messages
    (run `python -m tools...` / see docs/i18n.md to refresh it)."""
    pot = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "extract",
            "-F", str(ROOT / "advisor" / "i18n" / "babel.cfg"),
            "-k", "N_", "--no-location", "--sort-output", "--omit-header",
            "-o", str(pot), str(ROOT / "advisor"),
        ],
        check=True, capture_output=True, cwd=ROOT,
    )  # fmt: skip
    fresh = {m.id for m in _read_po(pot) if m.id}
    committed = {m.id for m in _read_po(POT) if m.id}
    assert fresh - committed == set(), "messages missing from advisor.pot: re-extract"
    assert committed - fresh == set(), "advisor.pot holds messages the code no longer has"


def _ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_every_message_has_an_indonesian_translation_with_the_same_placeholders():
    template = {_ids(m)[0] for m in _read_po(POT) if m.id}
    catalog = {_ids(m)[0]: m for m in _read_po(PO) if m.id}
    assert sorted(template - set(catalog)) == [], "messages without a translation entry"
    for key in template:
        message = catalog[key]
        assert not message.fuzzy, ("fuzzy translation", key)
        strings = _strings(message)
        assert all(s.strip() for s in strings), ("untranslated", key)
        want = sorted(PLACEHOLDER.findall(_ids(message)[-1]))
        for s in strings:
            assert sorted(PLACEHOLDER.findall(s)) == want, ("placeholders differ", key, s)


def test_committed_mo_is_the_compiled_po():
    from babel.messages.mofile import write_mo

    compiled = io.BytesIO()
    write_mo(compiled, _read_po(PO))
    assert MO.read_bytes() == compiled.getvalue(), (
        "advisor.mo is stale: pybabel compile -d advisor/i18n/locale -D advisor"
    )


# --------------------------------------------------------------------------- data texts


def test_lessons_exist_in_both_languages_with_the_same_slugs():
    from advisor.learn.lessons import file_lessons

    english = [(x.number, x.slug) for x in file_lessons(i18n.lessons_folder("en"))]
    indonesian = [(x.number, x.slug) for x in file_lessons(i18n.lessons_folder("id"))]
    assert english and english == indonesian


def test_quiz_answer_keys_are_identical_and_every_question_is_translated():
    from advisor.learn.quiz import load_quiz

    english = load_quiz()
    i18n.set_language("id")
    indonesian = load_quiz()
    assert [(q.id, q.answer, q.lesson, q.source) for q in english] == [
        (q.id, q.answer, q.lesson, q.source) for q in indonesian
    ]
    for en, ind in zip(english, indonesian, strict=True):
        assert len(en.choices) == len(ind.choices), en.id
        assert en.question != ind.question, ("still English", en.id)
        assert en.explanation != ind.explanation, ("still English", en.id)


def test_generated_naming_questions_are_translated():
    from advisor.learn.quiz import naming_questions

    i18n.set_language("id")
    questions = naming_questions()
    assert questions
    assert all(q.question.startswith("Kalau ditulis lengkap") for q in questions)
    assert all("Docker membaca" in q.explanation for q in questions)


def test_quiz_in_indonesian_from_first_line_to_last():
    out = run_cli("--lang", "id", "quiz", "--count", "2", "--seed", "7", input="1\n9\n1\n")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.startswith("2 soal (seed 7)")
    assert "Soal 1 dari 2" in text and "Soal 2 dari 2" in text
    assert "Ketik angka 1 sampai" in text  # the 9 was refused in Indonesian
    assert text.rstrip().splitlines()[-1].startswith("Skor: ")
    for english in ("Question ", "Your answer", "Score:", "Correct.", "Not quite"):
        assert english not in text, english


def test_learn_one_is_indonesian():
    out = run_cli("--lang", "id", "learn", "1")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("# Apa itu container registry?")
    assert "*8 menit.*" in out.stdout.splitlines()[2]


# --------------------------------------------------------------------------- start-up cost


def _modules_after(*args: str, env: dict[str, str] | None = None) -> set[str]:
    code = (
        "import sys\nfrom advisor.cli.main import main\n"
        f"try:\n    main({list(args)!r})\nexcept SystemExit:\n    pass\n"
        "from advisor import i18n\n"
        "mods = set(sys.modules)\n"
        "if i18n._translations is not None: mods.add('<catalog>')\n"
        "sys.stderr.write(' '.join(sorted(mods)))\n"
    )
    out = run_cli_code(code, env=env)
    return set(out.split())


def run_cli_code(code: str, env: dict[str, str] | None = None) -> str:
    import os

    full = {**os.environ, "PYTHONPATH": str(ROOT)}
    full.update(env or {})
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full, timeout=60
    )
    return done.stderr


def test_english_help_loads_no_catalog():
    loaded = _modules_after("--help")
    assert "<catalog>" not in loaded  # (argparse itself imports gettext: no catalog)
    assert "yaml" not in loaded and "babel" not in loaded


def test_indonesian_help_loads_only_the_compiled_catalog():
    loaded = _modules_after("--help", env={"LANG": "id_ID.UTF-8"})
    assert "<catalog>" in loaded
    assert "yaml" not in loaded and "babel" not in loaded
