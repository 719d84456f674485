"""Container image references, parsed and normalised exactly as Docker does.

This is a stdlib-only port of the grammar in github.com/distribution/reference
(``regexp.go``, ``reference.go``, ``normalize.go``) and of the digest rules of
github.com/opencontainers/go-digest, the code the Docker CLI, the Docker engine and
containerd use. ``parse`` is ``ParseNormalizedNamed``; ``Reference.canonical`` adds
the default tag the way ``TagNameOnly`` does; ``Reference.familiar`` is
``FamiliarString``.

The grammar::

    reference        := name [ ":" tag ] [ "@" digest ]
    name             := [ domain "/" ] path
    domain           := host [ ":" port ]                 ; host: DNS-ish name, IPv4, [IPv6]
    path             := path-component [ "/" path-component ]*
    path-component   := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
    tag              := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
    digest           := algorithm ":" hex                 ; sha256: 64, sha384: 96, sha512: 128

Normalisation (``splitDockerDomain``): the first ``/``-separated component is a
registry host only if it contains ``.`` or ``:``, is ``localhost``, or has an
uppercase letter; otherwise the image is on Docker Hub (``docker.io``).
``index.docker.io`` is the legacy name of ``docker.io``, and single-component Docker
Hub paths get the ``library/`` prefix of the Docker Official Images.

Only ``re`` and ``collections`` are imported (both loaded by Python at start), so this
module is cheap to import.
"""

from __future__ import annotations

import re
from collections import namedtuple

__all__ = [
    "DEFAULT_DOMAIN",
    "DEFAULT_TAG",
    "LEGACY_DEFAULT_DOMAIN",
    "OFFICIAL_REPO_PREFIX",
    "REPOSITORY_NAME_MAX_LENGTH",
    "Reference",
    "ReferenceError",
    "explain",
    "parse",
]

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


# --- Parse and ParseNormalizedNamed ---------------------------------------------------


def _validate_digest(digest: str) -> None:
    """go-digest's ``Digest.Validate`` for the algorithms Docker registers."""
    i = digest.find(":")
    if i <= 0 or i + 1 == len(digest):
        raise ReferenceError(MSG_DIGEST_INVALID, "digest_invalid")
    algorithm, encoded = digest[:i], digest[i + 1 :]
    encoded_re = _ENCODED_RES.get(algorithm)
    if encoded_re is None:
        if _GO_DIGEST_RE.fullmatch(digest) is None:
            raise ReferenceError(MSG_DIGEST_INVALID, "digest_invalid")
        raise ReferenceError(MSG_DIGEST_UNSUPPORTED, "digest_unsupported")
    if encoded_re.fullmatch(encoded) is None:
        raise ReferenceError(MSG_DIGEST_INVALID, "digest_invalid")


def _parse_exact(s: str) -> Reference:
    """``reference.Parse``: the grammar without Docker Hub normalisation."""
    if not s:
        raise ReferenceError(MSG_NAME_EMPTY, "name_empty")
    match = _REFERENCE_RE.fullmatch(s)
    if match is None:
        lowered = _go_lower(s)
        if lowered != s and _REFERENCE_RE.fullmatch(lowered) is not None:
            raise ReferenceError(MSG_NAME_UPPERCASE, "uppercase")
        raise ReferenceError(MSG_INVALID_FORMAT, "invalid_format")
    name, tag, digest = match.groups()
    name_match = _ANCHORED_NAME_RE.fullmatch(name)
    if name_match is None:  # cannot happen: name matched the same grammar
        raise ReferenceError(MSG_INVALID_FORMAT, "invalid_format")
    domain, path = name_match.group(1) or "", name_match.group(2)
    if len(path) > REPOSITORY_NAME_MAX_LENGTH:
        raise ReferenceError(MSG_NAME_TOO_LONG, "name_too_long")
    if digest is not None:
        _validate_digest(digest)
    return Reference(domain, path, tag, digest)


