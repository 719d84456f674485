"""The one safe writer (issue #13): nothing but a regular file or a directory this tool wrote
is ever replaced, and a bundle swap is all or nothing across kills and signals."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.errors import OutputError
from advisor.io import write
from advisor.io.write import MARKER, recover, write_text_atomic, write_tree_atomic
from tests.conftest import ROOT, assert_one_error_line, run_cli

OLD = {"old.txt": ("old", 0o644), "certs/old.key": ("old key", 0o600)}
NEW = {"new.txt": ("new", 0o644), "certs/domain.key": ("new key", 0o600)}


def tree(top: Path) -> dict[str, str]:
    """{relative path: text} of every file under top, the marker left out."""
    return {
        p.relative_to(top).as_posix(): p.read_text()
        for p in sorted(top.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def texts(files: dict) -> dict[str, str]:
    return {rel: content for rel, (content, _mode) in files.items()}


# --- single files ------------------------------------------------------------------------


@pytest.mark.parametrize("force", [False, True])
def test_a_symlink_is_never_replaced(tmp_path: Path, force: bool) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    link = tmp_path / "out.md"
    link.symlink_to(victim)
    with pytest.raises(OutputError, match="symbolic link"):
        write_text_atomic(link, "new", force=force)
    assert link.is_symlink() and victim.read_text() == "keep"
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputError, match="symbolic link"):
        write_text_atomic(dangling, "new", force=force)
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("force", [False, True])
def test_a_device_fifo_or_socket_is_never_written(tmp_path: Path, force: bool) -> None:
    with pytest.raises(OutputError, match="character device"):
        write_text_atomic("/dev/null", "x", force=force)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="FIFO"):
        write_text_atomic(fifo, "x", force=force)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    sock_path = tmp_path / "sock"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(sock_path))
        with pytest.raises(OutputError, match="socket"):
            write_text_atomic(sock_path, "x", force=force)
        assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)
    finally:
        sock.close()


def test_the_cli_refuses_a_device_with_one_line() -> None:
    proc = run_cli("catalog", "schema", "--output", "/dev/null", "--force")
    assert_one_error_line(proc, "/dev/null", "character device")


def test_a_directory_is_not_a_file_target(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        write_text_atomic(tmp_path, "x", force=True)


def test_names_near_the_255_byte_limit(tmp_path: Path) -> None:
    name = "a" * 255
    write_text_atomic(tmp_path / name, "x")
    assert (tmp_path / name).read_text() == "x"
    write_tree_atomic(tmp_path / ("d" * 255), NEW)
    assert tree(tmp_path / ("d" * 255)) == texts(NEW)
    with pytest.raises(OutputError, match="too long"):
        write_text_atomic(tmp_path / ("b" * 256), "x")
    with pytest.raises(OutputError, match="too long"):
        write_tree_atomic(tmp_path / ("c" * 256), NEW)
    proc = run_cli("catalog", "schema", "--output", str(tmp_path / ("e" * 256)))
    assert_one_error_line(proc, "too long")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a" * 255, "d" * 255]


@pytest.mark.parametrize("where", ["/proc/registry-advisor-test", "/sys/registry-advisor-test"])
def test_pseudo_file_systems_are_one_line(where: str) -> None:
    if not os.path.isdir(os.path.dirname(where)):
        pytest.skip(f"no {os.path.dirname(where)}")
    assert_one_error_line(run_cli("catalog", "schema", "--output", where), where)
    proc = run_cli("setup", "--setup", "insecure", "--registry", "distribution",
                   "--host", "r.lan", "--output", where)  # fmt: skip
    assert_one_error_line(proc, where)


def test_proc_file_with_force_is_one_line() -> None:
    target = "/proc/self/comm"
    if not os.path.exists(target):
        pytest.skip("no /proc")
    assert_one_error_line(run_cli("catalog", "schema", "--output", target, "--force"), target)


# --- trees -------------------------------------------------------------------------------


def test_force_replaces_only_a_tree_this_tool_wrote(tmp_path: Path) -> None:
    theirs = tmp_path / "home"
    theirs.mkdir()
    (theirs / "thesis.tex").write_text("years of work")
    with pytest.raises(OutputError, match="not written by registry-advisor"):
        write_tree_atomic(theirs, NEW, force=True)
    assert tree(theirs) == {"thesis.tex": "years of work"}
    proc = run_cli("setup", "--setup", "insecure", "--registry", "distribution",
                   "--host", "r.lan", "--output", str(theirs), "--force")  # fmt: skip
    assert_one_error_line(proc, "not written by registry-advisor")
    assert tree(theirs) == {"thesis.tex": "years of work"}

    empty = tmp_path / "empty"
    empty.mkdir()
    write_tree_atomic(empty, NEW, force=True)  # nothing to lose
    assert tree(empty) == texts(NEW)

    ours = tmp_path / "ours"
    write_tree_atomic(ours, OLD)
    write_tree_atomic(ours, NEW, force=True)
    assert tree(ours) == texts(NEW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "home", "ours"]


@pytest.mark.parametrize("force", [False, True])
def test_a_symlinked_tree_is_never_replaced(tmp_path: Path, force: bool) -> None:
    real = tmp_path / "real"
    write_tree_atomic(real, OLD)
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="symbolic link"):
        write_tree_atomic(link, NEW, force=force)
    assert link.is_symlink() and tree(real) == texts(OLD)


def test_a_leftover_staging_tree_is_cleaned_up_next_run(tmp_path: Path) -> None:
    target = tmp_path / "bundle"
    staging, _old = write._side_names(target)
    (staging / "certs").mkdir(parents=True)
    (staging / "certs" / "ca.key").write_text("private key a killed run left")
    write_tree_atomic(target, NEW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle"]


def test_an_unfinished_swap_is_undone_next_run(tmp_path: Path) -> None:
    """Killed between the two renames of the fallback swap: the old tree waits beside the
    target under its fixed name; the next run puts it back before doing anything else."""
    target = tmp_path / "bundle"
    write_tree_atomic(target, OLD)
    staging, old = write._side_names(target)
    os.rename(target, old)
    staging.mkdir()
    (staging / "half").write_text("x")
    recover(target)
    assert tree(target) == texts(OLD)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle"]


def test_a_failed_second_rename_puts_the_old_tree_back(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "bundle"
    write_tree_atomic(target, OLD)
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    real_rename = os.rename
    calls = []

    def failing(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_rename(src, dst)

    monkeypatch.setattr(write.os, "rename", failing)
    with pytest.raises(OutputError, match="No space left"):
        write_tree_atomic(target, NEW, force=True)
    monkeypatch.setattr(write.os, "rename", real_rename)
    assert tree(target) == texts(OLD)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle"]


# --- fault injection: a kill at every step ------------------------------------------------

KILLER = r"""
import os, shutil, signal, sys
from pathlib import Path
from advisor.io import write

