"""Indonesian (Bahasa Indonesia) content for issue #15: lessons, quiz, questionnaire.

These checks read the data files only (plain PyYAML, nothing from `advisor`), so they keep
working while the code that will load the translations is being written:

- every English lesson has an Indonesian file of the same name, with the same front matter
  keys and minutes, the same number of headings at each level in the same order, the same
  fenced code blocks byte for byte, and the same link targets;
- every quiz question has an Indonesian entry and nothing else does, with the same number
  of choices and the same inline `code` spans in the question and in each choice;
- every questionnaire question, choice value and rules criterion is covered, and nothing
  unknown is;
- no Indonesian file repeats an 8-word run of the seed article (skipped when the article is
  not beside the checkout, unless ADVISOR_REQUIRE_REAL=1).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
LESSONS = DATA / "lessons"
LESSONS_ID = LESSONS / "id"
I18N_ID = DATA / "i18n" / "id"
_SEED_PARENT = Path(__file__).resolve().parents[3]
SEED_DIR = _SEED_PARENT / "shared" / "seed"

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
HEADING = re.compile(r"^(#{1,6})\s+\S")
LINK = re.compile(r"\]\((https?://[^)\s]+)\)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")

ENGLISH_LESSONS = sorted(LESSONS.glob("*.md"))


def _load_yaml(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _front_matter(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n"), "a lesson starts with front matter"
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]), text[end + 5 :]


def _blocks_and_prose(body: str) -> tuple[list[str], list[str]]:
    """Split a Markdown body into fenced code blocks (whole, fences included) and prose lines."""
    blocks: list[str] = []
    prose: list[str] = []
    current: list[str] | None = None
    closing = ""
    for line in body.splitlines():
        if current is None:
            match = FENCE.match(line)
            if match:
                current = [line]
                closing = match.group("fence")
            else:
                prose.append(line)
        else:
            current.append(line)
            if line.strip().startswith(closing) and line.strip().strip(closing[0]) == "":
                blocks.append("\n".join(current))
                current = None
    assert current is None, "a fenced code block is never closed"
    return blocks, prose


def _headings(prose: list[str]) -> list[int]:
    return [len(m.group(1)) for line in prose if (m := HEADING.match(line))]


def _links(prose: list[str]) -> list[str]:
    return sorted(set(LINK.findall("\n".join(prose))))


def _code_spans(text: str) -> set[str]:
    return {m.group(2).strip() for m in CODE_SPAN.finditer(text or "")}


# --------------------------------------------------------------------------- lessons


def test_there_are_english_lessons_to_translate():
    assert ENGLISH_LESSONS, LESSONS


def test_no_indonesian_lesson_without_an_english_one():
    english = {p.name for p in ENGLISH_LESSONS}
    extra = sorted(p.name for p in LESSONS_ID.glob("*.md") if p.name not in english)
    assert not extra, extra


@pytest.mark.parametrize("english", ENGLISH_LESSONS, ids=lambda p: p.stem)
def test_lesson_has_an_indonesian_version_with_the_same_shape(english):
    indonesian = LESSONS_ID / english.name
    assert indonesian.is_file(), f"missing {indonesian.relative_to(ROOT)}"
    en_meta, en_body = _front_matter(english.read_text(encoding="utf-8"))
    id_meta, id_body = _front_matter(indonesian.read_text(encoding="utf-8"))

    assert set(id_meta) == set(en_meta)
    assert id_meta["minutes"] == en_meta["minutes"]
    for key in ("title", "summary"):
        assert isinstance(id_meta[key], str) and id_meta[key].strip(), key
        assert id_meta[key] != en_meta[key], f"{key} is still in English"

    en_blocks, en_prose = _blocks_and_prose(en_body)
    id_blocks, id_prose = _blocks_and_prose(id_body)
    assert _headings(id_prose) == _headings(en_prose), "same headings, same levels, same order"
    assert len(id_blocks) == len(en_blocks), "same number of code blocks"
    for en_block, id_block in zip(en_blocks, id_blocks, strict=True):
        assert id_block == en_block, "code blocks are copied unchanged"
    assert _links(id_prose) == _links(en_prose), "same link targets"


# --------------------------------------------------------------------------- quiz


EN_QUIZ = _load_yaml(DATA / "quiz.yaml")
EN_QUESTIONS = {q["id"]: q for q in EN_QUIZ["questions"]}


@pytest.fixture(scope="module")
def id_quiz() -> dict:
    data = _load_yaml(I18N_ID / "quiz.yaml")
    assert data["schema_version"] == 1
    assert isinstance(data["questions"], dict), "questions is a mapping keyed by id"
    return data["questions"]


def test_quiz_ids_match_both_ways(id_quiz):
    assert sorted(set(EN_QUESTIONS) - set(id_quiz)) == [], "untranslated quiz questions"
    assert sorted(set(id_quiz) - set(EN_QUESTIONS)) == [], "unknown quiz ids"


@pytest.mark.parametrize("qid", sorted(EN_QUESTIONS))
def test_quiz_entry_matches_the_english_one(qid, id_quiz):
    en = EN_QUESTIONS[qid]
    entry = id_quiz.get(qid)
    assert isinstance(entry, dict), qid
    assert set(entry) == {"question", "choices", "explanation"}, qid
    for key in ("question", "explanation"):
        assert isinstance(entry[key], str) and entry[key].strip(), (qid, key)
    assert isinstance(entry["choices"], list), qid
    assert len(entry["choices"]) == len(en["choices"]), (qid, "choice count")
    assert all(isinstance(c, str) and c.strip() for c in entry["choices"]), qid
    assert len(set(entry["choices"])) == len(entry["choices"]), (qid, "choices are distinct")
    assert _code_spans(entry["question"]) == _code_spans(en["question"]), (qid, "question")
    for i, (en_choice, id_choice) in enumerate(zip(en["choices"], entry["choices"], strict=True)):
        assert _code_spans(id_choice) == _code_spans(en_choice), (qid, "choice", i)


# --------------------------------------------------------------------------- questionnaire


EN_FORM = {q["id"]: q for q in _load_yaml(DATA / "questions.yaml")["questions"]}
EN_CRITERIA = _load_yaml(DATA / "rules.yaml")["criteria"]


def test_every_question_and_choice_value_is_covered():
    data = _load_yaml(I18N_ID / "questions.yaml")
    assert data["schema_version"] == 1
    questions = data["questions"]
    assert sorted(set(EN_FORM) - set(questions)) == [], "untranslated questions"
    assert sorted(set(questions) - set(EN_FORM)) == [], "unknown question ids"
    for qid, en in EN_FORM.items():
        entry = questions[qid]
        for key in ("prompt", "help"):
            assert isinstance(entry.get(key), str) and entry[key].strip(), (qid, key)
        en_values = [c["value"] for c in en.get("choices", [])]
        if en_values:
            labels = entry.get("choices")
            assert isinstance(labels, dict), (qid, "choices is a mapping VALUE: label")
            assert list(labels) == en_values, (qid, "same values, same order")
            assert all(isinstance(v, str) and v.strip() for v in labels.values()), qid
        else:
            assert "choices" not in entry, (qid, "the English question has no choices")


def test_every_criterion_is_covered():
    data = _load_yaml(I18N_ID / "criteria.yaml")
    assert data["schema_version"] == 1
    criteria = data["criteria"]
    assert set(criteria) == set(EN_CRITERIA)
    for name, entry in criteria.items():
        assert set(entry) == {"label", "help"}, name
        assert all(isinstance(v, str) and v.strip() for v in entry.values()), name


# --------------------------------------------------------------------------- own words


def _indonesian_files() -> list[Path]:
    files = sorted(LESSONS_ID.glob("*.md")) + sorted(I18N_ID.glob("*"))
    # The gettext catalog (UI strings and CLI messages) is Indonesian prose too.
    files += sorted((ROOT / "advisor" / "i18n" / "locale").glob("id/LC_MESSAGES/*.po"))
    return [p for p in files if p.is_file()]


def _eight_word_runs(text: str) -> set[tuple[str, ...]]:
    text = re.sub(r"https?://\S+", " ", text)  # a shared link is not shared prose
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}


def test_indonesian_files_exist():
    assert _indonesian_files()


def test_no_indonesian_file_copies_the_seed_article():
    seeds = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    if not seeds:
        if os.environ.get("ADVISOR_REQUIRE_REAL") == "1":
            pytest.fail(f"the seed article is missing from {SEED_DIR}")
        pytest.skip(f"the seed article is not beside the checkout ({SEED_DIR})")
    seed = _eight_word_runs("\n".join(p.read_text(encoding="utf-8") for p in seeds))
    for path in _indonesian_files():
        copied = seed & _eight_word_runs(path.read_text(encoding="utf-8"))
        assert not copied, (path.name, sorted(" ".join(run) for run in copied))
