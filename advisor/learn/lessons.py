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
from advisor.i18n import N_, _
from advisor.io.yamlfile import line_of, parse_yaml, read_text
from advisor.present.markdown import md, md_link
from advisor.recommendation.words import code
from advisor.recommendation.words import format_value as words_format_value

LESSON_FILE = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
FRONT_MATTER_KEYS = ("title", "summary", "minutes")

CATALOG_SLUG = "registries-in-the-catalog"
CATALOG_TITLE = N_("The registries in the catalog")
CATALOG_SUMMARY = N_(
    "Every registry the advisor knows, side by side, with where each fact came from and "
    "when it was last checked. Written from the catalog each time you open it."
)
CATALOG_MINUTES = 12


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
        numbers = f"{lessons[0].number} to {lessons[-1].number}" if lessons else "none"
        raise UsageError(
            f"no lesson '{topic}': lessons are numbered {numbers}; topics: {topics_line(lessons)}"
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
                raise UsageError(f"lesson '{topic}' is ambiguous: it could be {names}")
    raise UsageError(f"no lesson '{topic}'{suggest(want, lessons)}; topics: {topics_line(lessons)}")


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
    return f' (did you mean "{unique[key]}"?)'


def get_lesson(topic: str | int, catalog_files: Sequence[str | Path] = ()) -> Lesson:
    """One lesson by number, slug or unique prefix; UsageError with "did you mean" if none."""
    return find_lesson(str(topic), list_lessons(catalog_files))


# --------------------------------------------------------------------------- the catalog lesson

# Columns of the overview table: (attribute, heading).
TABLE_COLUMNS = (
    ("hosting", "Hosting"),
    ("setups", "Setups"),
    ("open_source", "Open source"),
    ("anonymous_pull", "Anonymous pull"),
    ("native_to", "Built into"),
)
# Facts spelled out under each registry, in this order.
DETAIL_FACTS = (
    ("free_tier", "Free tier"),
    ("pull_rate_limits", "Pull limits"),
    ("pricing", "Pricing"),
    ("token_lifetime", "Login tokens"),
)
SOURCED_FACTS = tuple(name for name, _ in TABLE_COLUMNS + DETAIL_FACTS)


def _fact(registry: Any, name: str) -> Any:
    return getattr(getattr(registry, "attributes", None), name, None)


def _show(value: Any) -> str:
    # "none" for an empty list reads better in prose than the tables' "(none)"
    return words_format_value(value)


def _date(value: Any) -> str:
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)


def _value_of(fact: Any) -> str:
    if fact is None:
        return "—"
    return _show(getattr(fact, "value", None))


def _checked(source: Any, verified: Any) -> str:
    parts = []
    if source:
        parts.append(md_link(source, "source"))
    if verified:
        parts.append(f"checked {_date(verified)}")
    return ", ".join(parts)


def _fact_line(label: str, fact: Any) -> str | None:
    if fact is None:
        return None
    value = _value_of(fact)
    text = f"- **{label}:** {md(value)}"
    note = getattr(fact, "note", None)
    if note:
        text += f" ({md(note)})"
    where = _checked(getattr(fact, "source", None), getattr(fact, "verified", None))
    if where:
        text += f" — {where}"
    return text


def _table_sources(registry: Any) -> str | None:
    """One line naming where the table's facts for this registry came from, grouped by page."""
    groups: dict[tuple[str, str], list[str]] = {}
    unknown: list[str] = []
    for name, heading in TABLE_COLUMNS:
        fact = _fact(registry, name)
        if fact is None:
            continue
        if getattr(fact, "value", None) == "unknown":
            unknown.append(heading.lower())
            continue
        source = getattr(fact, "source", None)
        verified = getattr(fact, "verified", None)
        key = (str(source or ""), _date(verified) if verified else "")
        groups.setdefault(key, []).append(heading.lower())
    parts = []
    for (source, verified), names in groups.items():
        label = ", ".join(names)
        where = _checked(source, verified)
        parts.append(f"{label} ({where})" if where else label)
    if unknown:
        parts.append(f"not confirmed: {', '.join(unknown)}")
    return "- **Table facts:** " + "; ".join(parts) if parts else None


