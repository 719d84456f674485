"""The command line in Bahasa Indonesia (issue #15): --help of every command, argparse's own
words, usage errors and the errors people typically make, with `--lang id` and with
`LANG=id_ID.UTF-8`.

A line "reads as English" when, after dropping what is never translated (option names,
METAVARS, quoted input, JSON shapes, file names, ids, example command lines), it still
holds an English function word. The stop words are ones that are not Indonesian words, so
the check fails on any English sentence left in a help text.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from conftest import ROOT, assert_one_error_line, run_cli

from advisor.cli.main import build_parser

_STOP_WORDS = """
    the and with your you is are to of for that this when from not show print or it its
    be by as at on in into which what will can only than then there these those has have
    does do each every any all one two give given use used using if else how why who
    write read list open check choose must should would could here was were
"""
ENGLISH = frozenset(_STOP_WORDS.split())
# Whole tokens that are never translated: names of things, values, commands.
_KEEP = re.compile(
    r"""'[^']*'|"[^"]*"|\{[^{}]*(\{[^{}]*(\{[^{}]*\}[^{}]*)*\}[^{}]*)*\}|\[[^\]]*\]"""
)


def english_words(line: str) -> list[str]:
    """The English stop words left in a help or message line once the untranslatable parts
    (quoted text, JSON, [usage], --options, METAVARS, paths, key=value) are dropped."""
    listed = re.match(r"\s+([a-z]+)(\s{2,}|$)", line)  # a command in a list of commands
    if listed and listed.group(1) in NAMES:
        line = line[listed.end() :]
    text = _KEEP.sub(" ", line)
    # A JSON shape wrapped over several lines: its open end or its closing end.
    if "}" in text:
        text = text[text.rindex("}") + 1 :]
    if "{" in text:
        text = text[: text.index("{")]
    words = []
    for token in text.split():
        if token.startswith("-") or any(c in token for c in "_/.=<>|$@"):
            continue
        word = token.strip("()[],;:!?'\"")
        if word.isupper():
            continue
        if word.lower() in ENGLISH:
            words.append(word)
    return words


def _paths(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _paths(sub, (*path, name))


ALL = list(_paths(build_parser(None)))
NAMES = {word for path in ALL for word in path}


def _prose_lines(help_text: str) -> list[str]:
    """Help output less its usage block and its example command lines."""
    lines = help_text.splitlines()
    start = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    out = []
    for line in lines[start:]:
        stripped = line.strip()
        example = re.match(r"(registry-advisor|docker|\$) ", stripped) or stripped.startswith("--")
        option = re.match(r"--[\w-]+( [A-Z][\w=:\[\]]*)?(, -\w( [A-Z]\w*)?)?\s{2,}", stripped)
        if example and not option:
            continue  # an example or a continued example line
        out.append(line)
    return out


def test_the_check_sees_english_and_spares_names() -> None:
    assert english_words("  --json      print one JSON document instead of a table") == [
        "print",
        "one",
        "of",
    ]
    assert english_words("show this help message and exit") == ["show", "this", "and"]
    assert english_words("  --answers FILE  buka TUI di hasil untuk file jawaban ini") == []
    assert english_words('cetak dokumen JSON: {"schema_version": 1, "x": [ID, ...]}') == []
    assert english_words("lihat 'catalog list' dan docs/catalog.md") == []
    assert english_words('    {"value", "note"} or null}}}}') == []
    assert english_words("    list      daftar registry") == []


@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(p) or "(top)")
def test_help_reads_as_indonesian(path) -> None:
    proc = run_cli("--lang", "id", *path, "--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("penggunaan: ")
    english = {line: english_words(line) for line in _prose_lines(proc.stdout)}
    assert {line: words for line, words in english.items() if words} == {}
    assert "opsi:" in proc.stdout
    assert "tampilkan bantuan ini lalu keluar" in proc.stdout


def test_help_in_english_is_unchanged_and_reads_as_english() -> None:
    proc = run_cli("catalog", "list", "--help")
    assert proc.stdout.startswith("usage: ")
    assert "show this help message and exit" in proc.stdout
    assert any(english_words(line) for line in _prose_lines(proc.stdout))


def test_LANG_alone_gives_indonesian_help() -> None:
    proc = run_cli("compare", "--help", env={"LANG": "id_ID.UTF-8"})
    assert proc.stdout.startswith("penggunaan: ")
    assert "Membandingkan dua registry" in proc.stdout
    assert run_cli("compare", "--help", env={"LANG": "C.UTF-8"}).stdout.startswith("usage: ")


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "indonesian", "verbatim"),
    [
        (("compare",), "argumen berikut wajib diberikan", "ID"),
        (("recommend", "--format", "pdf"), "pilihan tidak valid", "'pdf'"),
        (("catalog", "list", "--nope"), "argumen tidak dikenal", "--nope"),
        (("recommend", "--answers"), "butuh satu argumen", "--answers"),
        (("quiz", "--count", "zero"), "seharusnya bilangan bulat", "'zero'"),
        (("quiz", "--count", "0"), "minimal 1", "--count"),
        (("doctor", "--timeout", "900"), "paling lama 300 detik", "--timeout"),
        (("frobnicate",), "pilihan tidak valid", "'frobnicate'"),
    ],
)
def test_argparse_errors_are_indonesian_one_line(args, indonesian, verbatim) -> None:
    proc = run_cli("--lang", "id", *args)
    text = assert_one_error_line(proc, indonesian, verbatim)
    assert len(text.splitlines()) == 1
    assert "(lihat 'registry-advisor" in text
    assert english_words(text.split("error:", 1)[1]) == []


