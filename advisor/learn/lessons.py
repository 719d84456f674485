"""Lessons for newcomers: Markdown files with front matter, plus one generated from the catalog.

The files live in `data/lessons/NN-slug.md`; the number orders them. Each starts with YAML
front matter (`title`, `summary`, `minutes`). One more lesson, "The registries in the
catalog", is not a file: `catalog_lesson()` writes it from the catalog every time it is
read, so it can never disagree with the facts the advisor ranks on.

Nothing here imports pydantic or Textual at module level; the catalog is loaded only when
the generated lesson's text is asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.errors import DataError, UsageError, did_you_mean
from advisor.i18n import _
from advisor.io.yamlfile import line_of, parse_yaml, read_text
from advisor.learn.catalog_lesson import (
    CATALOG_MINUTES,
    CATALOG_SLUG,
    CATALOG_SUMMARY,
    CATALOG_TITLE,
    catalog_lesson_body,
)

LESSON_FILE = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
FRONT_MATTER_KEYS = ("title", "summary", "minutes")


def lessons_dir() -> Path:
    """The lesson files in the current language (`data/lessons`, or `data/lessons/id`)."""
    from advisor.i18n import lessons_folder

    return lessons_folder()


@dataclass(frozen=True)
class Lesson:
    """One lesson. `markdown` is the whole text, starting with a level-1 heading."""

    number: int
    slug: str
    title: str
    summary: str
    minutes: int
    origin: str  # the file it came from, or "generated from the catalog"
    _text: Callable[[], str] = field(repr=False, compare=False)

    @property
    def id(self) -> str:
        return f"{self.number:02d}-{self.slug}"

    @property
    def generated(self) -> bool:
        return self.slug == CATALOG_SLUG

    @property
    def markdown(self) -> str:
        return self._text()


# --------------------------------------------------------------------------- file lessons


def split_front_matter(text: str, name: str) -> tuple[str, str, int]:
    """Return (front matter, body, line where the body starts). Requires `---` fences."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise DataError("a lesson must start with '---' and YAML front matter", file=name, line=1)
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    raise DataError("front matter is never closed with '---'", file=name, line=1)


