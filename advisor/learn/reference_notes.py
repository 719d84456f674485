"""The plain-words notes of `image explain`: how Docker read a reference, or why it is
not one (advisor.learn.reference.explain puts them in its result).

Each note is a `Said`: the English sentence (what `image explain --json` prints in every
language) that remembers its message, so the text view says it in the chosen language.
"""

from __future__ import annotations

from advisor.i18n import N_
from advisor.i18n.said import Said
from advisor.learn.reference_grammar import (
    _DIGEST_HEX_LENGTHS,
    _DIGEST_RE,
    _DOMAIN_AND_PORT_RE,
    _PATH_COMPONENT_RE,
    _TAG_RE,
    DEFAULT_DOMAIN,
    DEFAULT_TAG,
    LOCALHOST,
    OFFICIAL_REPO_PREFIX,
    REPOSITORY_NAME_MAX_LENGTH,
    Reference,
    ReferenceError,
    _go_lower,
    _split_docker_domain,
)


def valid_notes(ref: str, parsed: Reference) -> list[str]:
    """Notes on a valid reference: where the registry host came from, the defaults Docker
    filled in, what the tag or digest promises (rules of distribution/reference's
    normalize.go)."""
    notes = _registry_notes(ref, parsed)
    why = _split_docker_domain(ref)[2]
    added_library = parsed.path.startswith(OFFICIAL_REPO_PREFIX) and not _path_of(
        ref, why
    ).startswith(OFFICIAL_REPO_PREFIX)
    if parsed.domain == DEFAULT_DOMAIN and added_library:
        notes.append(
            Said(
                N_(
                    "Single-name images on Docker Hub live under library/, the namespace of "
                    "the Docker Official Images."
                )
            )
        )
    if parsed.tag is None and parsed.digest is None:
        notes.append(
            Said(N_("No tag or digest is given, so the tag {tag} is used."), tag=DEFAULT_TAG)
        )
    elif parsed.digest is None:
        notes.append(
            Said(
                N_(
                    "The tag {tag} is a movable label: the image it names can change when "
                    "the tag is pushed again."
                ),
                tag=parsed.tag,
            )
        )
    elif parsed.tag is None:
        notes.append(
            Said(N_("The digest pins the exact manifest: the same content is pulled every time."))
        )
    else:
        notes.append(
            Said(
                N_(
                    "Both a tag and a digest are given: Docker keeps both in the reference but "
                    "pulls by the digest alone; the tag is not checked against it and is not "
                    "created locally."
                )
            )
        )
    if parsed.familiar != ref:
        notes.append(Said(N_("Docker shows this image as {name}."), name=parsed.familiar))
    return notes