mode, at, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
sig = signal.SIGKILL if mode != "term" else signal.SIGTERM
count = [0]

def step(real):
    def run(*args, **kwargs):
        count[0] += 1
        if count[0] == at and mode != "term":
            os.kill(os.getpid(), sig)  # before the step
        result = real(*args, **kwargs)
        if count[0] == at and mode == "term":
            os.kill(os.getpid(), sig)  # just after it
        return result
    return run

if mode in ("fallback", "term"):
    write._exchange = lambda a, b: False
else:
    write._exchange = step(write._exchange)
if mode == "term":  # count only the renames of the swap
    os.rename = step(os.rename)
else:
    for name in ("mkdir", "open", "chmod", "rename"):
        setattr(os, name, step(getattr(os, name)))
    shutil.rmtree = step(shutil.rmtree)
new = {"new.txt": ("new", 0o644), "certs/domain.key": ("new key", 0o600)}
write.write_tree_atomic(target, new, force=True)
print("steps", count[0])
"""


def _kill_at(mode: str, at: int, target: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", KILLER, mode, str(at), str(target)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize("mode", ["exchange", "fallback"])
def test_a_kill_at_each_step_leaves_the_old_or_the_new_tree(tmp_path: Path, mode: str) -> None:
    if mode == "exchange" and not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux-only")
    at, outcomes = 1, set()
    while True:
        parent = tmp_path / f"run{at}"
        parent.mkdir()
        target = parent / "bundle"
        write_tree_atomic(target, OLD)
        proc = _kill_at(mode, at, target)
        if proc.returncode == 0:
            assert tree(target) == texts(NEW)
            break
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        now = tree(target) if target.exists() else None
        if mode == "exchange":
            assert now in (texts(OLD), texts(NEW)), (at, now)  # never neither, even now
        else:
            _staging, old = write._side_names(target)
            assert now in (texts(OLD), texts(NEW)) or (now is None and old.is_dir()), at
        recover(target)  # what the next run does first
        after = tree(target)
        assert after in (texts(OLD), texts(NEW)), (at, after)
        outcomes.add("old" if after == texts(OLD) else "new")
        assert sorted(p.name for p in parent.iterdir()) == ["bundle"], at  # no keys left
        at += 1
        assert at < 100
    assert outcomes == {"old", "new"}  # the kills landed both before and after the swap


def test_a_sigterm_during_the_swap_waits_for_it_to_finish(tmp_path: Path) -> None:
    target = tmp_path / "bundle"
    write_tree_atomic(target, OLD)
    # SIGTERM just after the first rename of the swap (the old tree moved aside): it is held
    # until the new tree is in place. (Unheld, it would leave no tree at the target.)
    proc = _kill_at("term", 1, target)
    assert proc.returncode == -signal.SIGTERM
    assert tree(target) == texts(NEW)
    recover(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle"]


def test_a_marker_that_is_not_a_file_cannot_hang_the_check(tmp_path: Path) -> None:
    target = tmp_path / "bundle"
    write_tree_atomic(target, OLD)
    marker = target / MARKER
    marker.unlink()
    marker.symlink_to("/dev/zero")  # read to a newline, this would never end
    with pytest.raises(OutputError, match="not written by registry-advisor"):
        write_tree_atomic(target, NEW, force=True)
    marker.unlink()
    os.mkfifo(marker)  # opened for reading, this would wait for a writer forever
    with pytest.raises(OutputError, match="not written by registry-advisor"):
        write_tree_atomic(target, NEW, force=True)
    assert tree(target) == texts(OLD)