def parse(ref: str) -> Reference:
    """Parse ``ref`` as Docker does (``reference.ParseNormalizedNamed``).

    ``ubuntu`` becomes domain ``docker.io``, path ``library/ubuntu``, tag ``None``;
    see :attr:`Reference.canonical` for the form with the default tag.

    Raises :class:`ReferenceError` for any string Docker rejects, and ``TypeError``
    if ``ref`` is not a string.
    """
    if not isinstance(ref, str):
        raise TypeError(f"an image reference must be a str, not {type(ref).__name__}")
    if _IDENTIFIER_RE.fullmatch(ref) is not None:
        raise ReferenceError(
            f"invalid repository name ({ref}), cannot specify 64-byte hexadecimal strings",
            "hex_identifier",
        )
    domain, remainder, _ = _split_docker_domain(ref)
    remote = remainder.partition(":")[0]
    if _go_lower(remote) != remote:
        raise ReferenceError(
            f"invalid reference format: repository name ({remote}) must be lowercase",
            "uppercase",
        )
    return _parse_exact(f"{domain}/{remainder}")


# --- explain ---------------------------------------------------------------------


def explain(ref: str) -> dict[str, object]:
    """Parse ``ref`` and say in plain words what Docker makes of it.

    Returns a JSON-ready dict with the keys ``input``, ``valid``, ``canonical``,
    ``familiar``, ``domain``, ``path``, ``tag``, ``digest`` (``None`` when absent),
    ``error`` (Docker's message when invalid, else ``None``) and ``notes``.
    """
    result: dict[str, object] = {
        "input": ref,
        "valid": False,
        "canonical": None,
        "familiar": None,
        "domain": None,
        "path": None,
        "tag": None,
        "digest": None,
        "error": None,
        "notes": [],
    }
    try:
        parsed = parse(ref)
    except ReferenceError as err:
        result["error"] = err.message
        result["notes"] = _error_notes(ref, err)
        return result
    result.update(
        valid=True,
        canonical=parsed.canonical,
        familiar=parsed.familiar,
        domain=parsed.domain,
        path=parsed.path,
        tag=parsed.tag,
        digest=parsed.digest,
        notes=_valid_notes(ref, parsed),
    )
    return result


def _valid_notes(ref: str, parsed: Reference) -> list[str]:
    notes = _registry_notes(ref, parsed)
    why = _split_docker_domain(ref)[2]
    added_library = parsed.path.startswith(OFFICIAL_REPO_PREFIX) and not _path_of(
        ref, why
    ).startswith(OFFICIAL_REPO_PREFIX)
    if parsed.domain == DEFAULT_DOMAIN and added_library:
        notes.append(
            "Single-name images on Docker Hub live under library/, the namespace of the "
            "Docker Official Images."
        )
    if parsed.tag is None and parsed.digest is None:
        notes.append(f"No tag or digest is given, so the tag {DEFAULT_TAG} is used.")
    elif parsed.digest is None:
        notes.append(
            f"The tag {parsed.tag} is a movable label: the image it names can change when "
            "the tag is pushed again."
        )
    elif parsed.tag is None:
        notes.append("The digest pins the exact manifest: the same content is pulled every time.")
    else:
        notes.append(
            "Both a tag and a digest are given: Docker keeps both in the reference but "
            "pulls by the digest alone; the tag is not checked against it and is not "
            "created locally."
        )
    if parsed.familiar != ref:
        notes.append(f"Docker shows this image as {parsed.familiar}.")
    return notes