def _parse_front_matter(front: str, name: str) -> dict[str, Any]:
    # The front matter starts on line 2 of the file; shift every line number by one.
    try:
        data, node = parse_yaml(front, name)
    except DataError as exc:
        if exc.line is not None:
            exc.line += 1
        raise

    def line(*path: str | int) -> int | None:
        found = line_of(node, tuple(path))
        return found + 1 if found is not None else 2

    if not isinstance(data, dict):
        raise DataError(
            "front matter must be a mapping of title, summary, minutes", file=name, line=2
        )
    for key in data:
        if key not in FRONT_MATTER_KEYS:
            raise DataError(
                f"unknown front matter key '{key}'{did_you_mean(str(key), FRONT_MATTER_KEYS)}",
                file=name,
                line=line(str(key)),
                key=str(key),
            )
    for key in FRONT_MATTER_KEYS:
        if key not in data:
            raise DataError(f"missing front matter key '{key}'", file=name, line=2, key=key)
    for key in ("title", "summary"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise DataError("must be a non-empty string", file=name, line=line(key), key=key)
    minutes = data["minutes"]
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 240:
        raise DataError(
            f"must be a whole number of minutes from 1 to 240, got {minutes!r}",
            file=name,
            line=line("minutes"),
            key="minutes",
        )
    return {
        "title": data["title"].strip(),
        "summary": " ".join(data["summary"].split()),
        "minutes": minutes,
    }


def compose(title: str, summary: str, minutes: int, body: str) -> str:
    """The full lesson text: a title, a one-line lead, then the body."""
    lead = _("*{minutes} min.*").format(minutes=minutes)
    return f"# {title}\n\n{lead} {summary}\n\n{body.strip()}\n"


def read_lesson_file(path: Path) -> Lesson:
    name = str(path)
    match = LESSON_FILE.match(path.name)
    if match is None:
        raise DataError(
            "lesson files are named NN-slug.md, e.g. 01-what-is-a-registry.md", file=name
        )
    text = read_text(path)
    front, body, _ = split_front_matter(text, name)
    meta = _parse_front_matter(front, name)
    if not body.strip():
        raise DataError("the lesson has front matter but no text", file=name)
    full = compose(meta["title"], meta["summary"], meta["minutes"], body)
    return Lesson(
        number=int(match["number"]),
        slug=match["slug"],
        title=meta["title"],
        summary=meta["summary"],
        minutes=meta["minutes"],
        origin=name,
        _text=lambda: full,
    )


def file_lessons(directory: Path | None = None) -> list[Lesson]:
    folder = directory or lessons_dir()
    if not folder.is_dir():
        raise DataError("the lessons folder is missing", file=str(folder))
    lessons = [read_lesson_file(p) for p in sorted(folder.glob("*.md"))]
    seen: dict[int, Lesson] = {}
    for lesson in lessons:
        if lesson.number in seen:
            raise DataError(
                f"lesson number {lesson.number:02d} is also used by {seen[lesson.number].origin}",
                file=lesson.origin,
            )
        seen[lesson.number] = lesson
    return sorted(lessons, key=lambda item: item.number)


def list_lessons(
    catalog_files: Sequence[str | Path] = (), *, directory: Path | None = None
) -> list[Lesson]:
    """All lessons in order: the files, then the one generated from the catalog."""
    lessons = file_lessons(directory)
    number = (lessons[-1].number if lessons else 0) + 1
    extra = tuple(catalog_files)
    cache: dict[str, str] = {}

    def text() -> str:
        if "text" not in cache:
            from advisor.catalog.load import load_catalog

            cache["text"] = catalog_lesson(load_catalog(extra))
        return cache["text"]

    lessons.append(
        Lesson(
            number=number,
            slug=CATALOG_SLUG,
            title=_(CATALOG_TITLE),
            summary=_(CATALOG_SUMMARY),
            minutes=CATALOG_MINUTES,
            origin="generated from the catalog",
            _text=text,
        )
    )
    return lessons


def topics_line(lessons: Iterable[Lesson]) -> str:
    return ", ".join(f"{lesson.number} {lesson.slug}" for lesson in lessons)


def find_lesson(topic: str, lessons: Sequence[Lesson]) -> Lesson:
    """Look a lesson up by what a reader would type: its number, its id or slug, the start
    of its slug or title, a word of either, or the start of such a word ("nam" finds
    "...-naming"). Each kind of match is tried in that order; the first kind that matches
    decides, and more than one lesson there is ambiguous (UsageError naming them).
    A number matches only a lesson number. UsageError with "did you mean" when none match.
    """
    want = " ".join(topic.strip().lower().split())
    if want.isdigit():
        for lesson in lessons:
            if lesson.number == int(want):
                return lesson
        if not lessons:
            raise UsageError(_("no lesson '{topic}': there are no lessons").format(topic=topic))
        raise UsageError(
            _(
                "no lesson '{topic}': lessons are numbered {first} to {last}; topics: {topics}"
            ).format(
                topic=topic,
                first=lessons[0].number,
                last=lessons[-1].number,
                topics=topics_line(lessons),
            )
        )
    for lesson in lessons:
        if want in (lesson.slug, lesson.id):
            return lesson
    if want:
        for candidates in (
            [x for x in lessons if x.id.startswith(want) or x.slug.startswith(want)],
            [x for x in lessons if _title(x).startswith(want)],
            [x for x in lessons if want in _words(x) or f" {want} " in f" {_title(x)} "],
            [x for x in lessons if any(w.startswith(want) for w in _words(x))],
        ):
            if len(candidates) == 1:
                return candidates[0]
            if len(candidates) > 1:
                names = ", ".join(x.slug for x in candidates)
                raise UsageError(
                    _("lesson '{topic}' is ambiguous: it could be {names}").format(
                        topic=topic, names=names
                    )
                )
    raise UsageError(
        _("no lesson '{topic}'{hint}; topics: {topics}").format(
            topic=topic, hint=suggest(want, lessons), topics=topics_line(lessons)
        )
    )


def _title(lesson: Lesson) -> str:
    return " ".join(re.sub(r"[^\w\s-]", " ", lesson.title.lower()).split())


def _words(lesson: Lesson) -> set[str]:
    """The words of a lesson's slug and title, lower case, without punctuation."""
    return {*lesson.slug.split("-"), *_title(lesson).split()}


def suggest(word: str, lessons: Sequence[Lesson]) -> str:
    """' (did you mean "slug"?)' for a misspelt slug, slug word or slug prefix, else ''."""
    hint = did_you_mean(word, [x.slug for x in lessons])
    if hint or not word:
        return hint
    owners: dict[str, set[str]] = {}
    for lesson in lessons:
        for key in {*lesson.slug.split("-"), lesson.slug[: len(word)]}:
            owners.setdefault(key, set()).add(lesson.slug)
    unique = {key: slugs.pop() for key, slugs in owners.items() if len(slugs) == 1}
    close = did_you_mean(word, list(unique))
    if not close:
        return ""
    key = close.split('"')[1]
    return _(' (did you mean "{choice}"?)').format(choice=unique[key])


def get_lesson(topic: str | int, catalog_files: Sequence[str | Path] = ()) -> Lesson:
    """One lesson by number, slug or unique prefix; UsageError with "did you mean" if none."""
    return find_lesson(str(topic), list_lessons(catalog_files))


def catalog_lesson(catalog: Any) -> str:
    """The lesson "The registries in the catalog", written from a loaded catalog in the
    current language (advisor.learn.catalog_lesson)."""
    return compose(
        _(CATALOG_TITLE), _(CATALOG_SUMMARY), CATALOG_MINUTES, catalog_lesson_body(catalog)
    )
