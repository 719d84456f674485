"""One loader pipeline for sets of data files: read safely, parse, validate, cross-check,
and report every problem at once.

    load_checked(kind, paths, validate=..., cross_check=..., fingerprints=..., build=...)

It serves the catalog and its overlays (`catalog/load.py`), the questions, the rules and
answers files (`decide/`), and the setup recipes (`setup/recipes.py`).

1. read: `read_text` (size limit, UTF-8, clear errors) for every file;
2. parse: `parse_yaml` (safe loader, alias-bomb refusal, line numbers kept);
3. validate: `validate(data, node, file)` per file, usually `model_validator(Model, ...)`,
   which turns pydantic errors into DataErrors naming the file, line and item;
4. cross-check: `cross_check(docs)` over all files that validated, for what no single
   file can show (ids that must match, references between files, placeholders in text);
5. report: every problem from every file in one DataErrors (one DataError when alone),
   sorted by file and line.

The validated result (JSON-able) is kept in the validated-data cache (`io/cache.py`), keyed
by the files' names and texts and the `fingerprints` (the model sources), so repeat runs
skip PyYAML and pydantic entirely.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.errors import AdvisorError, DataError, DataErrors, _
from advisor.io.problems import kind_of, problems_from
from advisor.io.yamlfile import line_of, parse_yaml, read_text

if TYPE_CHECKING:
    import yaml
    from pydantic import BaseModel

Validate = Callable[[Any, "yaml.Node | None", str], Any]


class Document:
    """One file after validation: its name, its validated (JSON-able) data, its node tree.

    A plain class: this module is on every command's start-up path, where a dataclass
    definition alone would cost about half a millisecond.
    """

    __slots__ = ("file", "data", "node")

    def __init__(self, file: str, data: Any, node: yaml.Node | None) -> None:
        self.file = file
        self.data = data
        self.node = node


def read_all(paths: Sequence[str | Path]) -> list[tuple[str, str]]:
    """Step 1: [(file name, text)] for every path, read with `read_text` (size limit,
    UTF-8, regular files only). Raises DataError naming the first file that cannot be read."""
    return [(str(p), read_text(p)) for p in paths]


def load_checked(
    kind: str,
    paths: Sequence[str | Path],
    *,
    validate: Validate,
    cross_check: Callable[[list[Document]], list[AdvisorError]] | None = None,
    fingerprints: Sequence[Path] = (),
    build: Callable[[list[Any]], Any] | None = None,
    key_of: Callable[[list[tuple[str, str]]], str] | None = None,
) -> Any:
    """The validated data of every file in `paths`, in order; cached between runs.

    Reads the files (`read_all`), then runs `load_texts` on them.
    """
    return load_texts(
        kind,
        read_all(paths),
        validate=validate,
        cross_check=cross_check,
        fingerprints=fingerprints,
        build=build,
        key_of=key_of,
    )


def load_texts(
    kind: str,
    texts: list[tuple[str, str]],
    *,
    validate: Validate,
    cross_check: Callable[[list[Document]], list[AdvisorError]] | None = None,
    fingerprints: Sequence[Path] = (),
    build: Callable[[list[Any]], Any] | None = None,
    key_of: Callable[[list[tuple[str, str]]], str] | None = None,
) -> Any:
    """Steps 2 to 5 on texts already read ([(file name, text)]), through the cache.

    The result is the list of validated data, one per file; with `build`, what it makes of
    that list instead. On a cached entry, any exception from `build` means the entry has the
    wrong shape, and the files are validated again (see `io/cache.py`). The cache key is
    `key_of(texts)` plus the `fingerprints` (the sources of the validating code); by default
    the files' names and texts, so a caller whose result depends on more (the rules on the
    questions) says so there. Raises DataError (one problem) or DataErrors (several, across
    all the files).
    """
    from advisor.io.cache import load_validated

    if key_of is not None:
        key = key_of(texts)
    else:
        key = "\0".join(f"{Path(name).name}\0{text}" for name, text in texts)
    return load_validated(
        kind,
        key,
        list(fingerprints),
        lambda: check_texts(texts, validate, cross_check),
        build=build,
    )


def only(datas: Any) -> Any:
    """The one file's data of a one-file load; ValueError on any other shape (so a cached
    entry of the wrong shape is a miss in `build`)."""
    if not isinstance(datas, list) or len(datas) != 1:
        raise ValueError("one file's data expected")
    return datas[0]


def check_texts(
    texts: Sequence[tuple[str, str]],
    validate: Validate,
    cross_check: Callable[[list[Document]], list[AdvisorError]] | None = None,
) -> list[Any]:
    """Steps 2 to 5 on texts already read: [(file name, text)] → validated data per file."""
    problems: list[AdvisorError] = []
    docs: list[Document] = []
    for name, text in texts:
        try:
            if not text.strip():
                raise DataError(_("file is empty"), file=name)
            data, node = parse_yaml(text, name)
            if data is None:
                raise DataError(_("file holds no data (only comments or null)"), file=name)
            docs.append(Document(name, validate(data, node, name), node))
        except DataErrors as exc:
            problems += exc.problems
        except AdvisorError as exc:
            exc.file = exc.file or name
            problems.append(exc)
    if not problems and cross_check is not None:
        problems += cross_check(docs)
    report(problems)
    return [d.data for d in docs]


def report(problems: list[AdvisorError]) -> None:
    """Raise every problem at once, sorted by file and line; return if there are none."""
    if not problems:
        return
    problems.sort(key=lambda p: (p.file or "", p.line or 0))
    raise problems[0] if len(problems) == 1 else DataErrors(problems)


def model_validator(
    model: Callable[[], type[BaseModel]],
    *,
    expect: str = "a mapping",
    item_of: Callable[[Any, tuple], tuple[str | None, tuple]] | None = None,
) -> Validate:
    """A `validate` step that checks one file against a pydantic model.

    `model` is called lazily (so pydantic loads only on a cache miss); `item_of(data, loc)`
    names the item a location belongs to, e.g. ("step start", rest of loc). The result is
    the model's JSON dump (aliases, no None values).
    """

    def validate(data: Any, node: yaml.Node | None, file: str) -> Any:
        from pydantic import ValidationError

        root = model()
        if not isinstance(data, dict):
            raise DataError(
                _("expected {expected}, got a {kind}").format(
                    expected=_(expect), kind=kind_of(data)
                ),
                file=file,
                line=line_of(node, ()),
            )

        def name_item(loc: tuple) -> tuple[str | None, tuple]:
            return item_of(data, loc) if item_of is not None else (None, loc)

        try:
            parsed = root.model_validate(data)
        except ValidationError as exc:
            report(problems_from(exc, node, file, root, name_item))
            raise  # pragma: no cover - report() always raises here
        return parsed.model_dump(mode="json", by_alias=True, exclude_none=True)

    return validate
