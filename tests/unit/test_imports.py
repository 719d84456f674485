"""The headless core never loads Textual, and the light paths never load pydantic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PROBE = """
import sys, runpy, io, contextlib
sys.argv = ["registry-advisor", *{args!r}]
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        from advisor.cli.main import main
        main()
    except SystemExit:
        pass
print(",".join(sorted(m for m in {watch!r} if m in sys.modules)))
"""


def loaded_after(
    args: list[str], watch: tuple[str, ...], env: dict[str, str] | None = None
) -> set[str]:
    code = PROBE.format(args=args, watch=watch)
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    return set(filter(None, last.split(",")))


def core_modules() -> list[str]:
    names = []
    for path in sorted((ROOT / "advisor").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        if rel.parts[:2] == ("advisor", "tui") or rel.name == "__main__":
            continue
        names.append(".".join(rel.parts).removesuffix(".__init__"))
    return names


def test_core_never_imports_textual() -> None:
    modules = core_modules()
    assert "advisor.decide.engine" in modules or "advisor.catalog.load" in modules
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print('textual' in sys.modules)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_help_loads_neither_textual_nor_pydantic() -> None:
    assert loaded_after(["--help"], ("textual", "pydantic", "rich")) == set()


def test_image_explain_is_light() -> None:
    assert loaded_after(["image", "explain", "ubuntu"], ("textual", "pydantic", "yaml")) == set()


def test_catalog_list_with_warm_cache_skips_pydantic(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    loaded_after(["catalog", "list", "--json"], ("pydantic",), env)  # fills the cache
    assert loaded_after(["catalog", "list", "--json"], ("pydantic", "textual"), env) == set()


def test_recommend_loads_jinja_only_for_template_formats(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    args = ["recommend", "--answers", str(ROOT / "examples" / "onprem-offline.yaml")]
    watch = ("jinja2", "markupsafe", "pydantic", "textual")
    loaded_after([*args, "--format", "json"], watch, env)  # fills the cache
    assert loaded_after([*args, "--format", "json"], watch, env) == set()
    assert loaded_after([*args, "--format", "text"], watch, env) == set()
    # The JSON cites the setup guide but prints none of its config snippets: with a warm
    # cache, nothing on the path parses or emits YAML or TOML; records are advisor.frozen.
    heavy = ("yaml", "tomli_w", "dataclasses", "inspect")
    assert loaded_after([*args, "--format", "json"], heavy, env) == set()
    assert loaded_after([*args, "--format", "markdown"], watch, env) == {"jinja2", "markupsafe"}


def test_only_the_invoked_commands_module_is_imported() -> None:
    others = tuple(
        f"advisor.cli.{name}"
        for name in ("recommend", "setup", "catalog", "compare", "validate", "learn", "quiz", "tui")
    )
    watch = (*others, "advisor.cli.image", "dataclasses", "json")
    # Neither the other commands' parsers nor dataclasses or json (no --json given).
    assert loaded_after(["image", "explain", "ubuntu"], watch) == {"advisor.cli.image"}


def test_json_is_imported_only_with_json() -> None:
    assert "json" in loaded_after(["image", "explain", "--json", "ubuntu"], ("json",))


def loaded_clean(args: list[str], watch: tuple[str, ...], env: dict[str, str]) -> set[str]:
    """Like loaded_after, from a clean start (-S: no .pth start-up hooks, which on some
    machines import pathlib, typing or shutil before anything of ours runs)."""
    import site

    paths = [str(ROOT), *site.getsitepackages()]
    code = PROBE.format(args=args, watch=watch)
    proc = subprocess.run(
        [sys.executable, "-S", "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONPATH": os.pathsep.join(paths)},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    return set(filter(None, last.split(",")))


def test_light_commands_start_without_heavy_stdlib_modules(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    heavy = ("typing", "pathlib", "shutil", "locale", "dataclasses", "inspect", "json", "textwrap")
    assert loaded_clean(["image", "explain", "ubuntu"], heavy, env) == set()
    args = ["recommend", "--answers", str(ROOT / "examples" / "onprem-offline.yaml")]
    heavy = ("shutil", "locale", "dataclasses", "inspect", "yaml", "tomli_w", "pydantic")
    loaded_clean([*args, "--format", "json"], ("pydantic",), env)  # fills the cache
    assert loaded_clean([*args, "--format", "json"], heavy, env) == set()
