"""A small cache of validated data files, so repeat runs skip pydantic entirely.

The key is a hash of the file's text, the tool's version and the source of the models
that validated it, so editing either the file or the models invalidates it. The cache is
only an accelerator: any problem reading or writing it falls back to validating.
Set ADVISOR_NO_CACHE=1 to turn it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from advisor import __version__


def cache_dir() -> Path | None:
    """The cache folder (platformdirs' user cache dir), or None when ADVISOR_NO_CACHE=1."""
    if os.environ.get("ADVISOR_NO_CACHE") == "1":
        return None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("registry-advisor", appauthor=False))


def _key(kind: str, text: str, fingerprints: Sequence[Path]) -> str:
    h = hashlib.sha256()
    h.update(f"{kind}\0{__version__}\0".encode())
    for path in fingerprints:
        h.update(path.read_bytes())
    h.update(b"\0")
    h.update(text.encode("utf-8"))
    return h.hexdigest()[:32]


def load_validated(
    kind: str,
    text: str,
    fingerprints: Sequence[Path],
    validate: Callable[[], Any],
) -> Any:
    """Return validate()'s JSON-able result for this text, from the cache when possible."""
    directory = cache_dir()
    if directory is None:
        return validate()
    path = directory / f"{kind}-{_key(kind, text, fingerprints)}.json"
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        pass
    result = validate()
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(result, fh, separators=(",", ":"))
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        # Not cacheable (or no room): the result is still good, just not kept.
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return result
