"""The grammar of container image references and Docker's normalisation
(``splitDockerDomain``), ported from github.com/distribution/reference (``regexp.go``,
``normalize.go``): the constants, patterns and types that advisor.learn.reference
parses with and advisor.learn.reference_notes explains with.
"""

from __future__ import annotations

import re
from collections import namedtuple

DEFAULT_DOMAIN = "docker.io"
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_REPO_PREFIX = "library/"
DEFAULT_TAG = "latest"
# RepositoryNameTotalLengthMax: upstream counts the path only, not the domain
# (distribution/reference PR #9, in v0.6.0 and later).
REPOSITORY_NAME_MAX_LENGTH = 255
LOCALHOST = "localhost"

# --- the grammar, piece by piece as in regexp.go -------------------------------------
# Patterns are used with fullmatch() only: Python's "$" would also match before a
# trailing newline, Go's does not. re.ASCII keeps \w to [A-Za-z0-9_] as in Go.
_ALPHANUMERIC = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_PATH_COMPONENT = rf"{_ALPHANUMERIC}(?:{_SEPARATOR}{_ALPHANUMERIC})*"
_REMOTE_NAME = rf"{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"
_DOMAIN_NAME_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN_NAME = rf"{_DOMAIN_NAME_COMPONENT}(?:\.{_DOMAIN_NAME_COMPONENT})*"
_IPV6_ADDRESS = r"\[(?:[a-fA-F0-9:]+)\]"
_HOST = rf"(?:{_DOMAIN_NAME}|{_IPV6_ADDRESS})"
_DOMAIN_AND_PORT = rf"{_HOST}(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}"
_NAME = rf"(?:{_DOMAIN_AND_PORT}/)?{_REMOTE_NAME}"