def _registry_notes(ref: str, parsed: Reference) -> list[str]:
    """Notes on how the registry host was chosen (``splitDockerDomain``)."""
    name_part = ref.partition("@")[0]
    first = ref.partition("/")[0]
    why = _split_docker_domain(ref)[2]
    if why == "single":
        notes = [Said(N_("No registry host is given, so Docker Hub (docker.io) is used."))]
        bare = name_part.partition(":")[0]
        if bare in _DIGEST_HEX_LENGTHS and parsed.tag is not None:
            notes.append(
                Said(
                    N_(
                        "This is the image {image} with a tag, not a digest: a digest needs an "
                        "image name in front of it, as in name@{ref}."
                    ),
                    image=bare,
                    ref=name_part,
                )
            )
        elif "." in bare or bare == LOCALHOST:
            if parsed.tag is not None and parsed.tag.isdigit():
                notes.append(
                    Said(
                        N_(
                            "Without a '/', nothing is read as a registry host: {ref} is the "
                            "Docker Hub image {image} with tag {tag}, not a registry at {ref}. "
                            "To use that registry, add a repository: {ref}/<name>."
                        ),
                        ref=name_part,
                        image=bare,
                        tag=parsed.tag,
                    )
                )
            else:
                notes.append(
                    Said(
                        N_(
                            "Without a '/', nothing is read as a registry host: {image} is an "
                            "image name on Docker Hub."
                        ),
                        image=bare,
                    )
                )
        return notes
    if why == "namespace":
        return [
            Said(
                N_(
                    "{first} has no '.', ':' or uppercase letter and is not localhost, so it "
                    "is a Docker Hub namespace, not a registry host; Docker Hub (docker.io) "
                    "is used."
                ),
                first=first,
            )
        ]
    if why == "legacy":
        return [
            Said(
                N_("index.docker.io is the old name of Docker Hub; it is normalised to docker.io.")
            )
        ]
    if not parsed.domain:
        return [
            Said(
                N_(
                    "{first} contains '.', so Docker takes it for a registry host, but it is "
                    "not a valid host name (hosts have no '_'). The grammar then accepts the "
                    "whole name as a repository path with no registry host at all, which is "
                    "unlikely to be what was meant."
                ),
                first=first,
            )
        ]
    if why == "localhost":
        notes = [Said(N_("localhost is always read as a registry host when a '/' follows it."))]
    elif why == "uppercase":
        notes = [
            Said(
                N_(
                    "{first} is read as a registry host because it contains an uppercase "
                    "letter (repository names are lowercase only)."
                ),
                first=first,
            )
        ]
    elif first == DEFAULT_DOMAIN:
        return [Said(N_("docker.io is Docker Hub."))]
    else:
        found = [repr(c) for c in ".:" if c in first]
        if len(found) == 2:
            notes = [
                Said(
                    N_("{first} is read as a registry host because it contains {a} and {b}."),
                    first=first,
                    a=found[0],
                    b=found[1],
                )
            ]
        else:
            notes = [
                Said(
                    N_("{first} is read as a registry host because it contains {a}."),
                    first=first,
                    a=found[0],
                )
            ]
    host, port = _host_and_port(parsed.domain)
    if host.startswith("["):
        notes.append(Said(N_("The registry host is the IPv6 address {ip}."), ip=host[1:-1]))
    if port is not None:
        notes.append(Said(N_("The registry is reached on port {port}."), port=port))
    if parsed.domain != parsed.domain.lower():
        notes.append(
            Said(
                N_(
                    "Docker keeps the registry host as written: names that differ only in the "
                    "case of the host are different references."
                )
            )
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


def error_notes(ref: str, err: ReferenceError) -> list[str]:
    """Notes on why `ref` was refused with `err` (Docker's own message stays in `err`)."""
    if err.code == "hex_identifier":
        return [
            Said(
                N_(
                    "A string of 64 hexadecimal characters is an image ID, not an image name. "
                    "Use the ID with commands that take one (docker run, docker inspect), or "
                    "pin a pull with name@sha256:<64 hex characters>."
                )
            )
        ]
    if err.code == "uppercase":
        notes = [
            Said(
                N_(
                    "Repository names must be lowercase. Only a registry host may contain "
                    "uppercase letters, and an uppercase first component followed by '/' is "
                    "read as a registry host."
                )
            )
        ]
        algorithm = ref.partition("@")[2].partition(":")[0]
        if ":" not in ref.partition("@")[0] and _go_lower(algorithm) != algorithm:
            notes.append(
                Said(
                    N_(
                        "Docker checks everything up to the first ':' here, which includes the "
                        "digest algorithm: write it in lowercase (sha256)."
                    )
                )
            )
        if not ref.isascii():
            notes.append(
                Said(
                    N_(
                        "The reference has non-ASCII characters; some of them, such as the "
                        "Kelvin sign, are taken for uppercase ASCII letters."
                    )
                )
            )
        return notes
    if err.code == "name_too_long":
        return [
            Said(
                N_(
                    "The repository path, not counting the registry host, is longer than "
                    "{limit} characters."
                ),
                limit=REPOSITORY_NAME_MAX_LENGTH,
            )
        ]
    if err.code == "digest_unsupported":
        return [
            Said(
                N_(
                    "The digest is well formed but its algorithm is not one Docker supports: "
                    "use sha256, sha384 or sha512."
                )
            )
        ]
    if err.code == "digest_invalid":
        lengths = ", ".join(f"{alg}: {n}" for alg, n in _DIGEST_HEX_LENGTHS.items())
        return [
            Said(
                N_(
                    "The digest's hexadecimal part must be lowercase and exactly as long as its "
                    "algorithm needs ({lengths} characters)."
                ),
                lengths=lengths,
            )
        ]
    return _format_notes(ref)


def _format_notes(ref: str) -> list[str]:
    """Say why ``ref`` does not fit the grammar (the "invalid reference format" case)."""
    if not ref:
        return [Said(N_("The reference is empty: give at least an image name, such as alpine."))]
    notes: list[str] = []
    if "://" in ref:
        notes.append(
            Said(
                N_(
                    "An image reference is not a URL: drop the scheme (such as https://) and "
                    "write host/repository:tag."
                )
            )
        )
    if any(c.isspace() or not c.isprintable() for c in ref):
        notes.append(Said(N_("The reference contains spaces or control characters.")))
    if not ref.isascii():
        notes.append(
            Said(
                N_(
                    "The reference contains non-ASCII characters; write internationalised host "
                    "names in punycode (xn--...)."
                )
            )
        )
    if notes:
        return notes
    if ref.count("@") > 1:
        return [Said(N_("Only one '@' is allowed: it introduces the digest."))]
    before, at, digest = ref.partition("@")
    if at and _DIGEST_RE.fullmatch(digest) is None:
        notes.append(
            Said(
                N_(
                    "{digest} is not a digest: write algorithm:hex with at least 32 hex "
                    "characters, such as sha256: followed by 64 lowercase hex characters."
                ),
                digest=repr(digest),
            )
        )
    name, tag = before, None
    head, colon, tail = before.rpartition(":")
    if colon and "/" not in tail:
        name, tag = head, tail
    if tag is not None and _TAG_RE.fullmatch(tag) is None:
        if not tag:
            notes.append(Said(N_("The ':' is not followed by a tag.")))
        elif len(tag) > 128:
            notes.append(Said(N_("The tag is longer than 128 characters.")))
        else:
            notes.append(
                Said(
                    N_(
                        "{tag} is not a valid tag: a tag is up to 128 letters, digits, '_', '.' "
                        "and '-', and does not start with '.' or '-'."
                    ),
                    tag=repr(tag),
                )
            )
    if not name:
        notes.append(Said(N_("The image name is missing.")))
        return notes
    if name.startswith("/") or name.endswith("/") or "//" in name:
        notes.append(
            Said(
                N_("The name has an empty component: check for '//' or a leading or trailing '/'.")
            )
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
                Said(
                    N_(
                        "{first} is read as a registry host but is not a valid host[:port]: "
                        "host labels are letters, digits and inner '-', a port is digits, and "
                        "an IPv6 address goes in [brackets] without a zone."
                    ),
                    first=repr(first),
                )
            )
    elif first.startswith("["):
        notes.append(
            Said(
                N_(
                    "{first} looks like a registry host, but a host must be followed by "
                    "'/' and a repository name."
                ),
                first=repr(first),
            )
        )
        return notes
    elif ":" in first:
        notes.append(
            Said(
                N_(
                    "Without a '/' only one ':' is allowed, before the tag; a registry host "
                    "with a port must be followed by '/' and a repository name."
                )
            )
        )
        return notes
    for component in components:
        if _PATH_COMPONENT_RE.fullmatch(component) is None:
            notes.append(
                Said(
                    N_(
                        "{component} is not a valid path component: use lowercase letters and "
                        "digits, joined by '.', '_', '__' or dashes, starting and ending with "
                        "a letter or digit."
                    ),
                    component=repr(component),
                )
            )
            break
    if not notes:
        notes.append(
            Said(N_("The text does not fit the grammar [host[:port]/]path[:tag][@algorithm:hex]."))
        )
    return notes
