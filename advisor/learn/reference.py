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

from advisor.learn.reference_grammar import (  # noqa: F401 (re-exported)
    _ANCHORED_NAME_RE,
    _ENCODED_RES,
    _GO_DIGEST_RE,
    _IDENTIFIER_RE,
    _REFERENCE_RE,
    DEFAULT_DOMAIN,
    DEFAULT_TAG,
    LEGACY_DEFAULT_DOMAIN,
    LOCALHOST,
    MSG_DIGEST_INVALID,
    MSG_DIGEST_UNSUPPORTED,
    MSG_INVALID_FORMAT,
    MSG_NAME_EMPTY,
    MSG_NAME_TOO_LONG,
    MSG_NAME_UPPERCASE,
    OFFICIAL_REPO_PREFIX,
    REPOSITORY_NAME_MAX_LENGTH,
    Reference,
    ReferenceError,
    _go_lower,
    _split_docker_domain,
)
from advisor.learn.reference_notes import error_notes, valid_notes

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
    ``error`` (Docker's message when invalid, else ``None``) and ``notes`` (English
    sentences, as ``advisor.i18n.said.Said``: ``local()`` says them in the chosen language).
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
        result["notes"] = error_notes(ref, err)
        return result
    result.update(
        valid=True,
        canonical=parsed.canonical,
        familiar=parsed.familiar,
        domain=parsed.domain,
        path=parsed.path,
        tag=parsed.tag,
        digest=parsed.digest,
        notes=valid_notes(ref, parsed),
    )
    return result