def catalog_lesson(catalog: Any) -> str:
    """Write the lesson "The registries in the catalog" from a loaded catalog.

    `catalog.registries` is a list of objects with `id name vendor homepage summary`,
    `attributes.<name>` facts (`value source verified note`) and optional `gotchas`
    (`title detail source verified`) and `history` (`date event source`).
    """
    registries = list(getattr(catalog, "registries", []) or [])
    out: list[str] = []
    out.append(
        "This lesson is written from the advisor's catalog each time you open it, so it says "
        "exactly what the recommendations are based on. Every fact in the catalog carries a "
        "link to the page it came from and the day someone last read that page. Prices and "
        "limits change often: if a date below is old, check the link before you rely on it."
    )
    out.append("")
    if not registries:
        out.append("The catalog is empty, so there is nothing to compare yet.")
    out.append("## At a glance")
    out.append("")
    out.append(
        "*Hosting* says whether you rent it (`saas`) or run it yourself (`self-hosted`). "
        "*Setups* are the kinds of registry from lesson 2 it can serve. *Anonymous pull* means "
        "public images can be pulled without logging in. *Built into* names platforms where "
        "it comes ready to use."
    )
    out.append("")
    header = ["Registry", *(heading for _, heading in TABLE_COLUMNS)]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for reg in registries:
        row = [md(str(getattr(reg, "name", getattr(reg, "id", "?"))))]
        row += [md(_value_of(_fact(reg, name))) for name, _ in TABLE_COLUMNS]
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    out.append("## Registry by registry")
    for reg in registries:
        out.append("")
        name = str(getattr(reg, "name", "")) or str(getattr(reg, "id", "?"))
        out.append(f"### {md(name)}")
        out.append("")
        vendor = getattr(reg, "vendor", None)
        homepage = getattr(reg, "homepage", None)
        lead = []
        if vendor:
            lead.append(f"From {md(vendor)}")
        if homepage:
            lead.append(f"home page: {md_link(homepage)}")
        rid = getattr(reg, "id", None)
        if rid:
            lead.append(f"catalog id {md(code(rid))}")
        if lead:
            out.append("; ".join(lead) + ".")
            out.append("")
        summary = getattr(reg, "summary", None)
        if summary:
            out.append(md(summary))
            out.append("")
        lines = [_fact_line(label, _fact(reg, fact)) for fact, label in DETAIL_FACTS]
        lines.append(_table_sources(reg))
        out.extend(line for line in lines if line)
        gotchas = list(getattr(reg, "gotchas", None) or [])
        if gotchas:
            out.append("")
            out.append("What people trip over:")
            out.append("")
            for g in gotchas:
                detail = md(getattr(g, "detail", ""))
                where = _checked(getattr(g, "source", None), getattr(g, "verified", None))
                text = f"- *{md(getattr(g, 'title', ''))}.* {detail}"
                out.append(f"{text} ({where})" if where else text)
        history = list(getattr(reg, "history", None) or [])
        if history:
            out.append("")
            out.append("Worth knowing from its history:")
            out.append("")
            for h in sorted(history, key=lambda e: _date(getattr(e, "date", ""))):
                event = md(getattr(h, "event", ""))
                source = getattr(h, "source", None)
                text = f"- {_date(getattr(h, 'date', ''))}: {event}"
                out.append(f"{text} ({md_link(source, 'source')})" if source else text)
        claims = list(getattr(reg, "seed_claims", None) or [])
        if claims:
            out.append("")
            out.append("What our original training article said, checked:")
            out.append("")
            for c in claims:
                claim = md(getattr(c, "claim", ""))
                finding = md(getattr(c, "finding", ""))
                where = _checked(getattr(c, "source", None), getattr(c, "verified", None))
                text = f'- "{claim}" **{md(getattr(c, "status", "?"))}:** {finding}'
                out.append(f"{text} ({where})" if where else text)
    out.append("")
    out.append("## Try it")
    out.append("")
    out.append(
        "1. Pick two registries from the table that could serve the setup you need "
        "(public, private or insecure) and open their source links. Is the fact still true "
        "today? If not, that is worth a fix to `data/registries.yaml`."
    )
    out.append(
        "2. Describe your own registry (say, the company's Harbor or Nexus) in a small file "
        "in the same format and run `registry-advisor learn "
        f"{CATALOG_SLUG} --catalog my-registries.yaml`: it appears here, next to the rest."
    )
    out.append(
        "3. Run `registry-advisor recommend` and compare its ranking with what you would have "
        "picked from this table alone."
    )
    return compose(CATALOG_TITLE, CATALOG_SUMMARY, CATALOG_MINUTES, "\n".join(out))