class _LazyRegexp:
    """A pattern compiled on first use (as Go's lazyregexp), to keep imports cheap."""

    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def fullmatch(self, s: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled.fullmatch(s)


_REFERENCE_RE = _LazyRegexp(rf"({_NAME})(?::({_TAG}))?(?:@({_DIGEST}))?", re.ASCII)
_ANCHORED_NAME_RE = _LazyRegexp(rf"(?:({_DOMAIN_AND_PORT})/)?({_REMOTE_NAME})", re.ASCII)
_IDENTIFIER_RE = _LazyRegexp(r"[a-f0-9]{64}")
# Only used to explain errors.
_PATH_COMPONENT_RE = _LazyRegexp(_PATH_COMPONENT)
_DOMAIN_AND_PORT_RE = _LazyRegexp(_DOMAIN_AND_PORT)
_TAG_RE = _LazyRegexp(_TAG, re.ASCII)
_DIGEST_RE = _LazyRegexp(_DIGEST)

# go-digest: DigestRegexpAnchored, and the encoded part of each registered algorithm
# (lowercase hex only). Docker links sha256, sha384 and sha512.
_GO_DIGEST_RE = _LazyRegexp(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+")
_DIGEST_HEX_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}
_ENCODED_RES = {alg: _LazyRegexp(f"[a-f0-9]{{{n}}}") for alg, n in _DIGEST_HEX_LENGTHS.items()}

# Error messages, as upstream words them.
MSG_INVALID_FORMAT = "invalid reference format"
MSG_NAME_EMPTY = "repository name must have at least one component"
MSG_NAME_UPPERCASE = "repository name must be lowercase"
MSG_NAME_TOO_LONG = f"repository name must not be more than {REPOSITORY_NAME_MAX_LENGTH} characters"
MSG_DIGEST_INVALID = "invalid checksum digest format"
MSG_DIGEST_UNSUPPORTED = "unsupported digest algorithm"


class ReferenceError(ValueError):
    """A string that Docker would reject as an image reference.

    ``str(err)`` is the message Docker gives; ``code`` says which rule failed:
    ``hex_identifier``, ``uppercase``, ``invalid_format``, ``name_empty``,
    ``name_too_long``, ``digest_invalid`` or ``digest_unsupported``.
    """

    def __init__(self, message: str, code: str = "invalid_format") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class Reference(namedtuple("Reference", "domain path tag digest", defaults=(None, None))):
    """A normalised image reference, as returned by :func:`parse`.

    ``tag`` and ``digest`` are ``None`` when the input did not give them (the default
    tag shows only in ``canonical``). ``domain`` is empty only in an upstream quirk: a
    first component such as ``my_host.local`` counts as a host (it has a ``.``) but is
    not a valid one, and the grammar then takes the whole name as the path.
    Build instances with :func:`parse`; the constructor does not validate. Immutable
    and hashable (a named tuple of ``domain``, ``path``, ``tag``, ``digest``; a
    dataclass would cost more import time than the rest of this module).
    """

    __slots__ = ()
    domain: str
    path: str
    tag: str | None
    digest: str | None

    @property
    def name(self) -> str:
        """The repository name with its registry: ``docker.io/library/ubuntu``."""
        return f"{self.domain}/{self.path}" if self.domain else self.path

    @property
    def canonical(self) -> str:
        """The full reference Docker pulls, with ``:latest`` if neither tag nor digest."""
        if self.tag is None and self.digest is None:
            return f"{self.name}:{DEFAULT_TAG}"
        return self.name + _suffix(self.tag, self.digest)

    @property
    def familiar(self) -> str:
        """The short form Docker shows (``FamiliarString``): ``ubuntu``, ``me/app:1``.

        ``docker.io/`` and, for single-component official images, ``library/`` are
        dropped; no default tag is added.
        """
        domain, path = self.domain, self.path
        if domain == DEFAULT_DOMAIN:
            domain = ""
            if path.startswith(OFFICIAL_REPO_PREFIX):
                rest = path[len(OFFICIAL_REPO_PREFIX) :]
                if "/" not in rest:
                    path = rest
        name = f"{domain}/{path}" if domain else path
        return name + _suffix(self.tag, self.digest)

    def __str__(self) -> str:
        return self.canonical


def _suffix(tag: str | None, digest: str | None) -> str:
    return (f":{tag}" if tag is not None else "") + (f"@{digest}" if digest is not None else "")


def _go_lower(s: str) -> str:
    """``strings.ToLower`` as Go does it, close enough for these checks.

    Python's ``str.lower`` follows SpecialCasing, where U+0130 (capital I with dot)
    becomes two characters; Go maps it to a plain ``i``.
    """
    return s.replace("\u0130", "i").lower()


# --- splitDockerDomain --------------------------------------------------------------


def _split_docker_domain(name: str) -> tuple[str, str, str]:
    """Split ``name`` into (domain, remainder, why) as ``splitDockerDomain`` does.

    ``why`` records the branch taken, for :func:`explain`: ``single`` (no ``/``),
    ``localhost``, ``legacy`` (index.docker.io), ``dot_or_colon``, ``uppercase`` or
    ``namespace`` (the first component is a Docker Hub namespace).
    """
    maybe_domain, slash, maybe_remote = name.partition("/")
    if not slash:
        return DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name, "single"
    if maybe_domain == LOCALHOST:
        domain, remote, why = maybe_domain, maybe_remote, "localhost"
    elif maybe_domain == LEGACY_DEFAULT_DOMAIN:
        domain, remote, why = DEFAULT_DOMAIN, maybe_remote, "legacy"
    elif "." in maybe_domain or ":" in maybe_domain:
        domain, remote, why = maybe_domain, maybe_remote, "dot_or_colon"
    elif _go_lower(maybe_domain) != maybe_domain:
        domain, remote, why = maybe_domain, maybe_remote, "uppercase"
    else:
        domain, remote, why = DEFAULT_DOMAIN, name, "namespace"
    if domain == DEFAULT_DOMAIN and "/" not in remote:
        remote = OFFICIAL_REPO_PREFIX + remote
    return domain, remote, why
