"""Language choice and translated text (issue #15): English (`en`) and Indonesian (`id`).

Two kinds of translation:

- UI strings and CLI messages go through `_()` / `ngettext()`, backed by stdlib `gettext`
  reading the compiled catalog `advisor/i18n/locale/<lang>/LC_MESSAGES/advisor.mo`. Babel is
  only a development tool (extract, update, compile: see docs/i18n.md); it is never imported
  at run time. English is the source language, so English needs no catalog at all.
- Texts that live in data files (questions, rules, criteria, quiz, lessons) are translated
  as data keyed by id, in `data/i18n/<lang>/*.yaml` and `data/lessons/<lang>/`; see
  `data_translation()`.

The language is chosen once per process by `choose()`: `--lang`, else the first of
`LC_ALL`, `LC_MESSAGES`, `LANG` that is set (POSIX precedence; `id_ID.UTF-8` -> `id`), else
English. Loading the Indonesian catalog costs about a millisecond (one small .mo file).
"""

from __future__ import annotations

import os

# Only annotations use these: pathlib and typing stay off the start-up of light commands
# (`image explain` imports nothing else that needs them). `from typing import TYPE_CHECKING`
# would itself import typing; type checkers read this constant the same way.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path
    from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "id")
NAMES: dict[str, str] = {"en": "English", "id": "Bahasa Indonesia"}
DOMAIN = "advisor"

_language = "en"
_translations: Any = None  # a gettext.GNUTranslations, or None for English
_data_cache: dict[tuple[str, str], Any] = {}
# The top-level key holding the entries in each data/i18n/<lang>/<kind>.yaml.
_SECTION = {
    "quiz": "questions",
    "questions": "questions",
    "criteria": "criteria",
    "rules": "rules",
    "errors": "signatures",  # doctor's error signatures (data/errors.yaml)
}


def from_environment(env: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for: `LC_ALL`, then `LC_MESSAGES`, then `LANG`.

    The first variable that is set and not empty decides (POSIX): `id`, `id_ID`,
    `id_ID.UTF-8` and `id_ID@euro` mean Indonesian; anything else (including `C`) English.
    """
    env = os.environ if env is None else env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value.split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def choose(lang: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """Set the process language from `--lang` (if given) or the environment; return it.

    Raises ValueError for a `lang` that is not one of LANGUAGES (the CLI turns it into a
    usage error).
    """
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}' (choose from {', '.join(LANGUAGES)})")
    set_language(lang or from_environment(env))
    return _language


def set_language(lang: str) -> None:
    """Switch the process language (the TUI calls this from its palette)."""
    global _language, _translations
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}'")
    _language = lang
    _translations = None if lang == "en" else _load_catalog(lang)
    from advisor import errors  # the layers below this package translate through errors._

    errors.set_translator(None if _translations is None else _translations.gettext)


def language() -> str:
    """The current language code: `en` or `id`."""
    return _language


def _load_catalog(lang: str) -> Any:
    import gettext

    path = _locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as fh:
        return gettext.GNUTranslations(fh)


def _(message: str) -> str:
    """`message` (English, the msgid) in the current language."""
    if _translations is None:
        return message
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for `n`, in the current language."""
    if _translations is None:
        return singular if n == 1 else plural
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet (module-level constants)."""
    return message


def data_translation(kind: str, lang: str | None = None) -> dict[str, Any]:
    """The translations of one data file, `data/i18n/<lang>/<kind>.yaml`, as a dict.

    `kind` is `questions`, `quiz`, `criteria`, `rules` or `errors`; the result maps ids to their
    translated fields (the file's second-level mapping). English returns `{}`: the English
    text lives in the data file itself. A missing file counts as no translation; a file
    that is not a mapping raises DataError from the safe reader.
    """
    lang = lang or _language
    if lang == "en":
        return {}
    key = (lang, kind)
    if key not in _data_cache:
        from pathlib import Path

        from advisor.io.cache import load_validated
        from advisor.io.paths import data_file
        from advisor.io.yamlfile import parse_yaml, read_text

        path = data_file("i18n", lang, f"{kind}.yaml")
        if not path.is_file():
            _data_cache[key] = {}
        else:
            text = read_text(path)

            def parse() -> dict[str, Any]:
                data, _node = parse_yaml(text, str(path))
                section = data.get(_SECTION.get(kind, kind)) if isinstance(data, dict) else None
                return section if isinstance(section, dict) else {}

            # The larger files (catalog prose, setup recipes) take ~20 ms to parse: keep the
            # parsed form in the validated-data cache, keyed by the file's text.
            _data_cache[key] = load_validated(f"i18n-{lang}-{kind}", text, [Path(__file__)], parse)
    return _data_cache[key]


def lessons_folder(lang: str | None = None) -> Path:
    """The folder of the lesson files in a language: `data/lessons` or `data/lessons/<lang>`."""
    from advisor.io.paths import data_file

    lang = lang or _language
    return data_file("lessons") if lang == "en" else data_file("lessons", lang)


def _locale_dir() -> Path:
    """The folder of the compiled catalogs: advisor/i18n/locale."""
    from pathlib import Path

    return Path(__file__).resolve().parent / "locale"


def __getattr__(name: str) -> Any:
    # LOCALE_DIR is computed on first use, so importing this module needs no pathlib.
    if name == "LOCALE_DIR":
        return _locale_dir()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
