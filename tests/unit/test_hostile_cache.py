"""The cache can only be a speed-up (issue #13): every doubtful entry is a miss, and it never
creates anything outside a valid cache root."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from advisor.io import cache
from tests.conftest import ROOT, run_cli

OFFLINE = ROOT / "examples" / "onprem-offline.yaml"


def _entries(root: Path, kind: str) -> list[Path]:
    return sorted((root / "registry-advisor").glob(f"{kind}-*.json"))


def _env(root: Path, **extra: str) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(root), **extra}


SETUP_ARGV = ["setup", "--setup", "insecure", "--registry", "zot", "--host", "z.lan"]


@pytest.fixture(scope="module")
def _warm_root(tmp_path_factory) -> Path:
    """A cache filled once per module by the commands below: every kind of entry."""
    root = tmp_path_factory.mktemp("warm-cache")
    env = _env(root)
    recommend = run_cli("recommend", "--answers", str(OFFLINE), "--format", "json", env=env)
    assert recommend.returncode == 0, recommend.stderr
    out = root / "bundle"
    assert run_cli(*SETUP_ARGV, "--output", str(out), env=env).returncode == 0
    return root / "registry-advisor"


@pytest.fixture
def warm(_warm_root: Path):
    """Copy the warm cache under a root, so a test's first run need not validate every
    file from scratch (a fresh cache is what the other tests here start from)."""

    def seed(root: Path) -> None:
        shutil.copytree(_warm_root, root / "registry-advisor")
        (root / "registry-advisor").chmod(0o700)

    return seed


def _forge(path: Path, payload: object, *, source_of: str | None = None) -> None:
    """Rewrite an entry with this payload and checksums that match it (and, when given, the
    checksum of another source text): the strongest forgery short of the right source."""
    header = json.loads(path.read_bytes().split(b"\n", 1)[0])
    header["kind"], header["key"] = path.stem.rsplit("-", 1)
    data = json.dumps(payload).encode()
    header["payload_sha256"] = hashlib.sha256(data).hexdigest()
    if source_of is not None:
        header["source_sha256"] = hashlib.sha256(source_of.encode()).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + data)


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_text("[]"),
        lambda p: p.write_text('{"registries": 1}'),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: p.write_bytes(b"\xff\xfe garbage"),
        # Entries hold one validated document per file: a list of one catalog.
        lambda p: _forge(p, [{"schema_version": 1, "registries": [{"id": 3}]}]),
        lambda p: _forge(p, [{"schema_version": 1}]),
        lambda p: _forge(p, []),
    ],
    ids=["list", "no-header", "truncated", "binary", "bad-registry", "no-registries", "forged"],
)
def test_a_catalog_entry_of_the_wrong_shape_is_a_miss(tmp_path: Path, damage, warm) -> None:
    warm(tmp_path)
    fresh = run_cli("catalog", "list", env=_env(tmp_path))
    assert fresh.returncode == 0
    (entry,) = _entries(tmp_path, "catalog")
    damage(entry)
    again = run_cli("catalog", "list", env=_env(tmp_path))
    assert (again.returncode, again.stdout, again.stderr) == (0, fresh.stdout, "")


def test_an_entry_under_another_files_key_is_refused(tmp_path: Path) -> None:
    """Copy a PUBLIC answers entry over the air-gapped file's key: still the air-gapped
    recommendation, because the entry's source checksum is not this file's."""
    public = tmp_path / "public.yaml"
    public.write_text("reach: anywhere\naudience: anyone\n")
    env = _env(tmp_path / "c")
    offline = run_cli("recommend", "--answers", str(OFFLINE), "--format", "json", env=env)
    before = set(_entries(tmp_path / "c", "answers"))
    run_cli("recommend", "--answers", str(public), "--format", "json", env=env)
    (public_entry,) = set(_entries(tmp_path / "c", "answers")) - before
    (offline_entry,) = before
    offline_entry.write_bytes(public_entry.read_bytes())
    again = run_cli("recommend", "--answers", str(OFFLINE), "--format", "json", env=env)
    assert again.returncode == 0
    assert json.loads(again.stdout)["setup"] == json.loads(offline.stdout)["setup"]
    # Even with the header rewritten to claim this file's text, the answers must still be
    # what validation makes of them: a value it would not produce is refused.
    from advisor.decide.questions import load_questions

    source = f"{load_questions().text}\0{OFFLINE.read_text()}"
    _forge(offline_entry, [{"reach": "ANYWHERE!"}], source_of=source)
    again = run_cli("recommend", "--answers", str(OFFLINE), "--format", "json", env=env)
    assert json.loads(again.stdout) == json.loads(offline.stdout)


def test_a_forged_answers_value_is_refused_in_process(tmp_path: Path, monkeypatch) -> None:
    from advisor.decide.answers import _still_clean
    from advisor.decide.questions import load_questions

    qs = load_questions()
    assert _still_clean({"reach": "anywhere"}, qs) == {"reach": "anywhere"}
    for bad in ({"reach": "far"}, {"nope": 1}, {"reach": " anywhere"}, [], {1: "x"}):
        with pytest.raises(ValueError):
            _still_clean(bad, qs)


def test_relative_cache_home_creates_nothing_in_the_working_directory(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    proc = run_cli("catalog", "list", cwd=work,
                   env={"XDG_CACHE_HOME": "relative/cache", "HOME": str(home)})  # fmt: skip
    assert proc.returncode == 0
    assert list(work.iterdir()) == []
    assert (home / ".cache" / "registry-advisor").is_dir()  # the XDG fallback


def test_a_missing_home_is_never_created(tmp_path: Path) -> None:
    home = tmp_path / "no" / "such" / "home"
    proc = run_cli("catalog", "list", env={"XDG_CACHE_HOME": "", "HOME": str(home)})
    assert proc.returncode == 0
    assert not (tmp_path / "no").exists()


def test_the_folder_is_private_and_nothing_is_made_above_the_root(tmp_path: Path) -> None:
    root = tmp_path / "a" / "b"
    proc = run_cli("catalog", "list", env=_env(root))
    assert proc.returncode == 0
    assert not (tmp_path / "a").exists()  # the root's parent is missing: no cache at all
    root.mkdir(parents=True)
    assert run_cli("catalog", "list", env=_env(root)).returncode == 0
    folder = root / "registry-advisor"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o077 == 0 for p in folder.iterdir())


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "on", " y "])
def test_no_cache_takes_the_usual_true_values(tmp_path: Path, value: str) -> None:
    proc = run_cli("catalog", "list", env=_env(tmp_path, ADVISOR_NO_CACHE=value))
    assert proc.returncode == 0
    assert not (tmp_path / "registry-advisor").exists()


@pytest.mark.parametrize("value", ["0", "false", "no", "off", ""])
def test_no_cache_false_values_keep_it(tmp_path: Path, value: str) -> None:
    run_cli("catalog", "list", env=_env(tmp_path, ADVISOR_NO_CACHE=value))
    assert _entries(tmp_path, "catalog")


def test_a_folder_others_can_write_or_a_link_is_not_trusted(tmp_path: Path) -> None:
    folder = tmp_path / "registry-advisor"
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)
    env = _env(tmp_path)
    assert run_cli("catalog", "list", env=env).returncode == 0
    assert list(folder.iterdir()) == []  # nothing written to (or read from) a shared folder
    folder.chmod(0o700)
    folder.rename(tmp_path / "elsewhere")
    folder.symlink_to(tmp_path / "elsewhere")
    assert run_cli("catalog", "list", env=env).returncode == 0
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_cache_hits_skip_validation(tmp_path: Path, monkeypatch) -> None:
    """The control for the tests above: a good entry is used (validate is not called)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    calls = []

    def validate() -> dict:
        calls.append(1)
        return {"x": 1}

    fp = [Path(cache.__file__)]
    assert cache.load_validated("t", "text", fp, validate) == {"x": 1}
    assert cache.load_validated("t", "text", fp, validate) == {"x": 1}
    assert len(calls) == 1
    assert cache.load_validated("t", "other", fp, validate) == {"x": 1}
    assert len(calls) == 2
    # A build that refuses the cached shape makes it a miss, not a crash.
    built = cache.load_validated("t", "text", fp, validate, build=lambda d: d["x"] + 1)
    assert built == 2 and len(calls) == 2
    # On fresh data a failing build is a bug, and it is not hidden.
    with pytest.raises(KeyError):
        cache.load_validated("t", "new", fp, validate, build=lambda d: d["y"])


