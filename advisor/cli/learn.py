"""`registry-advisor learn [TOPIC] [--list]`: read the lessons for newcomers."""

from __future__ import annotations

import argparse

from advisor.cli.options import add_catalog_option, catalog_files
from advisor.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "learn",
        help=_("read the lessons for newcomers (registries, naming, running your own)"),
        description=(
            _(
                "Short lessons on container registries for newcomers. With no TOPIC, list the "
                "lessons; with one, print that lesson as Markdown (rendered when the output is a "
                "terminal)."
            )
        ),
        epilog=(
            _(
                "TOPIC is a lesson number, its name, or the start of its name, its title or "
                "one of their words: 'registry-advisor learn 4', 'learn naming', 'learn nam', "
                "'learn running'. The last lesson is "
                "written from the catalog, so --catalog FILE adds your own registries to it."
            )
        ),
    )
    parser.add_argument("topic", nargs="?", metavar="TOPIC", help=_("lesson number or name"))
    parser.add_argument("--list", action="store_true", help=_("list the lessons (the default)"))
    add_catalog_option(parser)
    parser.set_defaults(func=run)


def table_of_contents(lessons: list) -> str:
    from advisor.i18n import _

    head_lesson, head_title, head_min = _("lesson"), _("title"), _("min")
    width = max(len(head_lesson), *(len(lesson.slug) for lesson in lessons))
    title_width = max(len(head_title), *(len(lesson.title) for lesson in lessons))
    lines = [f"{'#':>2}  {head_lesson:<{width}}  {head_title:<{title_width}}  {head_min}"]
    for lesson in lessons:
        lines.append(
            f"{lesson.number:>2}  {lesson.slug:<{width}}  {lesson.title:<{title_width}}  "
            f"{lesson.minutes:>3}"
        )
    total = sum(lesson.minutes for lesson in lessons)
    lines.append("")
    lines.append(
        _("About {total} minutes in all. Read one with 'registry-advisor learn 1'").format(
            total=total
        )
    )
    lines.append(_("(a number, a name, or the start of a name); test yourself with"))
    lines.append(_("'registry-advisor quiz'."))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    import sys

    from advisor.errors import UsageError
    from advisor.learn.lessons import find_lesson, list_lessons

    lessons = list_lessons(catalog_files(args))
    if args.topic is not None and args.list:
        raise UsageError(_("give a TOPIC or --list, not both"), key="--list")
    if args.topic is None:
        print(table_of_contents(lessons))
        return 0
    lesson = find_lesson(args.topic, lessons)
    text = lesson.markdown
    if sys.stdout.isatty():
        from rich.markdown import Markdown

        from advisor.io.terminal import rich_print

        rich_print(Markdown(text, hyperlinks=True))
    else:
        sys.stdout.write(text)
    return 0