def _registry_notes(ref: str, parsed: Reference) -> list[str]:
    """Notes on how the registry host was chosen (``splitDockerDomain``)."""
    name_part = ref.partition("@")[0]
    first = ref.partition("/")[0]
    why = _split_docker_domain(ref)[2]
    if why == "single":
        notes = ["No registry host is given, so Docker Hub (docker.io) is used."]
        bare = name_part.partition(":")[0]
        if bare in _DIGEST_HEX_LENGTHS and parsed.tag is not None:
            notes.append(
                f"This is the image {bare} with a tag, not a digest: a digest needs an "
                f"image name in front of it, as in name@{name_part}."
            )
        elif "." in bare or bare == LOCALHOST:
            if parsed.tag is not None and parsed.tag.isdigit():
                notes.append(
                    f"Without a '/', nothing is read as a registry host: {name_part} is "
                    f"the Docker Hub image {bare} with tag {parsed.tag}, not a registry at "
                    f"{name_part}. To use that registry, add a repository: "
                    f"{name_part}/<name>."
                )
            else:
                notes.append(
                    f"Without a '/', nothing is read as a registry host: {bare} is an "
                    "image name on Docker Hub."
                )
        return notes
    if why == "namespace":
        return [
            f"{first} has no '.', ':' or uppercase letter and is not localhost, so it is a "
            "Docker Hub namespace, not a registry host; Docker Hub (docker.io) is used."
        ]
    if why == "legacy":
        return ["index.docker.io is the old name of Docker Hub; it is normalised to docker.io."]
    if not parsed.domain:
        return [
            f"{first} contains '.', so Docker takes it for a registry host, but it is not a "
            "valid host name (hosts have no '_'). The grammar then accepts the whole name "
            "as a repository path with no registry host at all, which is unlikely to be "
            "what was meant."
        ]
    if why == "localhost":
        notes = ["localhost is always read as a registry host when a '/' follows it."]
    elif why == "uppercase":
        notes = [
            f"{first} is read as a registry host because it contains an uppercase letter "
            "(repository names are lowercase only)."
        ]
    elif first == DEFAULT_DOMAIN:
        return ["docker.io is Docker Hub."]
    else:
        marks = " and ".join(repr(c) for c in ".:" if c in first)
        notes = [f"{first} is read as a registry host because it contains {marks}."]
    host, port = _host_and_port(parsed.domain)
    if host.startswith("["):
        notes.append(f"The registry host is the IPv6 address {host[1:-1]}.")
    if port is not None:
        notes.append(f"The registry is reached on port {port}.")
    if parsed.domain != parsed.domain.lower():
        notes.append(
            "Docker keeps the registry host as written: names that differ only in the "
            "case of the host are different references."
        )
    return notes


def _path_of(ref: str, why: str) -> str:
    """The repository path as the user wrote it (before ``library/`` was added)."""
    name = ref.partition("@")[0]
    rest = name if why in ("single", "namespace") else name.partition("/")[2]
    head, colon, tail = rest.rpartition(":")
    return head if colon and "/" not in tail else rest


def _host_and_port(domain: str) -> tuple[str, str | None]:
    if domain.startswith("["):
        host, _, after = domain.partition("]")
        port = after[1:] if after.startswith(":") else None
        return host + "]", port
    host, colon, port = domain.partition(":")
    return host, (port if colon else None)


def _error_notes(ref: str, err: ReferenceError) -> list[str]:
    if err.code == "hex_identifier":
        return [
            "A string of 64 hexadecimal characters is an image ID, not an image name. "
            "Use the ID with commands that take one (docker run, docker inspect), or pin "
            "a pull with name@sha256:<64 hex characters>."
        ]
    if err.code == "uppercase":
        notes = [
            "Repository names must be lowercase. Only a registry host may contain "
            "uppercase letters, and an uppercase first component followed by '/' is read "
            "as a registry host."
        ]
        algorithm = ref.partition("@")[2].partition(":")[0]
        if ":" not in ref.partition("@")[0] and _go_lower(algorithm) != algorithm:
            notes.append(
                "Docker checks everything up to the first ':' here, which includes the "
                "digest algorithm: write it in lowercase (sha256)."
            )
        if not ref.isascii():
            notes.append(
                "The reference has non-ASCII characters; some of them, such as the "
                "Kelvin sign, are taken for uppercase ASCII letters."
            )
        return notes
    if err.code == "name_too_long":
        return [
            f"The repository path, not counting the registry host, is longer than "
            f"{REPOSITORY_NAME_MAX_LENGTH} characters."
        ]
    if err.code == "digest_unsupported":
        return [
            "The digest is well formed but its algorithm is not one Docker supports: "
            "use sha256, sha384 or sha512."
        ]
    if err.code == "digest_invalid":
        lengths = ", ".join(f"{alg}: {n}" for alg, n in _DIGEST_HEX_LENGTHS.items())
        return [
            "The digest's hexadecimal part must be lowercase and exactly as long as its "
            f"algorithm needs ({lengths} characters)."
        ]
    return _format_notes(ref)


