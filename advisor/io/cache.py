"""A cache of validated data files that can only ever be a speed-up.

Repeat runs skip PyYAML and pydantic by reusing what validating a file produced. Every
doubt about an entry makes it a miss, and a miss just validates again:

- the entry's name is a hash of the file's text, the tool's version and the source of the
  models that validated it, so editing any of them invalidates it;
- inside, a header records the kind, the key, a SHA-256 of the source text it stands for
  and a SHA-256 of its payload: an entry copied or written under another file's key, or
  truncated, is refused;
- the payload must still build into the caller's objects (`build`), so an entry of the
  wrong shape is refused rather than crashing the tool;
- the folder must be a real directory (not a link) owned by this user and writable by no
  one else, so another user cannot plant entries.

The folder is `registry-advisor` under the cache root: $XDG_CACHE_HOME when it is an
absolute path (the XDG Base Directory spec says to ignore a relative one), else ~/.cache
(platformdirs' folder on macOS and Windows). It is created 0700; nothing is created
outside the root, and a HOME that does not exist is never created. Any problem reading or
writing falls back to validating. ADVISOR_NO_CACHE=1 (or true, yes, on) turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from advisor import __version__

T = TypeVar("T")
_FORMAT = 1
_MAX_ENTRY = 64 * 1024 * 1024
_TRUE = {"1", "true", "yes", "on", "y"}


def disabled() -> bool:
    """Whether ADVISOR_NO_CACHE turns the cache off (1, true, yes, on; any case)."""
    return os.environ.get("ADVISOR_NO_CACHE", "").strip().lower() in _TRUE


def _root() -> Path | None:
    """The cache root (~/.cache or $XDG_CACHE_HOME), or None when there is no valid one."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg)
    if sys.platform == "darwin" or sys.platform.startswith("win"):
        from platformdirs import user_cache_dir

        path = Path(user_cache_dir("registry-advisor", appauthor=False))
        return path.parent if path.is_absolute() else None
    home = os.environ.get("HOME") or os.path.expanduser("~")
    if not os.path.isabs(home) or not os.path.isdir(home):
        return None
    return Path(home) / ".cache"


def cache_dir() -> Path | None:
    """The cache folder's path, or None when the cache is off or has no valid root.

    Nothing is created here; see `_usable_dir`.
    """
    if disabled():
        return None
    root = _root()
    return None if root is None else root / "registry-advisor"


def _safe(st: os.stat_result) -> bool:
    owner_ok = not hasattr(os, "geteuid") or st.st_uid == os.geteuid()
    return stat.S_ISDIR(st.st_mode) and owner_ok and not st.st_mode & 0o022


def _usable_dir(create: bool) -> Path | None:
    """The cache folder if it can be trusted, creating it (0700) when asked."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        st = os.lstat(directory)
    except FileNotFoundError:
        if not create:
            return None
        root = directory.parent
        try:
            if not root.is_dir() and root.parent.is_dir():
                root.mkdir(mode=0o700)  # ~/.cache itself, once; never its parents
            directory.mkdir(mode=0o700)
            st = os.lstat(directory)
        except OSError:
            return None
    except (OSError, ValueError):
        return None
    return directory if _safe(st) else None


def _key(kind: str, text: str, fingerprints: Sequence[Path]) -> str:
    h = hashlib.sha256()
    h.update(f"{kind}\0{__version__}\0".encode())
    for path in fingerprints:
        h.update(path.read_bytes())
    h.update(b"\0")
    h.update(text.encode("utf-8"))
    return h.hexdigest()[:32]


def _read_entry(path: Path, kind: str, key: str, source: str) -> Any:
    """The entry's data; an exception (DataError, ValueError...) on any doubt."""
    from advisor.io.yamlfile import read_bytes

    # The bounded reader: regular files only, so a planted FIFO cannot hang a run.
    header_line, _, payload = read_bytes(path, max_bytes=_MAX_ENTRY).partition(b"\n")
    header = json.loads(header_line)
    expected = {
        "format": _FORMAT,
        "kind": kind,
        "key": key,
        "source_sha256": source,
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
    }
    if header != expected:
        raise ValueError("cache entry does not match")
    return json.loads(payload)


def load_validated(
    kind: str,
    text: str,
    fingerprints: Sequence[Path],
    validate: Callable[[], Any],
    build: Callable[[Any], T] | None = None,
) -> Any:
    """validate()'s JSON-able result for this text, from the cache when it can be trusted.

    `kind` names the data ('catalog'); `text` is everything the result depends on besides
    `fingerprints` (source files of the validating code). `build(data)` turns the data into
    what the caller wants and is what is returned when given; on a cached entry, any
    exception from it means a wrong shape, so the entry is ignored and validation runs.
    Errors from `validate` (DataError...) propagate unchanged.
    """
    if cache_dir() is None:
        result = validate()
        return build(result) if build is not None else result
    directory = _usable_dir(create=False)
    key = _key(kind, text, fingerprints)
    source = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if directory is not None:
        try:
            data = _read_entry(directory / f"{kind}-{key}.json", kind, key, source)
            return build(data) if build is not None else data
        except Exception:  # any doubt is a miss
            pass
    result = validate()
    built = build(result) if build is not None else result
    directory = _usable_dir(create=True)
    if directory is not None:
        _store(directory / f"{kind}-{key}.json", kind, key, source, result)
    return built


def _store(path: Path, kind: str, key: str, source: str, result: Any) -> None:
    import tempfile  # only on a miss: it imports shutil, which a warm run never needs

    tmp = None
    try:
        payload = json.dumps(result, separators=(",", ":")).encode("utf-8")
        header = {
            "format": _FORMAT,
            "kind": kind,
            "key": key,
            "source_sha256": source,
            "payload_sha256": hashlib.sha256(payload).hexdigest(),
        }
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "wb") as fh:
            fh.write(json.dumps(header).encode("utf-8") + b"\n" + payload)
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        # Not cacheable (or no room): the result is still good, just not kept.
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