def test_argparse_errors_follow_LANG_too() -> None:
    proc = run_cli("compare", env={"LANG": "id_ID.UTF-8"})
    assert_one_error_line(proc, "argumen berikut wajib diberikan: ID")
    english = run_cli("compare")
    assert_one_error_line(english, "the following arguments are required: ID")


# --------------------------------------------------------------------------- user errors

CATALOG_TYPO = "schema_version: 1\nregistries:\n  - id: mine\n    nmae: Mine\n"


@pytest.mark.parametrize(
    ("args", "files", "indonesian", "verbatim"),
    [
        (("recommend", "--answers", "nope.yaml"), {}, "file-nya tidak ada", "nope.yaml"),
        (
            ("recommend", "--answers", "a.yaml"),
            {"a.yaml": "raech: anywhere\n"},
            "pertanyaan 'raech' tidak dikenal",
            'a.yaml:1: ',
        ),
        (
            ("recommend", "--answers", "a.yaml"),
            {"a.yaml": "reach: moon\n"},
            "'moon' bukan salah satu pilihan; yang boleh:",
            "a.yaml:1: reach: ",
        ),
        (
            ("recommend", "--answers", "a.yaml"),
            {"a.yaml": "reach: [anywhere\n"},
            "kesalahan sintaks YAML",
            "a.yaml:2:1: ",
        ),
        (
            ("catalog", "list", "--catalog", "c.yaml"),
            {"c.yaml": CATALOG_TYPO},
            "key 'nmae' tidak dikenal",
            "c.yaml:4: ",
        ),
        (("recommend", "--weight", "cost=x"), {}, "seharusnya angka", "--weight cost: "),
        (("recommend", "--weight", "price=2"), {}, "kriteria 'price' tidak dikenal", "--weight"),
        (
            ("setup", "--setup", "insecure", "--registry", "distribution", "-o", "out",
             "--host", "http://reg.lan/v2"),
            {},
            "tulis HOST[:PORT] saja",
            "--host 'http://reg.lan/v2': ",
        ),
        (("doctor", "reg_1.lan"), {}, "bukan nama host yang valid", "HOST 'reg_1.lan'"),
        (("catalog", "show", "gchr"), {}, "tidak dikenal (maksudmu \"ghcr\"?)", "'gchr'"),
        (
            ("recommend", "--output", "taken.txt"),
            {"taken.txt": "x"},
            "sudah ada; pakai --force untuk menimpanya",
            "taken.txt: ",
        ),
        (("doctor", "--error", " "), {}, "pesan error-nya kosong", "--error"),
        (("learn", "9"), {}, "tidak ada pelajaran '9': nomor pelajaran 1 sampai", "'9'"),
        (("learn", "nming"), {}, "(maksudmu \"repositories-tags-digests-naming\"?)", "'nming'"),
        (("quiz", "--lesson", "zzz"), {}, "tidak ada pelajaran 'zzz'; topik:", "'zzz'"),
        (
            ("setup", "--setup", "private", "--registry", "distribution", "-o", "out"),
            {},
            "--host wajib untuk registry yang kamu jalankan sendiri (CNCF Distribution)",
            "--host registry.lan:5000",
        ),
        (
            ("setup", "--setup", "private", "--registry", "distribution", "-o", "out",
             "--host", "r.lan", "--user", "a:b"),
            {},
            "--user tidak boleh berisi ':'",
            "--user",
        ),
    ],
)  # fmt: skip
def test_typical_user_errors_in_indonesian(tmp_path, args, files, indonesian, verbatim) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    proc = run_cli("--lang", "id", *args, cwd=tmp_path)
    text = assert_one_error_line(proc, indonesian, verbatim)
    lines = text.splitlines()
    # One line, or one per problem when a file holds several (the catalog with a typo).
    assert len(lines) == 1 or "c.yaml" in verbatim
    if "YAML" not in indonesian:  # PyYAML's own words follow "kesalahan sintaks YAML:"
        for line in lines:
            assert english_words(line.split("error:", 1)[1]) == [], line
    # The same mistake in English says it in English, with the same file and key.
    english = run_cli(*args, cwd=tmp_path)
    assert_one_error_line(english, verbatim)
    assert indonesian not in english.stderr


