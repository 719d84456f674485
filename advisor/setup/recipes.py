"""Setup recipes, data/setup/*.yaml: what we know about setting up each registry, as data.

One file per registry in the catalog (its profile, CI login, steps, gotchas), plus shared
parts: `clients.yaml` (Docker, BuildKit, containerd, Podman, k3s), `common.yaml` (install,
login, risks, the default flows) and `ci.yaml` (CI systems, build and push). Every step
carries `source` (https URLs) and `verified` (the date it was read).

`load_recipes()` runs them through the loader pipeline (`advisor.io.pipeline`): read
safely, parse, validate with the models in `advisor.setup.models`, cross-check (below),
report every problem at once; the result is cached so repeat runs skip pydantic.

Text in a recipe may hold placeholders, `{{address}}` and the like (`VARIABLES`), filled by
`fill`: in `console` code a value becomes one shell-quoted word (`shlex.quote`), so the
cross-check refuses a placeholder inside quotes there; in prose, a value is flattened to
one line. `shows(item, flags, output)` applies an item's `when`/`unless`/`in`.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from advisor.errors import AdvisorError, DataError
from advisor.frozen import frozen
from advisor.io.paths import data_file

PLACEHOLDER = re.compile(r"\{\{([A-Za-z_]+)\}\}")
VARIABLES = frozenset(
    {
        "address",  # HOST[:PORT] as clients write it
        "user",  # --user, or a placeholder
        "name",  # the registry's name
        "docs",  # the vendor's documentation
        "ca_file",  # where the CA certificate is: certs/ca.crt or ca.crt
        "host_name",  # the host without port or brackets
        "san",  # DNS:name or IP:address, for a certificate
        "listen",  # where Distribution listens
        "expiry",  # the server certificate's expiry date
        "data_dir",  # Distribution's storage inside the container
        "config_path",  # Distribution's config inside the container
        "visibility",  # Public or Private
        "namespace",  # the repository namespace of the first push (demo, library, GROUP/PROJECT)
        "port",  # the port the registry serves (the product's usual one without --host PORT)
    }
)
SHELL_LANGS = frozenset({"console", "sh", "bash", "shell"})
SHARED = ("ci", "clients", "common")
# What the code asks for by name: the README's sections, the steps whose sources the
# emitters cite, the flows every bundle or guide needs (common.yaml's defaults).
REQUIRED_SECTIONS = ("common:risks-insecure", "common:public-self-hosted")
REQUIRED_STEPS = (
    "distribution:start",
    "distribution:run-insecure",
    "clients:containerd",
    "clients:podman-insecure",
    "clients:k3s",
    "clients:buildkit-insecure",
    "common:login-unconfirmed",
)
REQUIRED_FLOWS = (
    "readme-self-hosted",
    "readme-hosted",
    "guide-insecure",
    "guide-self-hosted",
    "guide-hosted",
)
_HERE = Path(__file__).resolve().parent
MODEL_SOURCES = (
    _HERE / "models.py",
    _HERE / "recipes.py",
    _HERE.parent / "io" / "pipeline.py",
    _HERE.parent / "io" / "problems.py",
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def recipes_dir() -> Path:
    return data_file("setup")


@frozen
class Recipes:
    """The validated recipe files by id (plain JSON-like dicts)."""

    files: Mapping[str, dict[str, Any]]

    def get(self, file_id: str) -> dict[str, Any] | None:
        return self.files.get(file_id)

    @property
    def registry_ids(self) -> tuple[str, ...]:
        return tuple(i for i, f in self.files.items() if i not in SHARED)

    @property
    def ci(self) -> dict[str, Any]:
        return self.files["ci"]

    def flow(self, name: str, registry: Mapping[str, Any] | None) -> list[str]:
        """A flow by name: the registry's own, else common.yaml's."""
        if registry is not None and name in registry.get("flows", {}):
            return list(registry["flows"][name])
        return list(self.files["common"].get("flows", {}).get(name, ()))

    def steps_of(self, ref: str, registry: Mapping[str, Any] | None) -> list[dict[str, Any]]:
        """The steps a flow item names: `FILE:STEP`, `FILE:*` or `self:*` (not `ci`)."""
        file_id, _, step_id = ref.partition(":")
        data = (registry if file_id == "self" else self.files.get(file_id)) or {}
        steps = data.get("steps", [])
        if step_id == "*":
            return list(steps)
        return [s for s in steps if s["id"] == step_id]

    def section(self, ref: str) -> dict[str, Any]:
        file_id, _, section_id = ref.partition(":")
        for s in self.files[file_id].get("sections", []):
            if s["id"] == section_id:
                return s
        raise KeyError(ref)


_LOADED: dict[str, Recipes] = {}


def load_recipes(directory: str | Path | None = None) -> Recipes:
    """Every recipe file in `directory` (data/setup by default), validated and cross-checked.

    Raises DataError/DataErrors naming file, line and item for every problem found.
    """
    from advisor.io.pipeline import load_checked, model_validator

    where = Path(directory) if directory is not None else recipes_dir()
    key = str(where)
    if key in _LOADED:
        return _LOADED[key]
    paths = sorted(where.glob("*.yaml"))
    if not paths:
        raise DataError("no recipe files (*.yaml) here", file=str(where))

    def model() -> type:
        from advisor.setup.models import RecipeFile

        return RecipeFile

    recipes = load_checked(
        "setup-recipes",
        paths,
        validate=model_validator(model, item_of=_item_of),
        cross_check=cross_check,
        fingerprints=MODEL_SOURCES,
        build=lambda datas: _recipes_of(datas, paths),
    )
    _LOADED[key] = recipes
    return recipes


def _recipes_of(datas: Any, paths: list[Path]) -> Recipes:
    """The validated files as Recipes; ValueError when they cannot be what validation made
    of these files (one mapping per file, ids matching file names), so a cached entry of
    the wrong shape is a cache miss, not a crash later."""
    if not isinstance(datas, list) or len(datas) != len(paths):
        raise ValueError("one recipe per file expected")
    for data, path in zip(datas, paths, strict=True):
        if not isinstance(data, dict) or data.get("id") != path.stem:
            raise ValueError(f"no recipe '{path.stem}'")
    return Recipes({d["id"]: d for d in datas})


def _item_of(data: Any, loc: tuple) -> tuple[str | None, tuple]:
    """Name the step, section or gotcha a location belongs to, e.g. 'step start'."""
    if len(loc) >= 2 and loc[0] in ("steps", "sections") and isinstance(loc[1], int):
        items = data.get(loc[0]) if isinstance(data.get(loc[0]), list) else []
        item = items[loc[1]] if loc[1] < len(items) else None
        ident = item.get("id") if isinstance(item, dict) else None
        kind = loc[0][:-1]
        return (f"{kind} {ident}" if isinstance(ident, str) else f"{loc[0]}[{loc[1]}]", loc[2:])
    return None, loc


# --- cross-check ---------------------------------------------------------------------


def cross_check(docs: list[Any]) -> list[AdvisorError]:
    """What no single file shows: ids match file names, shared files exist, registry files
    are complete, every flow item names a step, every placeholder is known and, in shell
    code, stands outside quotes."""
    from advisor.io.yamlfile import line_of

    problems: list[AdvisorError] = []
    by_id: dict[str, Any] = {}

    def add(doc: Any, loc: tuple, message: str, key: str | None = None) -> None:
        problems.append(DataError(message, file=doc.file, line=line_of(doc.node, loc), key=key))

    for doc in docs:
        data = doc.data
        stem = Path(doc.file).stem
        if data["id"] != stem:
            add(doc, ("id",), f"id '{data['id']}' must match the file name '{stem}.yaml'")
        if data["id"] in by_id:
            add(doc, ("id",), f"duplicate id '{data['id']}'")
        by_id[data["id"]] = doc
    for shared in SHARED:
        if shared not in by_id:
            where = str(Path(docs[0].file).parent) if docs else "data/setup"
            problems.append(DataError(f"missing the shared recipe file {shared}.yaml", file=where))
    if problems:
        return problems

    ci = by_id["ci"].data
    for field in ("login", "build_push", "ca_install", "systems", "texts"):
        if field not in ci:
            add(by_id["ci"], (), f"ci.yaml needs '{field}'")
    for doc in docs:
        data = doc.data
        if data["id"] in SHARED:
            continue
        for field in ("name", "docs", "self_hostable", "login"):
            if field not in data:
                add(doc, (), f"a registry's recipe needs '{field}'")
        pattern = data.get("hosted", {}).get("pattern")
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                add(doc, ("hosted", "pattern"), f"not a regular expression: {exc}")
    steps_by_file = {fid: {s["id"] for s in d.data.get("steps", [])} for fid, d in by_id.items()}
    for ref in REQUIRED_STEPS + REQUIRED_SECTIONS:
        file_id, _, item = ref.partition(":")
        kind = "section" if ref in REQUIRED_SECTIONS else "step"
        doc = by_id.get(file_id)
        have = {x["id"] for x in doc.data.get(kind + "s", [])} if doc is not None else set()
        if item not in have:
            target = doc or by_id["common"]
            add(target, (), f"{file_id}.yaml needs the {kind} '{item}' (the code uses it)")
    for name in REQUIRED_FLOWS:
        if name not in by_id["common"].data.get("flows", {}):
            add(by_id["common"], ("flows",), f"common.yaml needs the default flow '{name}'")
    if "distribution" in by_id and "readme-server" not in by_id["distribution"].data.get(
        "flows", {}
    ):
        add(by_id["distribution"], (), "distribution.yaml needs the flow 'readme-server'")
    for doc in docs:
        data = doc.data
        seen: set[str] = set()
        for i, step in enumerate(data.get("steps", [])):
            if step["id"] in seen:
                add(doc, ("steps", i, "id"), f"duplicate step id '{step['id']}'")
            seen.add(step["id"])
        for name, items in data.get("flows", {}).items():
            for j, ref in enumerate(items):
                message = _check_ref(ref, data, steps_by_file)
                if message:
                    add(doc, ("flows", name, j), message, key=f"flow {name}")
        for loc, text, lang in _texts(data):
            for message in check_template(text, lang):
                add(doc, loc, message, key=_item_of(data, loc)[0])
    return problems


def _check_ref(ref: str, data: Mapping[str, Any], steps_by_file: Mapping[str, set]) -> str:
    if ref == "ci":
        return ""
    file_id, sep, step_id = ref.partition(":")
    if not sep or not step_id:
        return f"flow item '{ref}': expected FILE:STEP, FILE:*, self:* or ci"
    if file_id == "self":
        return "" if step_id == "*" else f"flow item '{ref}': only self:* is allowed"
    if file_id not in steps_by_file:
        return f"flow item '{ref}': no recipe file '{file_id}.yaml'"
    if step_id != "*" and step_id not in steps_by_file[file_id]:
        return f"flow item '{ref}': {file_id}.yaml has no step '{step_id}'"
    return ""


def _texts(data: Mapping[str, Any]) -> Iterable[tuple[tuple, str, str]]:
    """(location, text, lang) of every text that may hold placeholders; lang '' for prose."""
    for kind in ("steps", "sections"):
        for i, item in enumerate(data.get(kind, [])):
            yield (kind, i, "title"), item["title"], ""
            for j, block in enumerate(item["blocks"]):
                if "text" in block:
                    yield (kind, i, "blocks", j, "text"), block["text"], ""
                elif "code" in block:
                    yield (kind, i, "blocks", j, "code"), block["code"], block["lang"]
                elif "link" in block:
                    yield (kind, i, "blocks", j, "link"), "{{" + block["link"] + "}}", ""
    for i, g in enumerate(data.get("gotchas", [])):
        yield ("gotchas", i, "text"), g["text"], ""
    for i, n in enumerate(data.get("install_notes", [])):
        yield ("install_notes", i, "text"), n["text"], ""
    login = data.get("login") or {}
    if "image" in login:
        yield ("login", "image"), login["image"], ""
    for i, line in enumerate(login.get("commands") or []):
        # Written as-is into CI files: no placeholders at all.
        if PLACEHOLDER.search(line):
            yield ("login", "commands", i), line, "no-placeholders"
    for name, system in (data.get("systems") or {}).items():
        for field in ("intro", "ca_note"):
            if field in system:
                yield ("systems", name, field), system[field], ""
    for name, text in (data.get("texts") or {}).items():
        yield ("texts", name), text, ""


def check_template(text: str, lang: str) -> list[str]:
    """Problems with the placeholders of one text: unknown names; in shell code, quoting."""
    problems = []
    if lang == "no-placeholders":
        return ["shell lines written into CI files cannot hold placeholders"]
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) not in VARIABLES:
            problems.append(
                f"unknown placeholder '{{{{{match.group(1)}}}}}'; known: "
                + ", ".join(sorted(VARIABLES))
            )
    if lang in SHELL_LANGS:
        for name in _quoted_placeholders(text):
            problems.append(
                f"placeholder '{{{{{name}}}}}' inside quotes in shell code: it is filled as "
                "a shell-quoted word, so write it outside quotes"
            )
    return problems


def _quoted_placeholders(code: str) -> list[str]:
    """Placeholders that stand inside '...' or "..." in shell code."""
    found = []
    quote = ""
    i = 0
    while i < len(code):
        ch = code[i]
        if quote != "'" and ch == "\\":
            i += 2
            continue
        if not quote and ch == "#" and (i == 0 or code[i - 1] in " \t\n"):
            end = code.find("\n", i)
            i = len(code) if end < 0 else end
            continue
        if ch in "'\"":
            if not quote:
                quote = ch
            elif quote == ch:
                quote = ""
        elif quote and code.startswith("{{", i):
            match = PLACEHOLDER.match(code, i)
            if match:
                found.append(match.group(1))
        i += 1
    return found


# --- filling and choosing ------------------------------------------------------------


def no_controls(text: str) -> str:
    """Control characters and line breaks (U+2028/U+2029 and NEL too) become spaces."""
    return _CONTROL.sub(" ", text)


def one_line(text: str) -> str:
    """Text safe on one line (a comment, a Markdown line), runs of spaces collapsed."""
    return " ".join(no_controls(text).split())


def fill(text: str, values: Mapping[str, str], *, lang: str = "") -> str:
    """Replace `{{name}}` placeholders. In shell code each value becomes one shell word
    (`shlex.quote`); elsewhere it is flattened to one line. Unknown names raise KeyError
    (the cross-check refuses them in shipped data)."""
    shell = lang in SHELL_LANGS

    def value(match: re.Match[str]) -> str:
        raw = str(values[match.group(1)])
        return shlex.quote(raw) if shell else one_line(raw)

    return PLACEHOLDER.sub(value, text)


def shows(item: Mapping[str, Any], flags: frozenset[str] | set[str], output: str) -> bool:
    """Whether a step, block or gotcha applies: every `when` flag set, no `unless` flag set,
    and `output` ('readme' or 'guide') among its `in`."""
    if output not in item.get("in", ("readme", "guide")):
        return False
    if any(f not in flags for f in item.get("when", ())):
        return False
    return not any(f in flags for f in item.get("unless", ()))


def sources_of(item: Mapping[str, Any]) -> list[str]:
    src = item.get("source", [])
    return [src] if isinstance(src, str) else list(src)
