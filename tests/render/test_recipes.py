"""Setup recipes (data/setup): sourced and dated, checked at load, one source for the bundle
README and the report's setup guide."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from advisor.errors import DataError, DataErrors
from advisor.present.guide import setup_guide
from advisor.setup import bundle
from advisor.setup.recipes import (
    SHARED,
    check_template,
    fill,
    load_recipes,
    one_line,
    recipes_dir,
)

REPO = Path(__file__).resolve().parents[2]


def _copy_recipes(tmp_path: Path) -> Path:
    target = tmp_path / "setup"
    shutil.copytree(recipes_dir(), target)
    return target


def _problems(exc: pytest.ExceptionInfo) -> list[str]:
    err = exc.value
    return [str(p) for p in err.problems] if isinstance(err, DataErrors) else [str(err)]


# --- what we ship -----------------------------------------------------------------------


def test_every_catalog_registry_has_a_recipe_and_nothing_else_does() -> None:
    catalog = yaml.safe_load((REPO / "data" / "registries.yaml").read_text())
    ids = {r["id"] for r in catalog["registries"]}
    recipes = load_recipes()
    assert set(recipes.registry_ids) == ids
    assert set(recipes.files) == ids | set(SHARED)


def test_every_step_gotcha_and_login_is_sourced_and_dated() -> None:
    recipes = load_recipes()
    seen = 0
    for data in recipes.files.values():
        items = [*data.get("steps", []), *data.get("sections", []), *data.get("gotchas", [])]
        items += data.get("install_notes", [])
        if "login" in data:
            items.append(data["login"])
        for item in items:
            sources = item["source"] if isinstance(item["source"], list) else [item["source"]]
            assert sources and all(s.startswith("https://") for s in sources), item
            verified = dt.date.fromisoformat(item["verified"])
            assert dt.date(2025, 1, 1) <= verified <= dt.date(2026, 11, 30), item
            seen += 1
    assert seen > 60


def test_no_source_constants_left_in_code() -> None:
    """The URLs live in data/setup only: no SRC_* constants in the setup or guide code."""
    for path in [*(REPO / "advisor" / "setup").glob("*.py"), REPO / "advisor/present/guide.py"]:
        assert "SRC_" not in path.read_text(), path


# --- the loader pipeline ------------------------------------------------------------------


def test_cross_check_reports_every_problem_at_once(tmp_path: Path) -> None:
    d = _copy_recipes(tmp_path)
    clients = d / "clients.yaml"
    text = clients.read_text()
    text = text.replace("sudo mkdir -p /etc/docker/certs.d/{{address}}", 'mkdir "{{address}}"', 1)
    text = text.replace("sudo cp {{ca_file}}", "sudo cp {{ca_flie}}", 1)
    clients.write_text(text)
    common = d / "common.yaml"
    common.write_text(common.read_text().replace("common:offline", "common:ofline", 1))
    zot = d / "zot.yaml"
    zot.write_text(zot.read_text().replace("id: zot", "id: zott"))
    with pytest.raises(DataError) as exc:
        load_recipes(d)
    lines = _problems(exc)
    assert any("zot.yaml" in line and "must match the file name" in line for line in lines)
    # The id mismatch stops the cross-check before flows and text: fix it and look again.
    zot.write_text(zot.read_text().replace("id: zott", "id: zot"))
    with pytest.raises(DataErrors) as exc:
        load_recipes(d)
    lines = _problems(exc)
    assert any(
        "clients.yaml:" in line and "inside quotes in shell code" in line for line in lines
    ), lines
    assert any("unknown placeholder '{{ca_flie}}'" in line for line in lines), lines
    assert any(
        "common.yaml:" in line and "common.yaml has no step 'ofline'" in line for line in lines
    ), lines
    for line in lines:
        assert re.match(r".+\.yaml:\d+: ", line), line  # file and line on every problem


def test_schema_problems_name_file_line_and_step(tmp_path: Path) -> None:
    d = _copy_recipes(tmp_path)
    ecr = d / "ecr.yaml"
    text = ecr.read_text().replace("    verified: 2026-11-27\n", "    verifed: 2026-11-27\n", 1)
    text = text.replace("source: https://docs.aws.amazon.com/AmazonECR", "source: http://x", 1)
    ecr.write_text(text)
    with pytest.raises(DataErrors) as exc:
        load_recipes(d)
    lines = _problems(exc)
    assert any("unknown key 'verifed'" in line and 'did you mean "verified"' in line
               for line in lines), lines  # fmt: skip
    assert any("expected an https:// URL" in line for line in lines), lines
    assert all("ecr.yaml:" in line for line in lines)


def test_a_block_has_one_kind_and_code_has_a_language(tmp_path: Path) -> None:
    d = _copy_recipes(tmp_path)
    jfrog = d / "jfrog.yaml"  # a step put first in its list: a code block with no lang
    jfrog.write_text(
        jfrog.read_text().replace(
            "\nsteps:\n",
            "\nsteps:\n  - id: x\n    title: X\n    blocks:\n      - code: ls\n"
            "    source: https://jfrog.com/artifactory/\n    verified: 2026-11-27\n",
            1,
        )
    )
    with pytest.raises(DataError, match=r"jfrog\.yaml:\d+: step x: .*needs 'lang'"):
        load_recipes(d)


def test_missing_shared_file_and_broken_yaml_are_reported(tmp_path: Path) -> None:
    d = _copy_recipes(tmp_path)
    (d / "ci.yaml").unlink()
    (d / "harbor.yaml").write_text("id: [unclosed\n")
    with pytest.raises(DataError) as exc:
        load_recipes(d)
    assert any("harbor.yaml:" in line and "YAML syntax error" in line for line in _problems(exc))
    (d / "harbor.yaml").write_text((recipes_dir() / "harbor.yaml").read_text())
    with pytest.raises(DataError, match="missing the shared recipe file ci.yaml"):
        load_recipes(d)


def test_broken_shipped_recipes_are_one_error_line_from_the_cli(tmp_path: Path) -> None:
    """A broken data/setup file is a clear exit-2 error through the real command."""
    checkout = tmp_path / "checkout"
    shutil.copytree(REPO / "advisor", checkout / "advisor")
    shutil.copytree(REPO / "data", checkout / "data")
    dist = checkout / "data" / "setup" / "distribution.yaml"
    dist.write_text(dist.read_text().replace("  - id: smoke\n", "  - id: Smoke!\n"))
    proc = subprocess.run(
        [sys.executable, "-m", "advisor", "setup", "--setup", "insecure", "--registry",
         "distribution", "--host", "r.lan", "--output", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=checkout, env={"PYTHONPATH": str(checkout),
        "ADVISOR_NO_CACHE": "1", "PATH": "/usr/bin:/bin"}, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "distribution.yaml:" in proc.stderr and "step" in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("code", "bad"),
    [
        ('echo "{{user}}"', ["user"]),
        ("echo '{{address}}'", ["address"]),
        ("echo {{user}} # '{{address}}'", []),  # a comment is not a quote
        ('echo "$X" {{user}} "y"', []),
        ("echo \\'{{user}}", []),  # an escaped quote opens nothing
    ],
)
def test_shell_placeholders_must_stand_outside_quotes(code, bad) -> None:
    problems = check_template(code, "console")
    assert [p.split("'")[1].strip("{}") for p in problems] == bad


# --- filling ------------------------------------------------------------------------------


HOSTILE = ["a\nrm -rf /", "$(touch pwned)", "`id`", "x'; touch pwned; '", 'q"uote', "a\u2028b"]


@pytest.mark.parametrize("value", HOSTILE)
def test_fill_makes_one_shell_word_in_shell_code_and_one_line_in_prose(value) -> None:
    import shlex

    line = fill("docker login reg -u {{user}} --password-stdin", {"user": value}, lang="console")
    assert shlex.split(line)[4] == value
    prose = fill("hash for `{{user}}`", {"user": value})
    assert "\n" not in prose and "\u2028" not in prose
    assert one_line(value) in prose


# --- README and guide render the same recipe -----------------------------------------------


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{5,}", text.lower()))


@pytest.mark.parametrize("registry", ["ecr", "ghcr", "dockerhub", "gitlab", "artifact-registry"])
def test_hosted_guide_and_readme_share_the_recipe_text(registry) -> None:
    profile = bundle.profiles()[registry]
    readme = bundle.build_bundle(bundle.make_plan(setup="private", profile=profile, host=None))[
        "README.md"
    ][0]
    rec = {"setup": "private", "registries": [{"id": registry, "name": profile.name,
           "hosting": ["saas"]}]}  # fmt: skip
    guide = setup_guide(rec)
    recipe = load_recipes().files[registry]
    shared = [
        s
        for s in recipe["steps"]
        if s["in"] == ["readme", "guide"] and not s["when"] and not s["unless"]
    ]
    assert shared
    guide_text = " ".join(s.text for s in guide.steps)
    for step in shared:
        for block in step["blocks"]:
            if "text" in block and block["in"] == ["readme", "guide"] and not block["when"]:
                first = " ".join(block["text"].split()[:6]).replace("**", "")
                assert first in readme.replace("**", ""), first
                assert first in guide_text, first
    items = recipe["steps"] + recipe.get("gotchas", [])
    recipe_sources = {u for s in items for u in
                      ([s["source"]] if isinstance(s["source"], str) else s["source"])}  # fmt: skip
    assert guide.sources and set(guide.sources) <= recipe_sources


def test_guide_shows_the_files_the_bundle_emits() -> None:
    """The guide's config snippets are the emitters' own output for its placeholder host."""
    rec = {"setup": "insecure", "registries": [{"id": "distribution", "name": "CNCF Distribution",
           "hosting": ["self-hosted"]}]}  # fmt: skip
    guide = setup_guide(rec)
    plan = bundle.make_plan(setup="insecure", profile=bundle.profiles()["distribution"],
                            host="registry.lan:5000")  # fmt: skip
    files = bundle.build_bundle(plan)
    codes = [s.code for s in guide.steps if s.code]
    for path in ("clients/daemon.json", "clients/hosts.toml", "clients/registries.conf",
                 "clients/k3s-registries.yaml", "clients/buildkitd.toml"):  # fmt: skip
        assert files[path][0].rstrip("\n") in codes, path


@pytest.mark.parametrize("setup", ["insecure", "private", "public"])
@pytest.mark.parametrize("hosting", [["saas"], ["self-hosted"], ["saas", "self-hosted"]])
def test_guide_for_a_registry_only_the_catalog_knows(setup, hosting) -> None:
    rec = {"setup": setup, "registries": [{"id": "newreg", "name": "New\nReg `x`",
           "hosting": hosting}], "effective_answers": {"own_infrastructure": True}}  # fmt: skip
    guide = setup_guide(rec)
    assert guide is not None and guide.steps
    assert "\n" not in guide.title
    for step in guide.steps:
        assert "\n" not in step.text


def test_repeat_runs_skip_pydantic_through_the_cache(tmp_path: Path) -> None:
    """The first run validates the recipes (pydantic); the next reads the validated cache."""
    import os

    code = (
        "import sys; from advisor.setup import bundle; "
        "p = bundle.make_plan(setup='insecure', profile=bundle.profiles()['distribution'], "
        "host='r.lan'); bundle.build_bundle(p); print('pydantic' in sys.modules)"
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path), PYTHONPATH=str(REPO))
    env.pop("ADVISOR_NO_CACHE", None)
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        ).stdout.strip()  # fmt: skip
        for _ in range(2)
    ]
    assert runs == ["True", "False"]


def test_what_the_code_asks_for_by_name_must_exist(tmp_path: Path) -> None:
    d = _copy_recipes(tmp_path)
    common = d / "common.yaml"
    text = common.read_text().replace("  - id: risks-insecure", "  - id: risks", 1)
    common.write_text(text.replace('  guide-hosted: ["self:*"]\n', "", 1))
    with pytest.raises(DataErrors) as exc:
        load_recipes(d)
    lines = _problems(exc)
    assert any("needs the section 'risks-insecure'" in line for line in lines), lines
    assert any("needs the default flow 'guide-hosted'" in line for line in lines), lines