def test_error_prefix_stays_for_scripts(tmp_path) -> None:
    proc = run_cli("recommend", "--answers", "nope.yaml", cwd=tmp_path, env={"LANG": "id_ID.UTF-8"})
    assert proc.stderr.startswith("registry-advisor: error: nope.yaml: file-nya tidak ada")


# --------------------------------------------------------------------------- normal output


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (("catalog", "list"), ["12 dari 12 registry", "NAMA", "Rinciannya: registry-advisor"]),
        (("catalog", "list", "--filter", "pricing=nothing-like-this"), ["cocok dengan filter"]),
        (("catalog", "show", "zot"), ["Fakta (umur dalam hari", "hari lalu", "Situs:"]),
        (("catalog", "audit"), ["fakta:", "belum pasti", "Belum pasti, per atribut:"]),
        (("compare", "zot", "harbor"), ["atribut", "(umur setiap fakta dalam hari"]),
        (("validate",), ["valid: 12 registry,", "fakta belum pasti"]),
        (("image", "explain", "ubuntu"), ["kanonis", "bentuk singkat", "(tidak ada)"]),
    ],
)
def test_normal_output_in_indonesian(args, wanted) -> None:
    proc = run_cli("--lang", "id", *args)
    assert proc.returncode == 0, proc.stderr
    for text in wanted:
        assert text in proc.stdout, (text, proc.stdout[:600])
    english = run_cli(*args).stdout
    assert not any(text in english for text in wanted)


def test_compare_when_narrow_in_indonesian() -> None:
    proc = run_cli("--lang", "id", "compare", "zot", "harbor", env={"COLUMNS": "50"})
    assert proc.stdout.startswith("Dibandingkan: zot (zot), Harbor (harbor).")
    assert "h)" in proc.stdout and "d)" not in proc.stdout


def test_json_stays_english_and_identical() -> None:
    image = ("image", "explain", "--json", "--", "ubuntu", "Team/App", "localhost:5000", "a@b")
    for args in (("catalog", "list", "--json"), ("compare", "zot", "harbor", "--json"), image):
        assert run_cli("--lang", "id", *args).stdout == run_cli(*args).stdout