@pytest.mark.parametrize(
    ("kind", "argv"),
    [
        ("catalog", ["recommend", "--answers", str(OFFLINE), "--format", "json"]),
        ("questions", ["recommend", "--answers", str(OFFLINE), "--format", "json"]),
        ("rules", ["recommend", "--answers", str(OFFLINE), "--format", "json"]),
        ("answers", ["recommend", "--answers", str(OFFLINE), "--format", "json"]),
        ("setup-recipes", SETUP_ARGV),
    ],
)
@pytest.mark.parametrize("payload", [[], "text", {"registries": "x", "questions": 1}, [{"id": 1}]])
def test_every_kind_of_entry_of_the_wrong_shape_is_a_miss(
    tmp_path: Path, kind: str, argv: list[str], payload: object, warm
) -> None:
    """Forged with checksums that match: only the shape is wrong, and that is enough. (An
    entry forged with a plausible shape by someone who can write this user's private cache
    is out of reach: they could as well edit the program.)"""
    env = _env(tmp_path / "c")
    warm(tmp_path / "c")

    def run(n: int):
        extra = ["--output", str(tmp_path / f"out{n}")] if argv[0] == "setup" else []
        proc = run_cli(*argv, *extra, env=env)
        return proc.returncode, proc.stdout.replace(f"out{n}", "out"), proc.stderr

    fresh = run(1)
    assert fresh[0] == 0, fresh[2]
    (entry,) = _entries(tmp_path / "c", kind)
    _forge(entry, payload)
    assert run(2) == fresh


def test_a_fifo_planted_as_an_entry_is_a_miss(tmp_path: Path) -> None:
    env = _env(tmp_path)
    fresh = run_cli("catalog", "list", env=env)
    (entry,) = _entries(tmp_path, "catalog")
    entry.unlink()
    os.mkfifo(entry)  # opened for reading, this would wait for a writer forever
    again = run_cli("catalog", "list", env=env, timeout=30)
    assert (again.returncode, again.stdout) == (0, fresh.stdout)
