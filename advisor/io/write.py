"""Writing files safely: never overwrite without force, never leave half a file behind."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from advisor.errors import OutputError

SECRET_MODE = 0o600


def _check_target(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise OutputError("already exists; use --force to overwrite", file=str(path))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"directory {parent} does not exist", file=str(path))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"directory {parent} is not writable", file=str(path))


def write_text_atomic(
    path: str | Path, text: str, *, force: bool = False, mode: int = 0o644
) -> Path:
    """Write text to path through a temporary file in the same directory and a rename."""
    target = Path(path)
    _check_target(target, force)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write ({exc.strerror})", file=str(target)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_tree_atomic(
    directory: str | Path,
    files: Mapping[str, tuple[str | bytes, int]],
    *,
    force: bool = False,
) -> Path:
    """Write {relative path: (content, mode)} as a new directory, all or nothing.

    The tree is built in a temporary sibling directory and renamed into place, so a failure
    leaves no partial bundle. With force, an existing directory is replaced only after the
    new one is complete.
    """
    target = Path(directory)
    if target.exists() and not force:
        raise OutputError("already exists; use --force to replace it", file=str(target))
    if target.exists() and not target.is_dir():
        raise OutputError("exists and is not a directory", file=str(target))
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"directory {parent} does not exist", file=str(target))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"directory {parent} is not writable", file=str(target))
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write ({exc.strerror})", file=str(target)) from None
    try:
        for rel, (content, mode) in sorted(files.items()):
            dest = staging / rel
            if ".." in Path(rel).parts or Path(rel).is_absolute():
                raise OutputError(f"refusing to write outside the bundle: {rel}")
            dest.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(dest, mode)
        os.chmod(staging, 0o755)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            os.rmdir(old)
            os.replace(target, old)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write ({exc.strerror})", file=str(target)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def emit(text: str, output: str | None, *, force: bool = False) -> None:
    """Print to stdout, or write atomically to `output` when given."""
    if output is None or output == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_text_atomic(output, text, force=force)