def test_setup_summary_in_indonesian_configs_unchanged(tmp_path) -> None:
    args = ("setup", "--setup", "insecure", "--registry", "distribution",
            "--host", "192.168.1.20:5000")  # fmt: skip
    proc = run_cli("--lang", "id", *args, "--output", str(tmp_path / "id"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Menulis ")
    assert "(setup insecure, CNCF Distribution, 192.168.1.20:5000):" in proc.stdout
    assert proc.stdout.rstrip().endswith(f"Berikutnya: ikuti {tmp_path / 'id'}/README.md")
    english = run_cli(*args, "--output", str(tmp_path / "en"))
    assert english.stdout.startswith("Wrote ")
    # The configs are the same bytes; the bundle README follows the language.
    for name in ("registry/config.yml",):
        assert (tmp_path / "id" / name).read_bytes() == (tmp_path / "en" / name).read_bytes()
    assert (tmp_path / "id" / "README.md").read_text().startswith("# Setup registry")
    assert (tmp_path / "en" / "README.md").read_text().startswith("# Registry")


# --------------------------------------------------------------------------- the catalog

PERCENT = re.compile(r"%(?:\([a-z_]+\))?[sdr]")


def test_argparse_words_keep_their_percent_placeholders() -> None:
    """argparse fills its messages with `%`: a translation must keep every placeholder (the
    brace placeholders are checked in test_i18n), and the words module lists argparse's
    msgids exactly as argparse 3.11 has them."""
    babel = pytest.importorskip("babel.messages.pofile")
    from advisor.cli import words

    po = ROOT / "advisor" / "i18n" / "locale" / "id" / "LC_MESSAGES" / "advisor.po"
    with po.open("rb") as fh:
        catalog = babel.read_po(fh, locale="id")
    checked = 0
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        want = sorted(PERCENT.findall(ids[-1]))
        if not want:
            continue
        checked += 1
        for text in strings:
            assert sorted(PERCENT.findall(text)) == want, (ids[0], text)
    assert checked >= 12
    source = Path(argparse.__file__).read_text(encoding="utf-8")
    for msgid in words.ARGPARSE_WORDS:
        assert repr(msgid) in source or f'"{msgid}"' in source, msgid


def test_a_bad_lang_is_explained_in_the_environments_language() -> None:
    proc = run_cli("--lang", "fr", "learn", env={"LANG": "id_ID.UTF-8"})
    assert_one_error_line(proc, "bahasa 'fr' tidak dikenal (pilih en atau id)")
    assert_one_error_line(run_cli("--lang", "fr", "learn"), "unknown language 'fr'")


def test_a_rules_file_mistake_in_indonesian(tmp_path) -> None:
    """For rule authors too: the condition checker's words are translated, the file, line,
    fact name and operator stay as written."""
    text = (ROOT / "data" / "rules.yaml").read_text(encoding="utf-8")
    bad = text.replace("{fact: answer.reach, op: eq,", "{fact: answer.raech, op: eq,", 1)
    assert bad != text
    (tmp_path / "rules.yaml").write_text(bad, encoding="utf-8")
    args = ("recommend", "--rules", "rules.yaml", "--answer", "reach=anywhere")
    proc = run_cli("--lang", "id", *args, cwd=tmp_path)
    assert_one_error_line(proc, "rules.yaml:", "fakta 'answer.raech' tidak dikenal", "answer.reach")
    english = run_cli(*args, cwd=tmp_path)
    assert_one_error_line(english, "unknown fact 'answer.raech'")


# Option METAVARs as `--help` shows them ("--user NAME", "--weight NAME=N", "ID=VALUE"): a
# translation that renames them ("--user NAMA") sends the reader looking for a placeholder
# the help never shows.
METAVAR = re.compile(
    r"--[a-z][a-z-]*[ =][A-Z][A-Z_]*(?:\[?:[A-Z]+\]?)?(?:=[A-Z]+)?(?!\w)|\b[A-Z]{2,}=[A-Z]+\b"
)


def test_translations_keep_option_metavars() -> None:
    babel = pytest.importorskip("babel.messages.pofile")
    po = ROOT / "advisor" / "i18n" / "locale" / "id" / "LC_MESSAGES" / "advisor.po"
    with po.open("rb") as fh:
        catalog = babel.read_po(fh, locale="id")
    checked, renamed = 0, []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for want in set(METAVAR.findall(ids[0])):
            checked += 1
            renamed += [(want, text) for text in strings if want not in text]
    assert checked >= 10
    assert renamed == []


# Every kind of note `image explain` writes: host rules, defaults, tag and digest, and the
# reasons a reference is refused.
IMAGE_REFS = (
    "ubuntu", "bitnami/redis:7", "localhost:5000/app", "localhost:5000", "index.docker.io/nginx",
    "docker.io/library/alpine", "Team/App", "REG.lan/app", "[fd00::5]:5000/a@sha256:" + "a" * 64,
    "my_host.lan/x", "nginx:1.27@sha256:" + "b" * 64, "a" * 64, "", "https://x.io/a",
    "a@b@c", "app@sha256:abc", "app:", "app:-x", "//x", "x/Y_", "[fd00::5]", "a:b:c",
    "ex ample", "sha256:" + "c" * 64, "app@md5:" + "d" * 32, "x" * 300,
)  # fmt: skip


def test_image_explain_notes_in_indonesian() -> None:
    """The notes were English sentences from advisor.learn; the JSON keeps them English."""
    proc = run_cli("--lang", "id", "image", "explain", "--", *IMAGE_REFS, env={"COLUMNS": "80"})
    assert proc.returncode == 1  # some are invalid on purpose
    notes = [line for line in proc.stdout.splitlines() if line.startswith(("  - ", "    "))]
    assert len(notes) > len(IMAGE_REFS)
    assert {line: english_words(line) for line in notes if english_words(line)} == {}
    assert "Host registry tidak disebut" in proc.stdout
    assert all(len(line) <= 80 for line in notes if " " in line.strip())
    english = run_cli("image", "explain", "--", *IMAGE_REFS).stdout
    assert "No registry host is given" in english
    assert any(english_words(line) for line in english.splitlines() if line.startswith("  - "))


def test_quiz_help_and_quiz_say_soal_for_its_questions() -> None:
    """One word for a quiz item (glossary: soal); the help said "pertanyaan", the quiz "soal"."""
    help_text = run_cli("--lang", "id", "quiz", "--help").stdout
    quiz = run_cli("--lang", "id", "quiz", "--count", "1", "--seed", "1", input="q\n").stdout
    assert "soal pilihan ganda" in help_text and "pertanyaan" not in help_text
    assert "1 soal (seed 1)" in quiz and "Soal 1 dari 1" in quiz


def test_quiz_json_is_the_same_in_both_languages() -> None:
    """docs/i18n.md: `quiz --json` is a machine interface, English in every language; its
    chosen_text was the translated choice."""
    import json

    args = ("quiz", "--count", "5", "--seed", "3", "--json")
    runs = [run_cli(*lang, *args, input="1\n2\n3\n4\n1\n") for lang in ((), ("--lang", "id"))]
    english, indonesian = (json.loads(r.stdout) for r in runs)
    for doc in (english, indonesian):
        doc.pop("timestamp")
    assert indonesian == english
    assert "Jawabanmu" in runs[1].stderr  # the questions themselves are in Indonesian


COMMON_ERRORS = (
    "x509: certificate signed by unknown authority",
    "http: server gave HTTP response to HTTPS client",
    "toomanyrequests: You have reached your pull rate limit",
    "denied: requested access to the resource is denied",
)


@pytest.mark.parametrize("message", COMMON_ERRORS)
def test_doctor_error_reads_as_indonesian_in_80_columns(message) -> None:
    """The messages students bring to class: causes and fixes in Indonesian, and every line
    fits 80 columns (they ran to 300; a lone URL may be longer)."""
    proc = run_cli("doctor", "--error", message, env={"LANG": "id_ID.UTF-8"})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert any("perbaikan:" in line for line in lines)
    assert [line for line in lines if len(line) > 80 and "://" not in line] == []
    prose = [line for line in lines if "://" not in line and "cocok dengan:" not in line]
    assert {line: english_words(line) for line in prose if english_words(line)} == {}