def _format_notes(ref: str) -> list[str]:
    """Say why ``ref`` does not fit the grammar (the "invalid reference format" case)."""
    if not ref:
        return ["The reference is empty: give at least an image name, such as alpine."]
    notes: list[str] = []
    if "://" in ref:
        notes.append(
            "An image reference is not a URL: drop the scheme (such as https://) and "
            "write host/repository:tag."
        )
    if any(c.isspace() or not c.isprintable() for c in ref):
        notes.append("The reference contains spaces or control characters.")
    if not ref.isascii():
        notes.append(
            "The reference contains non-ASCII characters; write internationalised host "
            "names in punycode (xn--...)."
        )
    if notes:
        return notes
    if ref.count("@") > 1:
        return ["Only one '@' is allowed: it introduces the digest."]
    before, at, digest = ref.partition("@")
    if at and _DIGEST_RE.fullmatch(digest) is None:
        notes.append(
            f"{digest!r} is not a digest: write algorithm:hex with at least 32 hex "
            "characters, such as sha256: followed by 64 lowercase hex characters."
        )
    name, tag = before, None
    head, colon, tail = before.rpartition(":")
    if colon and "/" not in tail:
        name, tag = head, tail
    if tag is not None and _TAG_RE.fullmatch(tag) is None:
        if not tag:
            notes.append("The ':' is not followed by a tag.")
        elif len(tag) > 128:
            notes.append("The tag is longer than 128 characters.")
        else:
            notes.append(
                f"{tag!r} is not a valid tag: a tag is up to 128 letters, digits, '_', '.' "
                "and '-', and does not start with '.' or '-'."
            )
    if not name:
        notes.append("The image name is missing.")
        return notes
    if name.startswith("/") or name.endswith("/") or "//" in name:
        notes.append(
            "The name has an empty component: check for '//' or a leading or trailing '/'."
        )
        return notes
    first, slash, rest = name.partition("/")
    components = rest.split("/") if slash else [first]
    if slash:
        _, _, why = _split_docker_domain(name)
        if why == "namespace":
            components = name.split("/")
        elif _DOMAIN_AND_PORT_RE.fullmatch(first) is None:
            notes.append(
                f"{first!r} is read as a registry host but is not a valid host[:port]: "
                "host labels are letters, digits and inner '-', a port is digits, and an "
                "IPv6 address goes in [brackets] without a zone."
            )
    elif first.startswith("["):
        notes.append(
            f"{first!r} looks like a registry host, but a host must be followed by "
            "'/' and a repository name."
        )
        return notes
    elif ":" in first:
        notes.append(
            "Without a '/' only one ':' is allowed, before the tag; a registry host with "
            "a port must be followed by '/' and a repository name."
        )
        return notes
    for component in components:
        if _PATH_COMPONENT_RE.fullmatch(component) is None:
            notes.append(
                f"{component!r} is not a valid path component: use lowercase letters and "
                "digits, joined by '.', '_', '__' or dashes, starting and ending with a "
                "letter or digit."
            )
            break
    if not notes:
        notes.append("The text does not fit the grammar [host[:port]/]path[:tag][@algorithm:hex].")
    return notes
