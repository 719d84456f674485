"""Writing files safely: one writer for every output the tool makes.

- Never overwrite without `force`; never replace a symbolic link, a device, a FIFO or a
  socket, with or without it (only a regular file or a directory is ever replaced).
- A file is written to a temporary file in the same directory and renamed into place, so it
  is either the old file or the new one, never half of one.
- A directory tree (a setup bundle) is built in a staging directory (mode 0700 while it
  holds private keys) and swapped in. `force` replaces only a directory this tool wrote: it
  carries a marker file listing what was written, and a file the user added makes the
  replacement refuse rather than lose it.
- The swap is all or nothing across kills and signals: on Linux it is one atomic
  `renameat2(RENAME_EXCHANGE)`; elsewhere two renames with the catchable signals blocked.
  A run killed outright (SIGKILL, power) leaves its staging and old trees under fixed
  names beside the target, and the next run for that target cleans them up, restoring the
  old tree if the new one never arrived (`recover`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import sys
from collections.abc import Mapping
from pathlib import Path

from advisor.errors import OutputError, _

SECRET_MODE = 0o600
#: The file in every tree this tool writes: who wrote it and which files are ours.
MARKER = ".registry-advisor-bundle"
_MARKER_HEAD = "# Written by registry-advisor; 'setup --force' may replace this directory.\n"


def _lstat(path: Path) -> os.stat_result | None:
    """lstat, or None when nothing is there; OutputError for names the OS refuses."""
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None  # (a parent that is not a directory is reported by _check_parent)
    except OSError as exc:
        raise OutputError(
            _("cannot write ({reason})").format(reason=exc.strerror), file=str(path)
        ) from None
    except ValueError:  # NUL in the name
        raise OutputError(_("invalid path"), file=repr(str(path))) from None


def _refuse_special(path: Path, st: os.stat_result) -> None:
    """Only regular files and directories are ever replaced."""
    if stat.S_ISLNK(st.st_mode):
        raise OutputError(
            _("is a symbolic link; refusing to replace it (give the real path instead)"),
            file=str(path),
        )
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        from advisor.io.yamlfile import file_kind

        raise OutputError(
            _("is {kind}; refusing to write to it").format(kind=file_kind(st.st_mode)),
            file=str(path),
        )


def _check_parent(target: Path) -> Path:
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(
            _("directory {path} does not exist").format(path=parent), file=str(target)
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(
            _("directory {path} is not writable").format(path=parent), file=str(target)
        )
    return parent


def _failed(target: Path, exc: OSError) -> OutputError:
    return OutputError(
        _("cannot write ({reason})").format(reason=exc.strerror or exc), file=str(target)
    )


def check_file_target(path: str | Path, *, force: bool = False) -> None:
    """Fail early, before any work, exactly as `write_text_atomic` would for this target:
    a symbolic link, device, FIFO, socket or directory first (no --force helps there),
    then an existing file without `force`. Raises OutputError; writes nothing."""
    target = Path(path)
    st = _lstat(target)
    if st is None:
        return
    _refuse_special(target, st)
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(_("is a directory; give a file name"), file=str(target))
    if not force:
        raise OutputError(_("already exists; use --force to overwrite"), file=str(target))


def check_tree_target(path: str | Path, *, force: bool = False) -> None:
    """Fail early as `write_tree_atomic` would: a link or special file, a file where a
    directory should go, then an existing directory without `force`. Writes nothing."""
    target = Path(path)
    st = _lstat(target)
    if st is None:
        return
    _refuse_special(target, st)
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(_("exists and is not a directory"), file=str(target))
    if not force:
        raise OutputError(_("already exists; use --force to replace it"), file=str(target))


def write_text_atomic(
    path: str | Path, text: str, *, force: bool = False, mode: int = 0o644
) -> Path:
    """Write text (UTF-8, LF) to `path` through a temporary file and a rename.

    Raises OutputError (one line, naming the path) when the path exists and `force` is not
    given, when it is a directory, a symbolic link, a device, a FIFO or a socket, when its
    directory is missing or not writable, or when the write fails (full disk, a name too
    long, a pseudo-filesystem such as /proc or /sys). Returns the path written.
    """
    target = Path(path)
    st = _lstat(target)
    if st is not None:
        _refuse_special(target, st)
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(_("is a directory; give a file name"), file=str(target))
        if not force:
            raise OutputError(_("already exists; use --force to overwrite"), file=str(target))
    parent = _check_parent(target)
    # A short temporary name, so a target name near the 255-byte limit still works.
    tmp = parent / f".ra-{os.urandom(6).hex()}.tmp"  # secrets.token_hex, without its import
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    except OSError as exc:
        raise _failed(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
        os.chmod(tmp, mode)
        st = _lstat(target)  # again: it may have changed while we wrote
        if st is not None:
            _refuse_special(target, st)
        os.replace(tmp, target)
    except OSError as exc:
        _unlink(tmp)
        raise _failed(target, exc) from None
    except BaseException:
        _unlink(tmp)
        raise
    return target


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _side_names(target: Path) -> tuple[Path, Path]:
    """Fixed staging and old-tree names for a target: short (a target name near the
    255-byte limit still fits) and the same in every run, so a later run finds what a
    killed one left behind."""
    digest = hashlib.sha256(os.fsencode(target.name)).hexdigest()[:16]
    parent = target.parent
    return parent / f".ra-{digest}.new", parent / f".ra-{digest}.old"


def recover(target: str | Path) -> None:
    """Clean up after a run killed while writing `target`: restore the old tree if the swap
    never finished, and delete the leftover staging tree (it may hold private keys)."""
    import shutil  # only when a tree is written: not on the stdout path

    target = Path(target)
    new, old = _side_names(target)
    old_st = _lstat(old)
    if old_st is not None and stat.S_ISDIR(old_st.st_mode):
        if _lstat(target) is None:
            os.rename(old, target)  # killed between the two renames: put the old tree back
        else:
            shutil.rmtree(old, ignore_errors=True)
    new_st = _lstat(new)
    if new_st is not None and stat.S_ISDIR(new_st.st_mode):
        shutil.rmtree(new, ignore_errors=True)


def _ours(target: Path) -> None:
    """Refuse to replace a directory unless this tool wrote it and nothing was added."""
    try:
        entries = sorted(_files_under(target))
    except OSError as exc:
        raise _failed(target, exc) from None
    if not entries:
        return  # an empty directory: nothing to lose
    from advisor.errors import DataError
    from advisor.io.yamlfile import read_text

    try:  # the bounded reader: a marker that is a FIFO or /dev/zero cannot hang us
        head, _sep, rest = read_text(target / MARKER, max_bytes=1 << 20).partition("\n")
        head += "\n"
        listed = set(rest.splitlines())
    except DataError:
        head, listed = "", set()
    if head != _MARKER_HEAD:
        raise OutputError(
            _(
                "was not written by registry-advisor (no {marker} file); refusing to replace "
                "it, even with --force: remove it yourself or choose another directory"
            ).format(marker=MARKER),
            file=str(target),
        )
    listed.add(MARKER)
    for rel in entries:
        if rel not in listed:
            raise OutputError(
                _(
                    "holds {path}, which registry-advisor did not write; refusing to replace "
                    "the directory, even with --force: move that file away first"
                ).format(path=rel),
                file=str(target),
            )


def _files_under(top: Path) -> list[str]:
    """Every non-directory under `top`, as POSIX paths relative to it (links not followed)."""
    out = []
    for root, dirs, files in os.walk(top):
        base = Path(root).relative_to(top)
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            out.append((base / name).as_posix())
    return out


def write_tree_atomic(
    directory: str | Path,
    files: Mapping[str, tuple[str | bytes, int]],
    *,
    force: bool = False,
) -> Path:
    """Write {relative POSIX path: (content, mode)} as a new directory, all or nothing.

    With `force`, an existing directory is replaced only if this tool wrote it (see the
    module docstring). Raises OutputError for every refusal and write failure; returns the
    directory written.
    """
    import shutil  # only when a tree is written: not on the stdout path

    target = Path(directory)
    for rel in files:
        if rel == MARKER or ".." in Path(rel).parts or Path(rel).is_absolute():
            raise OutputError(_("refusing to write outside the bundle: {path}").format(path=rel))
    _lstat(target)  # names the OS refuses fail here, before any recovery
    try:
        recover(target)
    except OSError as exc:
        raise _failed(target, exc) from None
    st = _lstat(target)
    if st is not None:
        _refuse_special(target, st)
        if not stat.S_ISDIR(st.st_mode):
            raise OutputError(_("exists and is not a directory"), file=str(target))
        if not force:
            raise OutputError(_("already exists; use --force to replace it"), file=str(target))
        _ours(target)
    _check_parent(target)
    staging, old = _side_names(target)
    try:
        os.mkdir(staging, 0o700)
    except FileExistsError:
        raise OutputError(
            _("another registry-advisor run is writing this directory"), file=str(target)
        ) from None
    except OSError as exc:
        raise _failed(target, exc) from None
    try:
        _fill(staging, files)
        os.chmod(staging, 0o755)
        if st is not None:
            _swap(staging, target, old)
        else:
            os.rename(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _failed(target, exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _fill(staging: Path, files: Mapping[str, tuple[str | bytes, int]]) -> None:
    for rel, (content, mode) in sorted(files.items()):
        dest = staging / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(dest, mode)
    listing = "".join(f"{rel}\n" for rel in sorted(files))
    fd = os.open(staging / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(_MARKER_HEAD + listing)


def _swap(staging: Path, target: Path, old: Path) -> None:
    """Put the staging tree at `target` and delete the tree that was there."""
    import shutil  # only when a tree is written: not on the stdout path

    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old tree
        return
    import signal

    catchable = {signal.SIGINT, signal.SIGTERM}
    catchable |= {getattr(signal, n) for n in ("SIGHUP", "SIGQUIT") if hasattr(signal, n)}
    masked = hasattr(signal, "pthread_sigmask")
    if masked:
        saved = signal.pthread_sigmask(signal.SIG_BLOCK, catchable)
    try:
        os.rename(target, old)
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(old, target)  # put the old tree back before reporting
            raise
    finally:
        if masked:
            signal.pthread_sigmask(signal.SIG_SETMASK, saved)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux's renameat2(RENAME_EXCHANGE); False when the
    system or file system cannot (then the caller falls back to two renames)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, ImportError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def emit(text: str, output: str | None, *, force: bool = False) -> None:
    """Print to stdout, or write atomically to `output` when given (see write_text_atomic)."""
    if output is None or output == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_text_atomic(output, text, force=force)
